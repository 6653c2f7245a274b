// The expectations of a scenario judged against a summary.csv read back from disk, for
// `faultline report --scenario`: the same check `faultline run` makes, on the same figures.

import { checkExpectations, type Expectation, type ExpectationResult } from '../../reports/expectations.ts';
import type { SummaryRow } from '../../reports/summary-columns.ts';
import type { Row } from './run-folder.ts';

/** summary.csv's cells as the run held them: true/false back to booleans. */
export function summaryRowOf(row: Row): SummaryRow {
  const out: Record<string, number | string | boolean | null> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === 'true' ? true : v === 'false' ? false : v;
  return out as unknown as SummaryRow;
}

export function expectationsOf(row: Row, expect: readonly Expectation[]): ExpectationResult[] {
  return checkExpectations(summaryRowOf(row), expect);
}
