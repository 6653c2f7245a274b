// Fewer points for long runs: consecutive intervals are merged until at most `maxPoints` remain,
// each series with the aggregate that keeps what a reader looks for: the worst availability
// (min), the worst latency or lag (max), the mean of a rate or a count per interval. Only the
// charts are downsampled; verdicts and tables always come from the full figures.

import type { Row } from './run-folder.ts';

export type Aggregate = 'min' | 'max' | 'mean';

export interface Downsampled {
  rows: Row[];
  /** Intervals per point (1: the rows as they were). */
  factor: number;
}

function combine(values: number[], how: Aggregate): number | null {
  if (values.length === 0) return null;
  if (how === 'min') return Math.min(...values);
  if (how === 'max') return Math.max(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Rows merged `factor` at a time (the time column keeps the first row's time). */
export function downsample(rows: readonly Row[], timeField: string, fields: Readonly<Record<string, Aggregate>>, maxPoints: number): Downsampled {
  if (rows.length <= maxPoints) return { rows: rows.slice(), factor: 1 };
  const factor = Math.ceil(rows.length / maxPoints);
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i += factor) {
    const group = rows.slice(i, i + factor);
    const row: Row = { [timeField]: group[0][timeField] };
    for (const [field, how] of Object.entries(fields)) {
      row[field] = combine(group.map((r) => r[field]).filter((v): v is number => typeof v === 'number'), how);
    }
    out.push(row);
  }
  return { rows: out, factor };
}
