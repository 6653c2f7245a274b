// A run's output folder read back for its report: summary.csv, timeseries.csv, events.csv,
// faults.csv and violation.txt, as rows of typed cells. `faultline run` reads its own temporary
// folder this way and `faultline report` an existing one, so both draw the same page from the
// same bytes. Leaves out history.jsonl: the report needs only the violating window, which
// violation.txt already lists operation by operation.

import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../sweep/csv-read.ts';
import { InputError } from '../scenario-files.ts';

export type Cell = number | string | null;
export type Row = Record<string, Cell>;

export interface Table {
  columns: string[];
  rows: Row[];
}

export interface RunFolder {
  dir: string;
  summary: Row;
  /** summary.csv's rows: the run's (`summary`), then one per named workload. */
  summaryRows?: Row[];
  /** summary.csv's columns, in order. */
  summaryColumns: string[];
  timeseries: Table;
  events: Table;
  faults: Table;
  violation: string | null;
}

/** A number when the cell is one, null when empty, the text otherwise. */
export function cellValue(text: string): Cell {
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && /^-?[0-9.]+(e[-+]?\d+)?$/i.test(text) ? n : text;
}

export function tableOf(text: string, file: string): Table {
  let cells: string[][];
  try {
    cells = parseCsv(text);
  } catch (e) {
    throw new InputError(`${file}: ${(e as Error).message}`);
  }
  const columns = cells[0] ?? [];
  if (columns.length === 0) throw new InputError(`${file}: empty (no header line)`);
  const rows = cells.slice(1).map((r, i) => {
    if (r.length !== columns.length) throw new InputError(`${file}:${i + 2}: ${r.length} cells, expected ${columns.length}`);
    const row: Row = {};
    columns.forEach((c, k) => (row[c] = cellValue(r[k])));
    return row;
  });
  return { columns, rows };
}

function read(dir: string, name: string, required: boolean): string | null {
  const p = path.join(dir, name);
  try {
    return fs.readFileSync(p, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`${p}: cannot be read (is ${dir} the output folder of \`faultline run\`?)`);
  }
}

export function readRunFolder(dir: string): RunFolder {
  const table = (name: string) => tableOf(read(dir, name, true)!, path.join(dir, name));
  const summary = table('summary.csv');
  // The first row is the run's; a run with named workloads has one more per workload
  // (`<scenario>/<workload>`), a run over regions one more per region (`<scenario>@<region>`).
  const extra = summary.rows.slice(1);
  const own = (r: Row) => ['/', '@'].some((sep) => String(r.scenario).startsWith(`${summary.rows[0].scenario}${sep}`));
  if (summary.rows.length === 0 || !extra.every(own)) {
    throw new InputError(`${path.join(dir, 'summary.csv')}: ${summary.rows.length} rows, expected 1 (and one per named workload and per region)`);
  }
  return {
    dir,
    summary: summary.rows[0],
    summaryRows: summary.rows,
    summaryColumns: summary.columns,
    timeseries: table('timeseries.csv'),
    events: table('events.csv'),
    faults: table('faults.csv'),
    violation: read(dir, 'violation.txt', false),
  };
}
