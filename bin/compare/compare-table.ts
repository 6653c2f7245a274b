// compare.csv: one row per topology (a scenario file), the seeds it ran over, how many runs
// failed an expectation, and for each headline metric the mean over seeds with its 95%
// interval (Student t, as aggregate.csv) and the range.

import { aggregateRows } from '../../reports/aggregate.ts';
import type { SweepTable } from '../sweep/outputs.ts';
import { DISTRIBUTION_METRICS } from '../report/sweep-report.ts';

export const COMPARE_STATS = ['mean', 'ci95_low', 'ci95_high', 'min', 'max'] as const;

export function compareColumns(): string[] {
  return ['scenario', 'engine', 'seeds', 'runs', 'failed_runs', ...DISTRIBUTION_METRICS.flatMap((m) => COMPARE_STATS.map((s) => `${m}_${s}`))];
}

export function compareRow(t: SweepTable): Record<string, string | number | null> {
  const engineCol = t.columns.indexOf('engine');
  const row: Record<string, string | number | null> = {
    scenario: t.manifest.scenario_name,
    engine: t.rows[0]?.[engineCol] ?? null,
    seeds: t.manifest.seeds,
    runs: t.manifest.runs_in_shard,
    failed_runs: new Set(t.manifest.failures.map((f) => f.run)).size,
  };
  const agg = aggregateRows({ columns: t.columns, rows: t.rows, groupBy: [], metrics: DISTRIBUTION_METRICS });
  for (const a of agg) for (const s of COMPARE_STATS) row[`${a.metric}_${s}`] = a[s];
  return row;
}
