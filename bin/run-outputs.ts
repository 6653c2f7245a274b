// The files `faultline run` writes while a run goes (history.jsonl, timeseries.csv, events.csv)
// and at its end (faults.csv, and violation.txt when the history is not linearizable), as text
// streams. `run` writes them to files and a sweep worker hashes them for --verify-determinism:
// one writer keeps the two byte for byte the same. summary.csv is the caller's (the sweep keeps
// its cells rather than the text).

import type { RunSinks } from '../scenarios/run.ts';
import { csvHeader, csvRows } from '../reports/csv.ts';
import { historyLine } from '../reports/history-jsonl.ts';
import { EVENT_COLUMNS, eventRow } from '../reports/events-table.ts';
import { TIMESERIES_COLUMNS } from '../reports/timeseries-columns.ts';
import { FAULT_COLUMNS } from '../reports/fault-table.ts';

export interface TextOut {
  write(text: string): void;
}

export interface RunOutputs {
  /** The streaming sinks for runScenario. */
  sinks: RunSinks;
  /** Writes the end-of-run files (faults.csv with `faultColumns`: the standard ones unless a policy adds its own). */
  finish(faultRows: readonly Record<string, unknown>[], violation: string | null, faultColumns?: readonly string[]): void;
}

/** Opens history.jsonl (unless `history` is false), timeseries.csv and events.csv, in that order. */
export function runOutputs(open: (name: string) => TextOut, history: boolean): RunOutputs {
  const hist = history ? open('history.jsonl') : null;
  const ts = open('timeseries.csv');
  const ev = open('events.csv');
  // The header comes with the first row: engines may add counter columns after the standard ones.
  let tsColumns: readonly string[] | null = null;
  ev.write(csvHeader(EVENT_COLUMNS));
  return {
    sinks: {
      history: hist === null ? undefined : (e, client) => hist.write(historyLine(e, client)),
      timeseries: (row) => {
        const columns = tsColumns ?? [...TIMESERIES_COLUMNS, ...Object.keys(row).filter((k) => !TIMESERIES_COLUMNS.includes(k))];
        if (tsColumns === null) ts.write(csvHeader(columns));
        tsColumns = columns;
        ts.write(csvRows(columns, [row]));
      },
      event: (e) => ev.write(csvRows(EVENT_COLUMNS, [eventRow(e)])),
    },
    finish(faultRows, violation, faultColumns = FAULT_COLUMNS) {
      const faults = open('faults.csv');
      faults.write(csvHeader(faultColumns));
      faults.write(csvRows(faultColumns, faultRows));
      if (violation !== null) open('violation.txt').write(violation);
    },
  };
}
