// The charts a run's report is expected to draw, prepared while the simulation still runs on its
// own thread: a stand-in for the run's folder (as many timeseries rows as the run will write,
// every standard series with a figure, the scenario's fault windows as scheduled) goes through
// the same chart planning as the real folder, and each chart's shape is compiled and its view
// built ahead (bin/report/vega-svg.ts). Only the shape matters, so the figures are stand-ins.
// The event timeline's shape is prepared from one stand-in event (its lanes and height are set
// when drawn). Leaves out the engine's own counters (drawn once the run is over on the shape of
// the other line charts) and the per-domain charts.

import type { Scenario } from '../../scenarios/format/scenario.ts';
import { TIMESERIES_COLUMNS } from '../../reports/timeseries-columns.ts';
import { runCharts } from './run-charts.ts';
import { eventTimelineSpec } from './event-timeline.ts';
import { faultWindows, runEndS } from './run-report.ts';
import type { Row, RunFolder } from './run-folder.ts';
import { prepareSvg } from './vega-svg.ts';

/** The stand-in folder: rows as Timeseries writes them (t_s = i * interval), faults as scheduled. */
export function expectedFolder(s: Scenario, intervalUs: number): RunFolder {
  const count = Math.ceil((s.durationUs + s.settleUs) / intervalUs);
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const row: Row = {};
    for (const c of TIMESERIES_COLUMNS) row[c] = 1;
    row.t_s = (i * intervalUs) / 1e6;
    row.phase = 'run';
    rows.push(row);
  }
  const faults = s.faults.map((f, i): Row => ({ fault: i, kind: f.kind, start_s: f.atUs / 1e6, end_s: (f.forUs === undefined ? s.durationUs : f.atUs + f.forUs) / 1e6 }));
  const table = (r: Row[]) => ({ columns: Object.keys(r[0] ?? {}), rows: r });
  return { dir: '', summary: {}, summaryColumns: [], timeseries: table(rows), events: table([]), faults: table(faults), violation: null };
}

/**
 * The charts a run draws whatever happens in it (the others depend on its figures): they get a
 * view built ahead. Every expected chart's shape is parsed ahead (a few, shared by many charts).
 */
const SURELY_DRAWN = new Set(['throughput', 'availability', 'latency', 'network', 'events']);

/** Prepares each expected chart in turn, yielding between them so the run's messages get through. */
export async function prepareRunReport(s: Scenario, intervalUs: number): Promise<void> {
  const f = expectedFolder(s, intervalUs);
  const endS = runEndS(f);
  const faults = faultWindows(f, endS);
  const timeline = eventTimelineSpec([{ kind: 'failure-detected', time_s: 0 }], faults, endS);
  const charts = [...runCharts(f.timeseries, faults, endS).charts, ...(timeline === null ? [] : [{ id: 'events', spec: timeline }])];
  // Only the first chart is drawn ahead (it warms the code every drawing shares): on a busy
  // machine every drawing ahead takes CPU from the simulation.
  for (const [i, c] of charts.entries()) await prepareSvg(c.spec, { draw: i === 0, spare: SURELY_DRAWN.has(c.id) });
}
