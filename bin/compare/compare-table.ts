// compare.csv: one row per topology (a scenario file, or a --variant of one), the seeds it ran
// over, how many runs failed an expectation, and for each headline metric the mean over seeds
// with its 95% interval (Student t, as aggregate.csv) and the range. When any topology was judged
// on a resiliency policy, its verdict follows (compare-policy.ts); without one the columns are
// left out, so a comparison without a policy writes the file it always did.

import { aggregateRows } from '../../reports/aggregate.ts';
import type { SweepTable } from '../sweep/outputs.ts';
import { DISTRIBUTION_METRICS } from '../report/sweep-report.ts';
import { COMPARE_POLICY_COLUMNS, comparePolicyCells, type PolicyJudgement } from './compare-policy.ts';

export const COMPARE_STATS = ['mean', 'ci95_low', 'ci95_high', 'min', 'max'] as const;

export function compareColumns(withPolicy = false): string[] {
  return ['scenario', 'engine', 'seeds', 'runs', 'failed_runs', ...DISTRIBUTION_METRICS.flatMap((m) => COMPARE_STATS.map((s) => `${m}_${s}`)), ...(withPolicy ? COMPARE_POLICY_COLUMNS : [])];
}

/** One topology's row; `name` is how the comparison names it (the scenario's name, with a variant's settings). */
export function compareRow(t: SweepTable, name = t.manifest.scenario_name, policy?: PolicyJudgement): Record<string, string | number | null> {
  const engineCol = t.columns.indexOf('engine');
  const row: Record<string, string | number | null> = {
    scenario: name,
    engine: t.rows[0]?.[engineCol] ?? null,
    seeds: t.manifest.seeds,
    runs: t.manifest.runs_in_shard,
    failed_runs: new Set(t.manifest.failures.map((f) => f.run)).size,
  };
  const agg = aggregateRows({ columns: t.columns, rows: t.rows, groupBy: [], metrics: DISTRIBUTION_METRICS });
  for (const a of agg) for (const s of COMPARE_STATS) row[`${a.metric}_${s}`] = a[s];
  return { ...row, ...comparePolicyCells(policy) };
}
