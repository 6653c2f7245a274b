// An up-front estimate of what running a scenario costs: operations, simulated events, memory,
// history.jsonl bytes and wall time, from the scenario and the time-series interval alone (and the
// topology's node count). `faultline validate` prints it; `run` and `sweep` refuse a scenario
// whose estimate is over a soft limit unless --yes, and one over an absolute limit always.
//
// The coefficients were calibrated by running the bundled scenarios on the project's 2-core
// machine (docs/limits.md, "How the estimate is calibrated"): per operation 4-14 simulated events
// by engine (more with replicas: each write is replayed on each), 227-1,308 bytes of peak heap
// (median 353), 293-564 bytes of history (median 316); 230,000-1,500,000 events per second of
// wall time on an idle machine, the whole run included (median 560,000; 400,000 is used). The
// estimate is meant to be right within a factor of about 3: enough to
// tell a minute from a day and megabytes from terabytes, which is what the limits need.
// Leaves out: the effect of faults (a partition or outage lowers throughput, retries raise it),
// queueing at saturation (more events per operation) and the speed of the machine it runs on.

import type { Scenario } from './format/scenario.ts';
import { LIMITS } from './format/limits.ts';
import { formatDuration } from './format/units.ts';
import { buildTopology } from './run.ts';
import { engineLoad, ticksPerNodeS } from './estimate-timers.ts';
import { expectedOperations } from './expected-operations.ts';

/** Simulated events per operation, by engine, with no replicas to replay writes on. */
const EVENTS_PER_OP: Readonly<Record<string, number>> = {
  'rds-single-az': 5.5,
  'rds-multi-az': 5.5,
  'rds-multi-az-cluster': 6,
  aurora: 9,
  dynamodb: 11,
  'redis-cluster': 5.5,
};
const EVENTS_PER_OP_OTHER = 12;
/** Events a periodic timer costs each time it fires on a node (the timer, a request, a reply). */
const EVENTS_PER_TICK = 3;
/** Retained heap per operation (the checker's history, per-operation measurement). */
const HEAP_PER_OP_BYTES = 400;
/** Heap a run takes before its first operation (code, engine, tables). */
const BASE_HEAP_BYTES = 64 * 1024 * 1024;
/** Per key and database node: a value table of 8-byte entries and its version. */
const HEAP_PER_KEY_NODE_BYTES = 16;
const HEAP_PER_CLIENT_BYTES = 4_096;
/** history.jsonl: an invoke line and a completion line per operation. */
const HISTORY_PER_OP_BYTES = 330;
/** One time-series row in memory and on disk. */
const TIMESERIES_ROW_BYTES = 300;
/** Wall time: simulated events per second of a whole run (outputs, check and report included), below the bundled runs' median. */
const EVENTS_PER_WALL_S = 400_000;

export interface Estimate {
  operations: number;
  events: number;
  memoryBytes: number;
  /** history.jsonl (0 with --no-history). */
  historyBytes: number;
  timeseriesRows: number;
  wallS: number;
}

/** What a run may cost before it needs --yes (soft), and what it cannot pass at all (absolute). */
export const ESTIMATE_LIMITS = Object.freeze({
  operations: 1e7,
  events: 1.4e9,
  memoryBytes: 4 * 1024 ** 3,
  historyBytes: 10 * 1024 ** 3,
  wallS: 3_600,
  timeseriesRows: 1e6,
});

export interface EstimateInput {
  /** Time-series bucket width (--interval). */
  intervalUs: number;
  /** The topology's nodes (database, storage, control plane). */
  nodes: number;
  /** Whether history.jsonl is written. */
  history?: boolean;
}

export function estimateScenario(s: Scenario, input: EstimateInput): Estimate {
  const w = s.workload;
  const runS = (s.durationUs + s.settleUs) / 1e6;
  const clients = w.clients.reduce((a, p) => a + p.count, 0);
  // Each named workload on its own phases (the combined `workload` holds only the busiest rates).
  const operations = (s.workloads ?? [w]).reduce((n, x) => n + expectedOperations(x, s.durationUs), 0);

  const load = engineLoad(s.engine.type, s.engine.options, s.region.azs);
  const replicas = load.replicas;
  const perOp = (EVENTS_PER_OP[s.engine.type] ?? EVENTS_PER_OP_OTHER) * (1 + replicas * (1 - w.readFraction));
  const timeseriesRows = Math.ceil((s.durationUs + s.settleUs) / input.intervalUs);
  const events = operations * perOp + input.nodes * runS * ticksPerNodeS(load) * EVENTS_PER_TICK + timeseriesRows;

  const memoryBytes =
    BASE_HEAP_BYTES + operations * HEAP_PER_OP_BYTES + w.keyCount * input.nodes * HEAP_PER_KEY_NODE_BYTES + clients * HEAP_PER_CLIENT_BYTES + timeseriesRows * TIMESERIES_ROW_BYTES;
  return {
    operations,
    events,
    memoryBytes,
    historyBytes: input.history === false ? 0 : operations * HISTORY_PER_OP_BYTES,
    timeseriesRows,
    wallS: events / EVENTS_PER_WALL_S,
  };
}

/** `1.7e5`: the order of magnitude a user needs, in a form that cannot be misread. */
export function sci(n: number): string {
  if (n < 1000) return String(Math.round(n));
  return n.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
}

/** `139.5MB`: sizes rounded for reading (units.ts's formatSize is exact, for values a user wrote). */
export function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)}B` : `${v.toFixed(1)}${units[i]}`;
}

function wall(s: number): string {
  return s < 1 ? 'under 1s' : formatDuration(Math.round(s) * 1e6);
}

/** One line: `estimate: 1.7e5 operations, 9.5e5 events, 120MB memory, 54MB history, 16s wall time`. */
export function formatEstimate(e: Estimate): string {
  return `estimate: ${sci(e.operations)} operations, ${sci(e.events)} events, ${bytes(e.memoryBytes)} memory, ${bytes(e.historyBytes)} history, ${wall(e.wallS)} wall time`;
}

export interface Overrun {
  /** `estimated 3.1e9 operations, over the 1e7 limit` */
  text: string;
  /** Absolute: --yes cannot pass it. */
  absolute: boolean;
}

/** The bounds the estimate is over: absolute ones first, then soft ones, in a fixed order. */
export function overruns(e: Estimate, intervalUs: number): Overrun[] {
  const out: Overrun[] = [];
  if (intervalUs < LIMITS.intervalMinUs) out.push({ text: `--interval ${formatDuration(intervalUs)} is under the ${formatDuration(LIMITS.intervalMinUs)} minimum`, absolute: true });
  if (e.events >= LIMITS.events) out.push({ text: `estimated ${sci(e.events)} events, over the ${sci(LIMITS.events)} the scheduler can number`, absolute: true });
  const L = ESTIMATE_LIMITS;
  const soft: [boolean, string][] = [
    [e.operations > L.operations, `estimated ${sci(e.operations)} operations, over the ${sci(L.operations)} limit`],
    [e.events > L.events, `estimated ${sci(e.events)} events, over the ${sci(L.events)} limit`],
    [e.memoryBytes > L.memoryBytes, `estimated ${bytes(e.memoryBytes)} of memory, over the ${bytes(L.memoryBytes)} limit`],
    [e.historyBytes > L.historyBytes, `estimated ${bytes(e.historyBytes)} of history, over the ${bytes(L.historyBytes)} limit`],
    [e.timeseriesRows > L.timeseriesRows, `estimated ${sci(e.timeseriesRows)} time-series rows, over the ${sci(L.timeseriesRows)} limit`],
    [e.wallS > L.wallS, `estimated ${wall(e.wallS)} of wall time, over the ${wall(L.wallS)} limit`],
  ];
  for (const [over, text] of soft) if (over) out.push({ text, absolute: false });
  return out;
}

/**
 * The line `run` and `sweep` refuse with (exit 2), or undefined when the run may go ahead:
 * `scenario.yaml: estimated 3.1e9 operations, over the 1e7 limit (docs/limits.md); pass --yes to run anyway`.
 */
export function refusal(file: string, e: Estimate, intervalUs: number, yes: boolean): string | undefined {
  const over = overruns(e, intervalUs);
  const absolute = over.find((x) => x.absolute);
  if (absolute !== undefined) return `${file}: ${absolute.text} (docs/limits.md)`;
  if (over.length === 0 || yes) return undefined;
  return `${file}: ${over[0].text} (docs/limits.md); pass --yes to run anyway`;
}

/** The estimate of a loaded scenario, counting the nodes of the topology it builds. */
export function estimateFor(s: Scenario, intervalUs: number, history = true): Estimate {
  const nodes = buildTopology(s, s.seed).engine.nodes().length;
  return estimateScenario(s, { intervalUs, nodes, history });
}
