// Figures per group of clients: per named workload (`workloads:`) or per region (`regions:`).
// Each group's operation counts, availability, latency and longest write outage over the
// measurement window, its own summary.csv row after the overall one, and per time-series interval
// its operations invoked and succeeded (columns `<group>_ops`, `<group>_ops_ok`). A group that
// follows staleness (regions: where a client reads from decides what it sees) also counts its
// stale reads and their ages. The overall figures stay those of every operation.
// Leaves out: per-group lost writes and linearizability (those are the run's: a write belongs to
// its key, not to the client that wrote it).

import type { HistoryEvent } from '../../sim/history.ts';
import { Histogram } from '../histogram.ts';
import { OpStats } from './op-stats.ts';
import { WriteOutages } from './write-outage.ts';
import type { SummaryRow } from '../summary-columns.ts';

type Pending = ReturnType<WriteOutages['invoked']>;

export interface GroupFiguresConfig {
  names: readonly string[];
  /** Which group a client belongs to (an index into `names`). */
  groupOf: (clientIndex: number) => number;
  warmupUs: number;
  intervalUs: number;
  domainOf: (keyIndex: number) => string;
  /** A group's row name in summary.csv (`<scenario>/<workload>`, `<scenario>@<region>`). */
  rowName: (scenario: string, group: string) => string;
  /** Whether the rows carry the group's stale reads (stale_reads, stale_read_ratio, staleness_ms_*). */
  staleness?: boolean;
}

export class GroupFigures {
  readonly ops: OpStats[];
  readonly outages: WriteOutages[];
  private readonly staleAgeMs: Histogram[];
  /** Per open interval: invoked and ok per group, [invoked0, ok0, invoked1, ok1, ...]. */
  private buckets = new Map<number, number[]>();
  private inFlight = new Map<number, Pending>();

  constructor(private readonly cfg: GroupFiguresConfig) {
    this.ops = cfg.names.map(() => new OpStats());
    this.outages = cfg.names.map(() => new WriteOutages());
    this.staleAgeMs = cfg.staleness === true ? cfg.names.map(() => new Histogram()) : [];
  }

  private bucket(invokeUs: number): number[] {
    const i = Math.floor(invokeUs / this.cfg.intervalUs);
    let b = this.buckets.get(i);
    if (b === undefined) this.buckets.set(i, (b = new Array<number>(2 * this.cfg.names.length).fill(0)));
    return b;
  }

  readonly onHistory = (e: HistoryEvent): void => {
    const op = e.op;
    const w = this.cfg.groupOf(op.clientIndex);
    if (e.type === 'invoke') {
      this.bucket(e.timeUs)[2 * w]++;
      if (e.timeUs < this.cfg.warmupUs) return;
      this.ops[w].of(op.kind).invoked++;
      if (op.kind === 'write') this.inFlight.set(op.id, this.outages[w].invoked(this.cfg.domainOf(op.keyIndex), e.timeUs));
      return;
    }
    const ok = e.type === 'ok';
    if (ok) this.bucket(op.invokeUs)[2 * w + 1]++;
    if (op.invokeUs < this.cfg.warmupUs) return;
    const s = this.ops[w].of(op.kind);
    if (ok) {
      s.ok++;
      s.latencyMs.record((e.timeUs - op.invokeUs) / 1000);
    } else if (e.type === 'fail') s.failed++;
    else s.unknown++;
    const p = this.inFlight.get(op.id);
    if (p !== undefined) {
      this.inFlight.delete(op.id);
      this.outages[w].completed(this.cfg.domainOf(op.keyIndex), p, ok);
    }
  };

  /** A stale read by a client, in the measurement window, `ageMs` old (ignored unless the groups follow staleness). */
  staleRead(clientIndex: number, ageMs: number): void {
    this.staleAgeMs[this.cfg.groupOf(clientIndex)]?.record(ageMs);
  }

  /** The time-series columns of interval `i` (then forgotten: the interval is closed). */
  columns(i: number): Record<string, number> {
    const b = this.buckets.get(i);
    this.buckets.delete(i);
    const out: Record<string, number> = {};
    this.cfg.names.forEach((name, w) => {
      out[`${name}_ops`] = b?.[2 * w] ?? 0;
      out[`${name}_ops_ok`] = b?.[2 * w + 1] ?? 0;
    });
    return out;
  }

  /** The workload's end: close open outages. */
  finish(endUs: number): void {
    for (const o of this.outages) o.finish(endUs);
  }

  /** One summary row per group: its own figures, every run-wide figure left empty. */
  rows(base: { scenario: string; engine: string; seed: number; windowUs: number }, columns: readonly string[]): SummaryRow[] {
    return this.cfg.names.map((name, w) => {
      const { read: r, write: wr } = this.ops[w];
      const longest = this.outages[w].longest;
      const q = (h: Histogram, p: number) => (h.count === 0 ? null : h.quantile(p));
      const row: Record<string, number | string | null> = Object.fromEntries(columns.map((c) => [c, null]));
      Object.assign(row, {
        scenario: this.cfg.rowName(base.scenario, name),
        engine: base.engine,
        seed: base.seed,
        ops: r.invoked + wr.invoked,
        ops_ok: r.ok + wr.ok,
        ops_failed: r.failed + wr.failed,
        ops_unknown: r.unknown + wr.unknown,
        reads: r.invoked,
        writes: wr.invoked,
        throughput_ops_s: base.windowUs > 0 ? (r.ok + wr.ok) / (base.windowUs / 1e6) : null,
        availability_read: r.availability,
        availability_write: wr.availability,
        write_outage_s: wr.invoked === 0 ? null : longest === null ? 0 : (longest.endUs - longest.startUs) / 1e6,
        read_latency_ms_p50: q(r.latencyMs, 0.5),
        read_latency_ms_p99: q(r.latencyMs, 0.99),
        read_latency_ms_max: r.latencyMs.count === 0 ? null : r.latencyMs.max,
        write_latency_ms_p50: q(wr.latencyMs, 0.5),
        write_latency_ms_p99: q(wr.latencyMs, 0.99),
        write_latency_ms_max: wr.latencyMs.count === 0 ? null : wr.latencyMs.max,
      });
      const ages = this.staleAgeMs[w];
      if (ages !== undefined) {
        // As the run's figures (summary.ts): the ratio over ok reads, the ages 0 when none was stale.
        const age = (f: (h: Histogram) => number) => (r.ok === 0 ? null : ages.count === 0 ? 0 : f(ages));
        Object.assign(row, {
          stale_reads: r.invoked === 0 ? null : ages.count,
          stale_read_ratio: r.ok === 0 ? null : ages.count / r.ok,
          staleness_ms_p99: age((h) => h.quantile(0.99)),
          staleness_ms_max: age((h) => h.max),
        });
      }
      return row as SummaryRow;
    });
  }
}
