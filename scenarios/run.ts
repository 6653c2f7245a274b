// Wires one scenario into one run: the simulation kernel, the engine, the clients and their
// workload, the fault schedule and the measurement; runs the workload, heals the faults, lets
// the system settle, then asks the engine what survived and turns it all into figures.
// It touches no file and no clock: outputs leave through the sinks the caller passes.

import { Sim } from '../sim/sim.ts';
import { allAzs, type RegionPlace } from '../sim/regions.ts';
import { OpRunner } from '../sim/client.ts';
import { OpNumbering, Workload } from '../sim/workload.ts';
import { phaseSegments } from '../sim/load-phases.ts';
import { FaultSchedule } from '../sim/faults.ts';
import { keyChooser } from '../sim/key-chooser.ts';
import { invariant } from '../sim/invariant.ts';
import type { HistoryEvent } from '../sim/history.ts';
import type { SimEvent } from '../sim/event-log.ts';
import type { Engine } from '../engines/engine.ts';
import { Measurement } from '../reports/measure/measurement.ts';
import type { TimeseriesRow } from '../reports/measure/timeseries.ts';
import { endOf, type FaultRecord } from '../reports/measure/fault-timeline.ts';
import { summaryRow } from '../reports/summary.ts';
import { overallVerdict } from '../reports/measure/partitions.ts';
import { FAULT_COLUMNS, faultRows } from '../reports/fault-table.ts';
import { defaultDisruption } from '../reports/policy/disruption-type.ts';
import { complianceCells, overallCompliance, policyComplianceRows, POLICY_FAULT_COLUMNS, rpoUsOf, type FaultCompliance } from '../reports/policy/fault-compliance.ts';
import type { Compliance, ResiliencyPolicy } from '../reports/policy/resiliency-policy.ts';
import { checkExpectations, type ExpectationResult } from '../reports/expectations.ts';
import { SUMMARY_COLUMNS, type SummaryRow } from '../reports/summary-columns.ts';
import type { Scenario, WorkloadConfig } from './format/scenario.ts';
import type { Sim as SimKernel } from '../sim/sim.ts';
import type { Scheduler } from '../sim/scheduler.ts';
import type { SimClient } from '../sim/client.ts';
import { CachedEngine } from '../engines/cache/cached-engine.ts';
import { topologyPlan } from './topology-plan.ts';
import { cacheHitRatio } from '../engines/cache/hit-ratio.ts';
import type { DomainRow } from '../reports/measure/timeseries-domains.ts';

export interface RunSinks {
  history?(e: HistoryEvent, clientName: string): void;
  timeseries?(row: TimeseriesRow): void;
  event?(e: SimEvent): void;
  /** Simulated progress in [0, 1], about once per time-series interval. */
  progress?(fraction: number): void;
  /** The engine, once built (tests read its state after the run). */
  engine?(engine: Engine): void;
}

export interface RunOptions {
  /** Time-series bucket width (default 1 s). */
  intervalUs?: number;
  /** Check the history for linearizability (default true). */
  checkLinearizability?: boolean;
  /** History rows held before the check closes windows (reports/measure/streaming-check.ts). */
  historyRetainRows?: number;
  sinks?: RunSinks;
}

export interface RunResult {
  summary: SummaryRow;
  /** The failing window, readable, when the history is not linearizable. */
  violation: string | null;
  faults: FaultRecord[];
  /** faults.csv rows, and its columns (the policy's come after the standard ones when there is one). */
  faultRows: Record<string, unknown>[];
  faultColumns: readonly string[];
  /** The run judged against the scenario's resiliency policy; null without one. */
  policy: PolicyVerdict | null;
  expectations: ExpectationResult[];
  passed: boolean;
  simEvents: number;
  /** Availability per failure domain and lag per replica per interval, for report.html only. */
  domainSeries: DomainRow[];
  /** With named workloads, one summary row each (`<scenario>/<workload>`, run-wide figures empty); else empty. */
  workloadRows: SummaryRow[];
  /** With `regions:`, one summary row per region (its clients' figures), after the workloads' rows. */
  regionRows: SummaryRow[];
  /**
   * Bytes sent between regions after the warm-up (the inter-region transfer AWS bills per GB); 0
   * with one region. Not a summary.csv column yet: the global features will report it.
   */
  crossRegionBytes: number;
  /** A DynamoDB global table's acknowledged writes lost to last writer wins over the whole run (its conflicts_lost counter); null for any other engine. */
  conflictsLost: number | null;
}

/** Longest one operation can take: every attempt timing out, every backoff at its cap. */
export function maxOperationUs(s: Scenario): number {
  const r = s.workload.retry;
  return r.attempts * r.timeoutUs + Math.max(0, r.attempts - 1) * r.maxBackoffUs;
}

export interface PolicyVerdict {
  policy: ResiliencyPolicy;
  compliance: Compliance;
  faults: FaultCompliance[];
}

export interface EngineObserver {
  replicationLag(replica: string, lagUs: number): void;
  count(counter: string, amount: number): void;
  valueDurable?(value: number): void;
  valueUnreadable?(value: number): void;
}

const IGNORE: EngineObserver = { replicationLag: () => {}, count: () => {} };

/** Builds the simulation and the engine for a scenario, without running anything. */
export function buildTopology(s: Scenario, seed: number, observer: EngineObserver = IGNORE): { sim: Sim; engine: Engine } {
  const plan = topologyPlan(s);
  const sim = new Sim(seed, s.region);
  // A cache the engine models itself (DAX) is turned on through the engine's own options (the plan's).
  const engine = plan.db.factory.create(
    { sim, keyCount: s.workload.keyCount, replicationLag: (r, lag) => observer.replicationLag(r, lag), count: (c, a) => observer.count(c, a), valueDurable: observer.valueDurable,
      // A cache in front may still serve a value the database replaced: only the database alone can say none is readable.
      valueUnreadable: plan.cache === null ? observer.valueUnreadable : undefined,
      // Only when some workload queries an index, so every other run's engine context is as before.
      ...((s.workloads ?? [s.workload]).some(queries) ? { queries: true } : {}) },
    plan.db.options,
  );
  if (plan.cache === null || s.cache === null) return { sim, engine };
  // A cache in front: a second engine, composed with the database through the contract.
  const cache = plan.cache.factory.create({ sim, keyCount: s.workload.keyCount, replicationLag: () => {}, count: (c, a) => observer.count(`cache_${c}`, a) }, plan.cache.options);
  return { sim, engine: new CachedEngine(engine, cache, s.cache, sim.scheduler, (c, a) => observer.count(c, a)) };
}

export function runScenario(s: Scenario, opts: RunOptions = {}): RunResult {
  const seed = s.seed;
  const intervalUs = opts.intervalUs ?? 1_000_000;
  const sinks = opts.sinks ?? {};
  const endUs = s.durationUs;
  let measurement: Measurement | null = null;
  let conflictsLost = 0;
  const { sim, engine } = buildTopology(s, seed, {
    replicationLag: (replica, lagUs) => measurement!.replicationLag(sim.scheduler.now, lagUs, replica),
    count: (counter, amount) => {
      // A global table's conflicts over the whole run, as lost_writes counts them (the totals are the window's).
      if (counter === 'conflicts_lost') conflictsLost += amount;
      measurement!.count(sim.scheduler.now, counter, amount);
    },
    // What the engine settles for good lets the measurement forget those writes (write-registry.ts).
    valueDurable: (value) => measurement!.writes.valueDurable(value),
    valueUnreadable: (value) => measurement!.writes.valueUnreadable(value, sim.scheduler.now),
  });
  measurement = new Measurement(
    { warmupUs: s.warmupUs, endUs, intervalUs, maxOpUs: maxOperationUs(s), domainOf: (k) => engine.domainOf(k), counters: engine.counters?.() ?? [], clientName: (i) => sim.clients[i].name, checkLinearizability: opts.checkLinearizability, historyRetainRows: opts.historyRetainRows,
      ...(s.workloads === undefined ? {} : { workloads: { names: s.workloads.map((w) => w.name), workloadOf: workloadOfClient(s.workloads) } }),
      ...(s.region.regions === undefined ? {} : { regions: regionGroups(s.region.regions, (i) => sim.clients[i].az) }) },
    (row) => sinks.timeseries?.(row),
  );
  const sched = sim.scheduler;

  // Clients, spread over AZs as the scenario places them.
  for (const p of s.workload.clients) {
    for (let i = 0; i < p.count; i++) sim.createClient(`client-${sim.clients.length + 1}`, p.az);
  }
  for (const c of sim.clients) c.driver = engine.driver(c);
  sinks.engine?.(engine);

  sim.history.listen(measurement.onHistory);
  if (sinks.history !== undefined) {
    const h = sinks.history;
    sim.history.listen((e) => h(e, sim.clients[e.op.clientIndex].name));
  }
  sim.events.listen(measurement.onEvent);
  if (sinks.event !== undefined) sim.events.listen(sinks.event);

  const onAttemptFailed = (op: object, error: string) => measurement.attemptFailed(sched.now, error, op);
  const runner = new OpRunner(sched, sim.history, s.workload.retry, sim.rng('client/retry'), onAttemptFailed);
  let workloads: Workload[];
  // Queries ask for the workload's read consistency only where the engine's index allows it (an LSI).
  const queryConsistency = engine.strongQueries?.() === true ? undefined : 'eventual';
  if (s.workloads === undefined) {
    workloads = [buildWorkload(sim, s.workload, sim.clients, runner, endUs, 'workload', undefined, 0, queryConsistency)];
  } else {
    // Named workloads: each its own clients (in file order), retries and random streams; one numbering.
    const numbering = new OpNumbering();
    let first = 0;
    workloads = s.workloads.map((w) => {
      const count = w.clients.reduce((n, p) => n + p.count, 0);
      const own = sim.clients.slice(first, (first += count));
      const r = new OpRunner(sched, sim.history, w.retry, sim.rng(`workload/${w.name}/retry`), onAttemptFailed);
      return buildWorkload(sim, w, own, r, endUs, `workload/${w.name}`, numbering, w.keyOffset, queryConsistency);
    });
  }
  const faults = new FaultSchedule(
    { scheduler: sched, network: sim.network, events: sim.events, azs: allAzs(s.region), clients: sim.clients, nodes: () => engine.nodes(), operatorFailover: (n) => engine.operatorFailover(n), switchover: (n, loss) => engine.switchover?.(n, loss),
      pauseReplication: (r) => engine.pauseReplication?.(r) ?? (() => {}) },
    s.faults,
  );

  // Network bytes count from the end of the warm-up; the time series samples every interval.
  let bytesAtWarmup = 0;
  let crossAtWarmup = 0;
  let betweenAtWarmup = 0;
  let crossRegionAtWarmup = 0;
  sched.at(s.warmupUs, () => {
    crossRegionAtWarmup = sim.network.bytesCrossRegion;
    bytesAtWarmup = sim.network.bytesTotal;
    crossAtWarmup = sim.network.bytesCrossAz;
    betweenAtWarmup = sim.network.bytesBetweenNodes;
  });
  const runEndUs = endUs + s.settleUs;
  const tick = () => {
    measurement.tick(sched.now, sim.network.bytesTotal, sim.network.bytesCrossAz);
    sinks.progress?.(sched.now / runEndUs);
    if (sched.now + intervalUs <= runEndUs) sched.after(intervalUs, tick);
  };
  sched.at(intervalUs, tick);

  for (const w of workloads) w.start();
  faults.start();
  sched.runUntil(endUs);
  faults.healAll();
  sched.runUntil(runEndUs);

  const invoked = workloads.reduce((n, w) => n + w.invoked, 0);
  invariant(sim.history.length === 2 * invoked || s.settleUs < maxOperationUs(s), `history has ${sim.history.length} events for ${invoked} operations after settling (seed ${seed})`);
  const lost = measurement.finish(runEndUs, (k) => engine.survivingValues(k), sim.network.bytesTotal, sim.network.bytesCrossAz, engine.replicationBacklog?.() ?? []);
  const summary = summaryRow(measurement, lost, {
    scenario: s.name,
    engine: s.engine.type,
    seed,
    windowUs: endUs - s.warmupUs,
    networkBytes: sim.network.bytesTotal - bytesAtWarmup,
    networkBytesCrossAz: sim.network.bytesCrossAz - crossAtWarmup,
    bytesBetweenNodes: sim.network.bytesBetweenNodes - betweenAtWarmup,
    simEvents: sched.executed,
    linearizable: measurement.check === null ? null : measurement.check.linearizable,
    anomaly: measurement.check?.anomaly?.label ?? null,
    capDuringPartition: overallVerdict(measurement.partitions.records),
    cacheHitRatio: s.cache === null ? null : cacheHitRatio(measurement.counterTotals, engine),
  });
  const records = measurement.faults.faults;
  // The measured RTO of each fault; an AZ or region outage's own clients are left out (they stop taking work).
  const rtoUs = records.map((f) => {
    const spec = s.faults[f.index];
    const counts =
      spec?.kind === 'az-outage' ? (c: number) => sim.clients[c].az !== spec.az : spec?.kind === 'region-outage' ? (c: number) => !spec.azs.includes(sim.clients[c].az) : undefined;
    return measurement.recovery.recovery(f.startUs, endOf(f) ?? endUs, counts).rtoUs;
  });
  const rows = faultRows(records, measurement.partitions.records);
  const figures = rows.map((r, i) => ({ ...r, current_rto_s: rtoUs[i] === null ? null : rtoUs[i]! / 1e6, current_rpo_s: rpoUsOf(records[i]) / 1e6 }));
  const workloadRows = measurement.perWorkload?.rows({ scenario: s.name, engine: s.engine.type, seed, windowUs: endUs - s.warmupUs }, SUMMARY_COLUMNS) ?? [];
  const byWorkload = new Map((s.workloads ?? []).map((w, i) => [w.name, workloadRows[i] as Readonly<Record<string, unknown>>]));
  const regionRows = measurement.perRegion?.rows({ scenario: s.name, engine: s.engine.type, seed, windowUs: endUs - s.warmupUs }, SUMMARY_COLUMNS) ?? [];
  const byRegion = new Map((s.region.regions ?? []).map((r, i) => [r.name, regionRows[i] as Readonly<Record<string, unknown>>]));
  const expectations = checkExpectations(summary, s.expect, figures, byWorkload, byRegion);
  let policy: PolicyVerdict | null = null;
  if (s.policy !== undefined) {
    const types = records.map((f) => s.disruptions?.[f.index] ?? defaultDisruption(s.faults[f.index], allAzs(s.region)));
    const judged = policyComplianceRows(records, rtoUs, types, s.policy);
    policy = { policy: s.policy, compliance: overallCompliance(judged), faults: judged };
    judged.forEach((c, i) => Object.assign(rows[i], complianceCells(c)));
  }
  const faultColumns = policy === null ? FAULT_COLUMNS : [...FAULT_COLUMNS, ...POLICY_FAULT_COLUMNS];
  // A breached policy fails the run as a failed expectation does.
  const passed = expectations.every((e) => e.ok) && policy?.compliance !== 'PolicyBreached';
  return { summary, violation: measurement.check?.rendered ?? null, faults: records, faultRows: rows, faultColumns, policy, expectations, passed, simEvents: sched.executed, domainSeries: measurement.timeseries.domainRows,
    workloadRows, regionRows, crossRegionBytes: sim.network.bytesCrossRegion - crossRegionAtWarmup,
    conflictsLost: engine.counters?.().includes('conflicts_lost') === true ? conflictsLost : null };
}

/** One workload over its own clients; `streams` names its random streams ('workload' for a scenario's only one). */
function buildWorkload(sim: SimKernel, w: WorkloadConfig, clients: SimClient[], runner: OpRunner, endUs: number, streams: string, numbering?: OpNumbering, keyOffset = 0, queryConsistency?: 'eventual'): Workload {
  const keys = sim.rng(`${streams}/keys`);
  const segments = w.phases === undefined ? undefined : phaseSegments(w.phases);
  // Each phase with its own key distribution gets its own chooser, over the same key stream.
  const phases = segments === undefined ? undefined : { segments, choosers: segments.map((seg) => (seg.keyDistribution === undefined ? null : keyChooser(w.keyCount, seg.keyDistribution, keys))) };
  const sched: Scheduler = sim.scheduler;
  return new Workload(
    sched,
    runner,
    clients,
    { load: w.load, readFraction: w.readFraction, ...(w.queryFraction === undefined ? {} : { queryFraction: w.queryFraction }), ...(queries(w) ? { queryConsistency: queryConsistency ?? w.consistency } : {}), consistency: w.consistency, valueSizeBytes: w.valueSizeBytes, endUs, ...(phases === undefined ? {} : { phases }), keyOffset },
    keyChooser(w.keyCount, w.keyDistribution, keys),
    sim.rng(`${streams}/arrivals`),
    sim.rng(`${streams}/ops`),
    numbering,
  );
}

/** Client index -> workload index, clients numbered in workload order. */
/** Whether a workload queries an index: in its mix, or in some phase's. */
function queries(w: WorkloadConfig): boolean {
  return (w.queryFraction ?? 0) > 0 || (w.phases ?? []).some((p) => (p.queryFraction ?? 0) > 0);
}

/** Regions as groups of clients: their names, and the region of a client's AZ. */
function regionGroups(regions: readonly RegionPlace[], azOf: (clientIndex: number) => string): { names: string[]; regionOf: (clientIndex: number) => number } {
  const byAz = new Map(regions.flatMap((r, i) => r.azs.map((az) => [az, i] as const)));
  return { names: regions.map((r) => r.name), regionOf: (c) => byAz.get(azOf(c)) ?? 0 };
}

function workloadOfClient(ws: readonly { clients: { count: number }[] }[]): (clientIndex: number) => number {
  const of: number[] = [];
  ws.forEach((w, i) => {
    for (const p of w.clients) for (let k = 0; k < p.count; k++) of.push(i);
  });
  return (c) => of[c];
}
