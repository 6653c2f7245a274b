// The time series: one row per interval (1 s by default). Operations count in the interval in
// which they were invoked, so a bucket is closed only once every operation invoked in it can
// have completed (its end plus the longest an operation can take); replication lag counts when
// applied, network bytes when sent. Rows stream out as buckets close: only the open ones are
// held in memory.

import { Histogram } from '../histogram.ts';
import { OpStats } from './op-stats.ts';
import { DomainBucket, type DomainRow } from './timeseries-domains.ts';

/** Which part of the run an interval belongs to, by its start: warm-up, measured run, or settle. */
export type Phase = 'warmup' | 'run' | 'settle';

export interface TimeseriesRow {
  t_s: number;
  phase: Phase;
  reads: number;
  reads_ok: number;
  writes: number;
  writes_ok: number;
  availability_read: number | null;
  availability_write: number | null;
  read_latency_ms_p50: number | null;
  read_latency_ms_p99: number | null;
  write_latency_ms_p50: number | null;
  write_latency_ms_p99: number | null;
  stale_reads: number;
  replication_lag_ms_p50: number | null;
  replication_lag_ms_p99: number | null;
  replication_lag_ms_max: number | null;
  throttled: number;
  network_bytes: number;
  network_bytes_cross_az: number;
  /** The engine's own counters, summed over the interval (one column each). */
  [counter: string]: number | string | null;
}

/** The phase of the interval starting at `startUs`: before `warmupUs` warm-up, from `workloadEndUs` on settle. */
export function phaseAt(startUs: number, warmupUs: number, workloadEndUs: number): Phase {
  return startUs < warmupUs ? 'warmup' : startUs >= workloadEndUs ? 'settle' : 'run';
}

class Bucket {
  readonly ops = new OpStats();
  readonly lagMs = new Histogram();
  stale = 0;
  throttled = 0;
  bytes = 0;
  bytesCrossAz = 0;
  readonly counters = new Map<string, number>();
  readonly perDomain = new DomainBucket();
}

const q = (h: Histogram, p: number): number | null => (h.count === 0 ? null : h.quantile(p));

export class Timeseries {
  private open = new Map<number, Bucket>();
  private nextToClose = 0;
  private lastBytes = 0;
  private lastCross = 0;
  /** Availability per failure domain and lag per replica, one row per closed interval, for the report only (not in the csv rows). */
  readonly domainRows: DomainRow[] = [];

  constructor(
    private readonly intervalUs: number,
    /** The longest an operation can take (every attempt timing out, every backoff at its cap). */
    private readonly maxOpUs: number,
    private readonly emit: (row: TimeseriesRow) => void,
    /** The engine's counter names: each row has them all, 0 when nothing was counted. */
    private readonly counterNames: readonly string[] = [],
    /** Where warm-up ends and settle begins, for the `phase` column (no warm-up or settle by default). */
    private readonly phases: { warmupUs: number; workloadEndUs: number } = { warmupUs: 0, workloadEndUs: Number.POSITIVE_INFINITY },
    /** More columns for interval i, after the counters (per named workload: workload-figures.ts). */
    private readonly extraColumns?: (i: number) => Record<string, number>,
  ) {}

  private bucket(tUs: number): Bucket {
    const i = Math.floor(tUs / this.intervalUs);
    let b = this.open.get(i);
    if (b === undefined) {
      // A late event for a closed bucket would be lost; the close rule prevents it.
      this.open.set(i, (b = new Bucket()));
    }
    return b;
  }

  invoked(kind: 'read' | 'write', invokeUs: number): void {
    this.bucket(invokeUs).ops.of(kind).invoked++;
  }

  completed(kind: 'read' | 'write', invokeUs: number, ok: boolean, latencyMs: number, domain?: string): void {
    const b = this.bucket(invokeUs);
    if (domain !== undefined) b.perDomain.completed(domain, ok);
    const s = b.ops.of(kind);
    if (!ok) return;
    s.ok++;
    s.latencyMs.record(latencyMs);
  }

  staleRead(invokeUs: number): void {
    this.bucket(invokeUs).stale++;
  }

  lag(nowUs: number, lagMs: number, replica?: string): void {
    const b = this.bucket(nowUs);
    b.lagMs.record(lagMs);
    if (replica !== undefined) b.perDomain.lag(replica, lagMs);
  }

  throttled(nowUs: number): void {
    this.bucket(nowUs).throttled++;
  }

  /** Adds to a counter in the interval; a counter named `..._max` keeps the interval's largest value instead. */
  count(nowUs: number, counter: string, amount: number): void {
    const c = this.bucket(nowUs).counters;
    const was = c.get(counter);
    c.set(counter, isMaxCounter(counter) ? Math.max(was ?? amount, amount) : (was ?? 0) + amount);
  }

  /** At each interval boundary: attribute bytes sent since the last one, close what can close. */
  tick(nowUs: number, bytes: number, bytesCrossAz: number): void {
    const b = this.bucket(Math.max(0, nowUs - 1));
    b.bytes += bytes - this.lastBytes;
    b.bytesCrossAz += bytesCrossAz - this.lastCross;
    this.lastBytes = bytes;
    this.lastCross = bytesCrossAz;
    while ((this.nextToClose + 1) * this.intervalUs + this.maxOpUs <= nowUs) this.close(this.nextToClose++);
  }

  /** The run is over: close every bucket up to `endUs`. */
  finish(endUs: number): void {
    const last = Math.ceil(endUs / this.intervalUs);
    while (this.nextToClose < last) this.close(this.nextToClose++);
  }

  private close(i: number): void {
    const b = this.open.get(i) ?? new Bucket();
    this.open.delete(i);
    const r = b.ops.read;
    const w = b.ops.write;
    const row: TimeseriesRow = {
      t_s: (i * this.intervalUs) / 1e6,
      phase: phaseAt(i * this.intervalUs, this.phases.warmupUs, this.phases.workloadEndUs),
      reads: r.invoked,
      reads_ok: r.ok,
      writes: w.invoked,
      writes_ok: w.ok,
      availability_read: r.availability,
      availability_write: w.availability,
      read_latency_ms_p50: q(r.latencyMs, 0.5),
      read_latency_ms_p99: q(r.latencyMs, 0.99),
      write_latency_ms_p50: q(w.latencyMs, 0.5),
      write_latency_ms_p99: q(w.latencyMs, 0.99),
      stale_reads: b.stale,
      replication_lag_ms_p50: q(b.lagMs, 0.5),
      replication_lag_ms_p99: q(b.lagMs, 0.99),
      replication_lag_ms_max: b.lagMs.count === 0 ? null : b.lagMs.max,
      throttled: b.throttled,
      network_bytes: b.bytes,
      network_bytes_cross_az: b.bytesCrossAz,
    };
    // A sum is 0 in an interval where nothing was counted; a largest value is empty (none was seen).
    for (const name of this.counterNames) row[name] = b.counters.get(name) ?? (isMaxCounter(name) ? null : 0);
    if (this.extraColumns !== undefined) Object.assign(row, this.extraColumns(i));
    this.domainRows.push(b.perDomain.row((i * this.intervalUs) / 1e6));
    this.emit(row);
  }
}

/** A counter whose name ends in `_max` is a largest value (an age, a depth), not a sum. */
export function isMaxCounter(name: string): boolean {
  return name.endsWith('_max');
}
