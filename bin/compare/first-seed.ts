// The time series `compare` overlays: each topology's first seed run once more in this process
// (a sweep keeps no time series), its timeseries.csv, events.csv, faults.csv and summary.csv
// kept in memory and read back as `faultline report` reads a run folder, so the overlaid charts
// draw from the same figures that seed's own report.html would. The run is deterministic, so it
// is the very run the sweep made. Leaves out the history and the linearizability check (the
// charts need neither; the sweep has the verdicts).

import type { Scenario } from '../../scenarios/format/scenario.ts';
import { runToFiles } from '../run-files.ts';
import { tableOf, type RunFolder } from '../report/run-folder.ts';

/** The interval of the series, as `faultline run` writes them by default. */
export const SERIES_INTERVAL_US = 1_000_000;

/** Runs `s` (already at the seed wanted) and returns its folder as read back, without touching the disk. */
export function firstSeedFolder(s: Scenario): RunFolder {
  const files = new Map<string, string[]>();
  runToFiles(s, { intervalUs: SERIES_INTERVAL_US, history: { kind: 'none' }, check: false }, (name) => {
    const parts: string[] = [];
    files.set(name, parts);
    return { write: (t: string) => void parts.push(t) };
  });
  const table = (name: string) => tableOf((files.get(name) ?? []).join(''), `${s.name} seed ${s.seed} ${name}`);
  const summary = table('summary.csv');
  return { dir: '', summary: summary.rows[0] ?? {}, summaryColumns: summary.columns, timeseries: table('timeseries.csv'), events: table('events.csv'), faults: table('faults.csv'), violation: null };
}
