// The expectations of a scenario judged against a summary.csv read back from disk, for
// `faultline report --scenario`: the same check `faultline run` makes, on the same figures (the
// run's row, each fault's faults.csv row, each named workload's row and each region's row).

import { checkExpectations, type Expectation, type ExpectationResult } from '../../reports/expectations.ts';
import type { SummaryRow } from '../../reports/summary-columns.ts';
import type { Row } from './run-folder.ts';

/** summary.csv's cells as the run held them: true/false back to booleans. */
export function summaryRowOf(row: Row): SummaryRow {
  const out: Record<string, number | string | boolean | null> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === 'true' ? true : v === 'false' ? false : v;
  return out as unknown as SummaryRow;
}

/**
 * `rows` is summary.csv's rows (the run's first, then one per named workload, `<scenario>/<workload>`,
 * then one per region, `<scenario>@<region>`); `faults` is faults.csv's rows, in `faults:` order.
 */
export function expectationsOf(rows: readonly Row[], expect: readonly Expectation[], faults: readonly Row[] = []): ExpectationResult[] {
  const run = rows[0];
  const named = (sep: string) => {
    const prefix = `${String(run.scenario)}${sep}`;
    const own = rows.slice(1).filter((r) => String(r.scenario).startsWith(prefix));
    return new Map(own.map((r) => [String(r.scenario).slice(prefix.length), summaryRowOf(r) as unknown as Readonly<Record<string, unknown>>]));
  };
  return checkExpectations(summaryRowOf(run), expect, faults, named('/'), named('@'));
}
