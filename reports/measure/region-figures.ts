// Figures per region (`regions:`): the operations of each region's clients, as a group
// (group-figures.ts), in a summary.csv row named `<scenario>@<region>`, with the region's stale
// reads: where a client reads from (its region's replica, or the home region across the link)
// decides how stale it sees the data. What `expect: { regions }` may bound is listed here.
// Leaves out: per-region lost writes and linearizability (a write is lost to its key, wherever
// its client stood).

import type { SummaryColumn } from '../summary-columns.ts';
import { GroupFigures } from './group-figures.ts';
import { WORKLOAD_FIGURES } from './workload-figures.ts';

/** The summary.csv figures a region's own row fills; `expect: { regions: ... }` bounds these. */
export const REGION_FIGURES = [...WORKLOAD_FIGURES, 'stale_reads', 'stale_read_ratio', 'staleness_ms_p99', 'staleness_ms_max'] as const satisfies readonly SummaryColumn[];

export interface RegionGroups {
  names: readonly string[];
  /** Which region a client is in (an index into `names`). */
  regionOf: (clientIndex: number) => number;
}

export function regionFigures(g: RegionGroups, at: { warmupUs: number; intervalUs: number; domainOf: (keyIndex: number) => string }): GroupFigures {
  return new GroupFigures({ names: g.names, groupOf: g.regionOf, ...at, rowName: (scenario, name) => `${scenario}@${name}`, staleness: true });
}
