// compare.html's charts over simulated time: one chart per figure (throughput of successful
// operations, write latency p99, replication lag p99), one line per topology from its first
// seed, every fault window shaded and labelled as on a run's own report (the same chart code).
// Each topology keeps one colour on every chart. Long runs are downsampled per topology with the
// aggregate that keeps what a reader looks for (mean of a rate, max of a latency or lag).
// Leaves out the other seeds: the distributions over seeds are the ECDF charts.

import { downsample, type Aggregate } from '../report/downsample.ts';
import { MAX_POINTS, intervalS, type ChartPlan } from '../report/run-charts.ts';
import { faultWindows, runEndS } from '../report/run-report.ts';
import type { Row, RunFolder } from '../report/run-folder.ts';
import { timeChartSpec, type FaultWindow } from '../report/time-chart.ts';
import type { VegaLiteSpec } from '../report/vega-svg.ts';

export interface OverlaidRun {
  /** The topology's name on the chart's legend. */
  label: string;
  folder: RunFolder;
}

interface Figure {
  id: string;
  title: string;
  yTitle: string;
  how: Aggregate;
  symlog: boolean;
  value(r: Row, perS: number): number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export const OVERLAID_FIGURES: readonly Figure[] = [
  {
    id: 'overlay-throughput-ok',
    title: 'Throughput of successful operations',
    yTitle: 'operations/s',
    how: 'mean',
    symlog: false,
    value: (r, perS) => ((num(r.reads_ok) ?? 0) + (num(r.writes_ok) ?? 0)) / perS,
  },
  { id: 'overlay-write-latency-p99', title: 'Write latency p99 (successful writes)', yTitle: 'ms (symlog)', how: 'max', symlog: true, value: (r) => num(r.write_latency_ms_p99) },
  { id: 'overlay-replication-lag-p99', title: 'Replication lag p99 (all followers)', yTitle: 'ms (symlog)', how: 'max', symlog: true, value: (r) => num(r.replication_lag_ms_p99) },
];

/** Every topology's fault windows, each distinct window once (the faults are the same unless --allow-different). */
function allWindows(runs: readonly OverlaidRun[], endS: number): FaultWindow[] {
  const seen = new Map<string, FaultWindow>();
  for (const r of runs) for (const w of faultWindows(r.folder, endS)) seen.set(`${w.label}@${w.startS}-${w.endS}`, w);
  return [...seen.values()].sort((a, b) => a.startS - b.startS);
}

/** Topology names often share a long prefix (`writer-crash-rds-...`): the legend shows them whole. */
function withWholeLabels(spec: VegaLiteSpec): VegaLiteSpec {
  const config = (spec.config ?? {}) as Record<string, Record<string, unknown>>;
  // 0: no limit (as on the distribution charts); Vega's default of 160 px cuts a variant's name.
  return { ...spec, config: { ...config, legend: { ...config.legend, labelLimit: 0 } } };
}

export interface OverlayCharts {
  charts: ChartPlan[];
  /** Figures no topology had (`replication lag p99`), in words. */
  omitted: string[];
}

/** The charts of `runs`, all of seed `seed`. */
export function overlayCharts(runs: readonly OverlaidRun[], seed: number, maxPoints = MAX_POINTS): OverlayCharts {
  const endS = Math.max(1, ...runs.map((r) => runEndS(r.folder)));
  const faults = allWindows(runs, endS);
  const charts: ChartPlan[] = [];
  const omitted: string[] = [];
  for (const f of OVERLAID_FIGURES) {
    const byTime = new Map<number, Row>();
    let any = false;
    let factor = 1;
    runs.forEach((run, i) => {
      const rows = run.folder.timeseries.rows;
      const perS = intervalS(rows);
      const field = `v${i}`;
      const values: Row[] = rows.map((r) => ({ t_s: r.t_s, [field]: f.value(r, perS) }));
      any ||= values.some((r) => typeof r[field] === 'number' && (f.id === 'overlay-throughput-ok' || r[field] !== 0));
      const d = downsample(values, 't_s', { [field]: f.how }, maxPoints);
      factor = Math.max(factor, d.factor);
      for (const r of d.rows) {
        const t = num(r.t_s);
        if (t !== null) byTime.set(t, { ...(byTime.get(t) ?? { t_s: t }), [field]: r[field] });
      }
    });
    if (!any) {
      omitted.push(f.title.toLowerCase());
      continue;
    }
    const rows = [...byTime.values()].sort((a, b) => (a.t_s as number) - (b.t_s as number));
    const subtitle = `seed ${seed} of each${factor === 1 ? ', one point per interval' : `, ${f.how} of ${factor} intervals per point`}`;
    const spec = timeChartSpec({ title: f.title, subtitle, yTitle: f.yTitle, rows, timeField: 't_s', series: runs.map((r, i) => ({ field: `v${i}`, label: r.label })), faults, endS, style: 'line', yScale: f.symlog ? 'symlog' : undefined });
    charts.push({ id: f.id, spec: withWholeLabels(spec) });
  }
  return { charts, omitted };
}
