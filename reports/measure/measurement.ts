// Measurement of one run: listens to the client history, the event log, replication-lag
// observations and failed attempts, and at the end turns them into the figures of DESIGN.md
// section 5. It judges from what clients saw and what the engine logged, never from the engine's
// own state, except the surviving value history used to count lost writes.

import type { HistoryEvent } from '../../sim/history.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import { Histogram } from '../histogram.ts';
import { OpStats } from './op-stats.ts';
import { StaleReads, PENDING, pendingAgeMs } from './stale-reads.ts';
import type { PendingRead } from './write-races.ts';
import { RACE_WINDOW_US } from './write-races.ts';
import { WriteRegistry } from './write-registry.ts';
import { WriteOutages } from './write-outage.ts';
import { FaultTimeline } from './fault-timeline.ts';
import { WriteRecovery } from './write-recovery.ts';
import { Timeseries, type TimeseriesRow, isMaxCounter } from './timeseries.ts';
import { countLostWrites, type LostWrites } from './lost-writes.ts';
import { Partitions } from './partitions.ts';
import { checkRun, type RunCheck } from './consistency-check.ts';
import { StreamingCheck } from './streaming-check.ts';
import { keyName } from '../../sim/key-chooser.ts';
import type { GroupFigures } from './group-figures.ts';
import { workloadFigures, type WorkloadGroups } from './workload-figures.ts';
import { regionFigures, type RegionGroups } from './region-figures.ts';
import { ReplicaJoins } from './replica-joins.ts';

/** A replica's oldest committed record it has not applied at the end of the run (what the engine reports). */
export interface EndBacklog {
  readonly replica: string;
  readonly oldestCommitUs: number;
}

export interface MeasurementConfig {
  warmupUs: number;
  /** End of the workload: no operation is invoked at or after it. */
  endUs: number;
  intervalUs: number;
  /** Upper bound on how long one operation can take. */
  maxOpUs: number;
  domainOf: (keyIndex: number) => string;
  /** The engine's counter names (extra time-series columns). */
  counters?: readonly string[];
  /** A client's name from its index (partition sides name clients). */
  clientName: (clientIndex: number) => string;
  /** Check the history for linearizability (default true). */
  checkLinearizability?: boolean;
  /** Rows of history held before the check closes windows (streaming-check.ts; tests make it small). */
  historyRetainRows?: number;
  /** Several named workloads: their names, and which one a client belongs to (figures per workload). */
  workloads?: WorkloadGroups;
  /** Several regions (`regions:`): their names, and which one a client is in (figures per region). */
  regions?: RegionGroups;
}

type Pending = ReturnType<WriteOutages['invoked']>;

export class Measurement {
  readonly ops = new OpStats();
  readonly writes: WriteRegistry;
  readonly stale: StaleReads;
  readonly outages: WriteOutages;
  readonly faults = new FaultTimeline();
  /** Per-client write outages: when writes came back for every client (the measured RTO). */
  readonly recovery = new WriteRecovery();
  readonly partitions = new Partitions();
  /** The history's open windows, compactly, for the linearizability check (null when it is off). */
  readonly history: StreamingCheck | null;
  /** The linearizability verdict, once finish() ran (null when the check is off). */
  check: RunCheck | null = null;
  /** Replication lag: every apply except a (re)joining replica's catch-up, and the backlogs left at the end. */
  readonly lagMs = new Histogram();
  /** Applies that were a (re)joining replica's catch-up (not lag: replica-joins.ts). */
  catchUpApplies = 0;
  private readonly joins = new ReplicaJoins();
  readonly timeseries: Timeseries;
  throttled = 0;
  /** Operations already counted as throttled (weakly held: an operation is gone once it ends). */
  private readonly throttledOps = new WeakSet<object>();
  private sawEventualRead = false;
  /** Totals of the engine's counters over the measurement window. */
  readonly counterTotals = new Map<string, number>();
  /** Writes in flight in the window: their handles in the domain's outages and the client's. */
  private inFlightWrites = new Map<number, { domain: Pending; client: Pending }>();
  /** Figures per named workload; null for a run with one workload. */
  readonly perWorkload: GroupFigures | null;
  /** Figures per region; null for a run in one region. */
  readonly perRegion: GroupFigures | null;

  constructor(
    private readonly cfg: MeasurementConfig,
    emitRow: (row: TimeseriesRow) => void,
  ) {
    this.writes = new WriteRegistry(cfg.maxOpUs);
    this.stale = new StaleReads(this.writes, cfg.maxOpUs, (p) => this.staleLater(p));
    this.history = cfg.checkLinearizability === false ? null : new StreamingCheck(keyName, cfg.historyRetainRows);
    this.outages = new WriteOutages((span) => this.faults.outage(span, cfg.endUs));
    // A row closes once the reads invoked in it have their verdicts: a read waiting on a race is
    // decided within RACE_WINDOW_US and the longest operation after it ended.
    const w = cfg.workloads;
    const at = { warmupUs: cfg.warmupUs, intervalUs: cfg.intervalUs, domainOf: cfg.domainOf };
    this.perWorkload = w === undefined ? null : workloadFigures(w, at);
    this.perRegion = cfg.regions === undefined ? null : regionFigures(cfg.regions, at);
    const groups = [this.perWorkload, this.perRegion].filter((g) => g !== null);
    const extra = groups.length === 0 ? undefined : (i: number) => Object.assign({}, ...groups.map((g) => g.columns(i))) as Record<string, number>;
    this.timeseries = new Timeseries(cfg.intervalUs, 2 * cfg.maxOpUs + cfg.intervalUs + RACE_WINDOW_US, emitRow, cfg.counters ?? [], { warmupUs: cfg.warmupUs, workloadEndUs: cfg.endUs }, extra);
    for (const name of cfg.counters ?? []) this.counterTotals.set(name, 0);
  }

  private inWindow(invokeUs: number): boolean {
    return invokeUs >= this.cfg.warmupUs;
  }

  readonly onHistory = (e: HistoryEvent): void => {
    this.stale.due(e.timeUs);
    const op = e.op;
    // A query by index key read the index's copy, not the base key: the consistency check and the
    // stale-read figure leave it out (the engine counts its staleness: gsi_queries_stale).
    const query = op.index === true;
    if (!query) this.history?.record(e);
    this.perWorkload?.onHistory(e);
    this.perRegion?.onHistory(e);
    const kind = op.kind;
    if (e.type === 'invoke') {
      if (kind === 'read' && op.consistency === 'eventual' && !query) this.sawEventualRead = true;
      this.timeseries.invoked(kind, e.timeUs);
      if (this.inWindow(e.timeUs)) this.ops.of(kind).invoked++;
      if (kind === 'write') {
        this.writes.invoked(op.value!, op.keyIndex, e.timeUs);
        if (this.inWindow(e.timeUs)) {
          const domain = this.outages.invoked(this.cfg.domainOf(op.keyIndex), e.timeUs);
          this.inFlightWrites.set(op.id, { domain, client: this.recovery.invoked(op.clientIndex, e.timeUs) });
        }
      }
      return;
    }
    const ok = e.type === 'ok';
    const latencyMs = (e.timeUs - op.invokeUs) / 1000;
    const domain = this.cfg.domainOf(op.keyIndex);
    this.timeseries.completed(kind, op.invokeUs, ok, latencyMs, domain);
    if (this.partitions.records.length > 0) this.partitions.completed(this.cfg.clientName(op.clientIndex), op.invokeUs, ok, this.cfg.endUs);
    if (kind === 'write') {
      if (ok) this.writes.acknowledged(op.value!, e.timeUs);
      else this.writes.ended(op.value!);
      const p = this.inFlightWrites.get(op.id);
      if (p !== undefined) {
        this.inFlightWrites.delete(op.id);
        this.outages.completed(domain, p.domain, ok);
        this.recovery.completed(op.clientIndex, p.client, ok);
      }
    }
    // Stale reads are judged for every read (the time series covers the warm-up too), and
    // counted in the figures only inside the measurement window.
    const staleAgeMs = ok && kind === 'read' && !query ? this.stale.judge(op.keyIndex, op.invokeUs, e.value, op.consistency === 'strong', op.clientIndex) : -1;
    if (staleAgeMs >= 0) this.timeseries.staleRead(op.invokeUs);
    if (!this.inWindow(op.invokeUs)) return;
    const s = this.ops.of(kind);
    if (ok) {
      s.ok++;
      s.latencyMs.record(latencyMs);
      if (kind === 'read' && !query) this.stale.count(staleAgeMs === PENDING ? -1 : staleAgeMs);
      if (staleAgeMs >= 0) {
        this.staleInWindow(op.invokeUs, op.consistency === 'strong');
        this.perRegion?.staleRead(op.clientIndex, staleAgeMs);
      }
    } else if (e.type === 'fail') s.failed++;
    else s.unknown++;
  };

  /** A read whose verdict waited on a race (already counted as an ok read). */
  private staleLater(p: PendingRead): void {
    const ageMs = pendingAgeMs(p);
    if (ageMs < 0) return;
    this.timeseries.staleRead(p.invokeUs);
    if (!this.inWindow(p.invokeUs)) return;
    this.stale.countLate(ageMs);
    this.staleInWindow(p.invokeUs, p.strong);
    this.perRegion?.staleRead(p.clientIndex, ageMs);
  }

  private staleInWindow(invokeUs: number, strong: boolean): void {
    this.faults.staleRead(invokeUs, this.cfg.endUs);
    if (strong) this.partitions.staleStrongRead(invokeUs, this.cfg.endUs);
  }

  readonly onEvent = (e: SimEvent): void => {
    this.faults.event(e);
    this.partitions.event(e);
    this.joins.event(e);
  };

  replicationLag(nowUs: number, lagUs: number, replica?: string): void {
    if (this.joins.isCatchUp(replica, nowUs - lagUs)) {
      this.catchUpApplies++;
      return;
    }
    const ms = lagUs / 1000;
    this.timeseries.lag(nowUs, ms, replica);
    if (nowUs >= this.cfg.warmupUs) this.lagMs.record(ms);
  }

  /**
   * `throttled` counts operations, not attempts (DESIGN.md section 5: throttled operations): an
   * operation counts once, at its first throttled attempt, however often its retries are throttled.
   */
  attemptFailed(nowUs: number, error: string, op: object): void {
    if (error !== 'throttled' || this.throttledOps.has(op)) return;
    this.throttledOps.add(op);
    this.timeseries.throttled(nowUs);
    if (nowUs >= this.cfg.warmupUs) this.throttled++;
  }

  count(nowUs: number, counter: string, amount: number): void {
    this.timeseries.count(nowUs, counter, amount);
    if (nowUs >= this.cfg.warmupUs) {
      const was = this.counterTotals.get(counter) ?? 0;
      this.counterTotals.set(counter, isMaxCounter(counter) ? Math.max(was, amount) : was + amount);
    }
  }

  tick(nowUs: number, bytes: number, bytesCrossAz: number): void {
    this.stale.due(nowUs);
    this.timeseries.tick(nowUs, bytes, bytesCrossAz);
  }

  /** The run is over: close write outages still open at the workload's end, the time series, and count lost writes. */
  finish(runEndUs: number, surviving: (keyIndex: number) => Iterable<number>, bytes?: number, bytesCrossAz?: number, backlog: readonly EndBacklog[] = []): LostWrites {
    // A backlog that never drained is lag still growing: its age at the end counts (in the last interval).
    for (const b of backlog) this.replicationLag(runEndUs - 1, runEndUs - 1 - b.oldestCommitUs, b.replica);
    this.outages.finish(this.cfg.endUs);
    this.recovery.finish(this.cfg.endUs);
    this.perWorkload?.finish(this.cfg.endUs);
    this.perRegion?.finish(this.cfg.endUs);
    this.stale.finish();
    // Bytes sent after the last whole interval belong to the last (partial) row.
    if (bytes !== undefined) this.timeseries.tick(runEndUs, bytes, bytesCrossAz ?? 0);
    this.timeseries.finish(runEndUs);
    const lost = countLostWrites(this.writes, surviving);
    if (this.history !== null) {
      const splitsUs = this.partitions.records.map((r) => [r.startUs, r.endUs ?? runEndUs] as const);
      this.check = checkRun(this.history, undefined, this.cfg.clientName, splitsUs);
      // Eventual reads are allowed to be stale, so a violation is a CAP anomaly only when every
      // read asked for strong consistency.
      const w = this.check.windowUs;
      if (w !== undefined && !this.sawEventualRead) this.partitions.violation(w[0], w[1], this.cfg.endUs);
    }
    for (const l of lost.lost) {
      this.faults.lostWrite(this.writes.invokeOf(l.value), l.ackUs, this.cfg.endUs);
      this.partitions.lostWrite(l.ackUs, this.cfg.endUs);
    }
    return lost;
  }
}
