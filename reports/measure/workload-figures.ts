// Figures per named workload (`workloads:`): each workload's own operations, as a group of clients
// (group-figures.ts), in a summary.csv row named `<scenario>/<workload>`. What `expect: { workloads }`
// may bound is listed here. Leaves out: per-workload staleness, lost writes and linearizability.

import type { SummaryColumn } from '../summary-columns.ts';
import { GroupFigures } from './group-figures.ts';

/** The summary.csv figures a workload's own row fills (the others are the run's); `expect: { workloads: ... }` bounds these. */
export const WORKLOAD_FIGURES = [
  'ops', 'ops_ok', 'ops_failed', 'ops_unknown', 'reads', 'writes', 'throughput_ops_s', 'availability_read', 'availability_write',
  'write_outage_s', 'read_latency_ms_p50', 'read_latency_ms_p99', 'read_latency_ms_max', 'write_latency_ms_p50', 'write_latency_ms_p99', 'write_latency_ms_max',
] as const satisfies readonly SummaryColumn[];

export interface WorkloadGroups {
  names: readonly string[];
  /** Which workload a client belongs to (an index into `names`). */
  workloadOf: (clientIndex: number) => number;
}

export function workloadFigures(w: WorkloadGroups, at: { warmupUs: number; intervalUs: number; domainOf: (keyIndex: number) => string }): GroupFigures {
  return new GroupFigures({ names: w.names, groupOf: w.workloadOf, ...at, rowName: (scenario, name) => `${scenario}/${name}` });
}
