// Which summary.csv columns `expect:` may bound. The column list itself belongs to reports/
// (it writes them); a scenario may bound every figure, not the columns that name the run.

import { SUMMARY_COLUMNS, type SummaryColumn } from '../../reports/summary-columns.ts';

export { SUMMARY_COLUMNS, type SummaryColumn };

/** Columns that describe the run rather than measure it: `expect:` cannot bound them. */
export const DESCRIPTIVE_COLUMNS: readonly SummaryColumn[] = ['scenario', 'engine', 'seed'];

/** Columns `expect:` may bound, in summary order. */
export const EXPECTABLE_COLUMNS: readonly SummaryColumn[] = SUMMARY_COLUMNS.filter((c) => !DESCRIPTIVE_COLUMNS.includes(c));
