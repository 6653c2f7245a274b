// The Vega-Lite specification of one chart over simulated time: one or more series (lines, or
// stacked areas for counts that add up), every fault window shaded across the plot and labelled
// at its top, on an x axis fixed to the whole run so that every chart of a page lines up with
// the event timeline. Leaves out interaction: the page is static SVG. compare.html draws these;
// a run's report.html draws the same charts written in Vega (vega-time-chart.ts), which need no
// Vega-Lite compilation per chart.

import type { Row } from './run-folder.ts';
import type { VegaLiteSpec } from './vega-svg.ts';

export const CHART_WIDTH_PX = 860;
export const CHART_HEIGHT_PX = 150;

/** The mark class of the shaded fault windows (vega names it `<layer name>_marks`). */
export const FAULT_LAYER = 'fault_windows';
/** The mark class of their labels. */
export const FAULT_LABEL_LAYER = 'fault_labels';

export interface FaultWindow {
  /** `#0 crash`. */
  label: string;
  startS: number;
  endS: number;
}

export interface Series {
  field: string;
  label: string;
}

export interface TimeChart {
  title: string;
  /** Under the title: what a point is (after downsampling), what the series mean. */
  subtitle?: string;
  yTitle: string;
  rows: readonly Row[];
  timeField: string;
  series: readonly Series[];
  faults: readonly FaultWindow[];
  /** The x axis runs from 0 to this. */
  endS: number;
  style: 'line' | 'stacked-area';
  yScale?: 'linear' | 'symlog';
  /** Colours by series label, so that overlaid pages keep one colour per topology. */
  colors?: readonly string[];
}

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

/**
 * The series as long rows (time, series, value). Lines keep empty cells as nulls, which break
 * the line: an interval without a figure (no successful operation, so no latency) is a gap, not
 * a straight line from the last figure to the next.
 */
export function longRows(c: TimeChart): Record<string, number | string | null>[] {
  const out: Record<string, number | string | null>[] = [];
  for (const r of c.rows) {
    const t = r[c.timeField];
    if (typeof t !== 'number') continue;
    for (const s of c.series) {
      const v = r[s.field];
      if (typeof v === 'number') out.push({ t, series: s.label, value: v });
      else if (c.style === 'line') out.push({ t, series: s.label, value: null });
    }
  }
  return out;
}

export function faultLayers(faults: readonly FaultWindow[]): VegaLiteSpec[] {
  if (faults.length === 0) return [];
  const values = faults.map((f) => ({ start: f.startS, end: f.endS, label: f.label }));
  return [
    {
      name: FAULT_LAYER,
      data: { values },
      mark: { type: 'rect', color: '#f4a261', opacity: 0.28 },
      encoding: { x: { field: 'start', type: 'quantitative' }, x2: { field: 'end' } },
    },
    {
      name: FAULT_LABEL_LAYER,
      data: { values },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 3, fontSize: 10, color: '#8a4b12' },
      encoding: { x: { field: 'start', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
    },
  ];
}

export function xEncoding(endS: number, title = 'simulated time (s)'): VegaLiteSpec {
  return { field: 't', type: 'quantitative', title, scale: { domain: [0, endS], nice: false, zero: true } };
}

export function timeChartSpec(c: TimeChart): VegaLiteSpec {
  const labels = c.series.map((s) => s.label);
  const colors = (c.colors ?? PALETTE).slice(0, labels.length);
  const stacked = c.style === 'stacked-area';
  const mark = stacked ? { type: 'area', interpolate: 'step-after', opacity: 0.85 } : { type: 'line', interpolate: 'linear', strokeWidth: 1.5, invalid: 'break-paths-show-domains' };
  const y: VegaLiteSpec = { field: 'value', type: 'quantitative', title: c.yTitle, stack: stacked ? 'zero' : null };
  if (c.yScale === 'symlog') y.scale = { type: 'symlog' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: c.subtitle === undefined ? c.title : { text: c.title, subtitle: c.subtitle },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: { font: 'sans-serif', legend: { orient: 'top', title: null } },
    layer: [
      ...faultLayers(c.faults),
      {
        data: { values: longRows(c) },
        mark,
        encoding: {
          x: xEncoding(c.endS),
          y,
          color: { field: 'series', type: 'nominal', scale: { domain: labels, range: colors }, sort: labels },
          ...(stacked ? { order: { field: 'order', type: 'quantitative' } } : {}),
        },
        ...(stacked ? { transform: [{ calculate: `indexof(${JSON.stringify(labels)}, datum.series)`, as: 'order' }] } : {}),
      },
    ],
  };
}
