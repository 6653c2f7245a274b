// CSV text from rows, through csv-stringify (synchronous, so the caller decides when bytes go out
// and the simulation never waits on I/O). Cells are formatted by formatCell.

import { stringify } from 'csv-stringify/sync';
import { formatCell } from './format-number.ts';

export function csvHeader(columns: readonly string[]): string {
  return stringify([columns as string[]]);
}

export function csvRows(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  return stringify(rows.map((r) => columns.map((c) => formatCell(r[c] as never))));
}
