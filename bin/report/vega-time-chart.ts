// The charts of a run's report over simulated time, written as Vega specifications (not
// Vega-Lite): the same look as time-chart.ts's Vega-Lite charts (series as lines or stacked
// areas, fault windows shaded and labelled, the x axis fixed to the whole run), with every part
// that differs between charts (titles, series names and colours, the axis's end, the plot's
// height) held in signals and named data sets. So one parsed specification per kind of chart
// (style, y scale, number of series) serves every chart of that kind (bin/report/vega-svg.ts),
// and no Vega-Lite compilation happens on a run's path. Each series is a mark of its own (a
// facet would build a sub-dataflow per series at every drawing). Leaves out the per-item ARIA descriptions
// Vega-Lite adds (the chart's title and axes remain its text).

import { CHART_HEIGHT_PX, CHART_WIDTH_PX, FAULT_LABEL_LAYER, FAULT_LAYER, longRows, PALETTE, type FaultWindow, type TimeChart } from './time-chart.ts';
import type { VegaLiteSpec } from './vega-svg.ts';

export const VEGA_SCHEMA = 'https://vega.github.io/schema/vega/v6.json';

const FONT = 'sans-serif';

/** Vega-Lite's compiled styles for the font it is given, so both kinds of chart look alike. */
const CONFIG = {
  legend: { orient: 'top', title: null },
  style: { 'guide-label': { font: FONT }, 'guide-title': { font: FONT }, 'group-title': { font: FONT }, 'group-subtitle': { font: FONT }, text: { font: FONT } },
};

const tickCount = (dim: 'width' | 'height') => ({ signal: `ceil(${dim}/40)` });

/**
 * The labelled axes with their grid lines (Vega-Lite draws the grid as a second, unlabelled axis
 * per scale; one axis per scale draws the same lines with half the ticks computed).
 */
function axes(yTitle: boolean, yGrid: boolean): Record<string, unknown>[] {
  return [
    { scale: 'x', orient: 'bottom', grid: true, title: 'simulated time (s)', labelFlush: true, labelOverlap: true, tickCount: tickCount('width'), zindex: 0 },
    { scale: 'y', orient: 'left', grid: yGrid, ...(yTitle ? { title: { signal: 'y_title' }, labelOverlap: true, tickCount: tickCount('height') } : {}), zindex: 0 },
  ];
}

/** The x scale: 0 to the run's end, as every chart of a page has it. */
const X_SCALE = { name: 'x', type: 'linear', domain: { signal: '[0, x_end]' }, range: [0, { signal: 'width' }], nice: false, zero: true };

/** The fault windows' shading and labels (mark names the browser test looks for). */
function faultMarks(): Record<string, unknown>[] {
  return [
    {
      name: `${FAULT_LAYER}_marks`,
      type: 'rect',
      style: ['rect'],
      from: { data: 'faults' },
      encode: { update: { opacity: { value: 0.28 }, fill: { value: '#f4a261' }, x: { scale: 'x', field: 'start' }, x2: { scale: 'x', field: 'end' }, y: { value: 0 }, y2: { field: { group: 'height' } } } },
    },
    {
      name: `${FAULT_LABEL_LAYER}_marks`,
      type: 'text',
      style: ['text'],
      from: { data: 'faults' },
      encode: {
        update: { align: { value: 'left' }, baseline: { value: 'top' }, dx: { value: 3 }, dy: { value: 3 }, fontSize: { value: 10 }, fill: { value: '#8a4b12' }, x: { scale: 'x', field: 'start' }, y: { value: 0 }, text: { field: 'label' } },
      },
    },
  ];
}

const faultValues = (faults: readonly FaultWindow[]) => faults.map((f) => ({ start: f.startS, end: f.endS, label: f.label }));

/** What every chart of a page shares: size, title and signals, the fault windows. */
function frame(title: string, subtitle: string, height: number, endS: number, faults: readonly FaultWindow[], signals: Record<string, unknown>): VegaLiteSpec {
  return {
    $schema: VEGA_SCHEMA,
    background: 'white',
    padding: 5,
    width: CHART_WIDTH_PX,
    height,
    title: { text: { signal: 'chart_title' }, subtitle: { signal: 'chart_subtitle' }, frame: 'group' },
    style: 'cell',
    signals: [
      { name: 'chart_title', value: title },
      { name: 'chart_subtitle', value: subtitle },
      { name: 'x_end', value: endS },
      ...Object.entries(signals).map(([name, value]) => ({ name, value })),
    ],
    config: CONFIG,
    data: [{ name: 'faults', values: faultValues(faults) }],
  };
}

const DEFINED = { signal: 'isValid(datum.t) && isFinite(+datum.t) && isValid(datum.value) && isFinite(+datum.value)' };

/** A time chart (time-chart.ts's TimeChart) as a Vega specification. */
export function timeChartVega(c: TimeChart): VegaLiteSpec {
  const labels = c.series.map((s) => s.label);
  const colors = (c.colors ?? PALETTE).slice(0, labels.length);
  const stacked = c.style === 'stacked-area';
  const spec = frame(c.title, c.subtitle ?? '', CHART_HEIGHT_PX, c.endS, c.faults, { y_title: c.yTitle, series_labels: labels, series_colors: colors });
  const points = {
    name: 'points',
    values: longRows(c),
    // A stacked area stacks in the series' order, with a missing interval counted as zero.
    transform: stacked
      ? [
          { type: 'formula', expr: 'indexof(series_labels, datum.series)', as: 'order' },
          { type: 'impute', field: 'value', groupby: ['series', 'order'], key: 't', method: 'value', value: 0 },
          { type: 'stack', groupby: ['t'], field: 'value', sort: { field: ['order'], order: ['ascending'] }, as: ['value_start', 'value_end'], offset: 'zero' },
        ]
      : [],
  };
  const update: Record<string, unknown> = stacked
    ? { opacity: { value: 0.85 }, interpolate: { value: 'step-after' }, orient: { value: 'vertical' }, fill: { scale: 'color', field: 'series' }, x: { scale: 'x', field: 't' }, y: { scale: 'y', field: 'value_end' }, y2: { scale: 'y', field: 'value_start' }, defined: DEFINED }
    : { strokeWidth: { value: 1.5 }, interpolate: { value: 'linear' }, stroke: { scale: 'color', field: 'series' }, x: { scale: 'x', field: 't' }, y: { scale: 'y', field: 'value' }, defined: DEFINED };
  return {
    ...spec,
    data: [...(spec.data as unknown[]), points, ...labels.map((_, k) => ({ name: `series_${k}`, source: 'points', transform: [{ type: 'filter', expr: `datum.series === series_labels[${k}]` }] }))],
    marks: [
      ...faultMarks(),
      ...labels.map((_, k) => ({ name: `series_${k}_marks`, type: stacked ? 'area' : 'line', style: [stacked ? 'area' : 'line'], sort: { field: 'x' }, from: { data: `series_${k}` }, encode: { update } })),
    ],
    scales: [
      X_SCALE,
      { name: 'y', type: c.yScale === 'symlog' ? 'symlog' : 'linear', domain: { data: 'points', ...(stacked ? { fields: ['value_start', 'value_end'] } : { field: 'value' }) }, range: [{ signal: 'height' }, 0], nice: true, zero: true },
      { name: 'color', type: 'ordinal', domain: { signal: 'series_labels' }, range: { signal: 'series_colors' } },
    ],
    axes: axes(true, true),
    legends: [
      stacked
        ? { fill: 'color', direction: 'horizontal', symbolType: 'circle', encode: { symbols: { update: { opacity: { value: 0.85 } } } } }
        : { stroke: 'color', direction: 'horizontal', symbolType: 'stroke' },
    ],
  };
}

/** The event timeline: one lane per kind (in `kinds` order), a diamond per event, the fault windows behind. */
export function eventTimelineVega(title: string, subtitle: string, values: readonly { t: unknown; kind: string; node: unknown }[], kinds: readonly string[], faults: readonly FaultWindow[], endS: number): VegaLiteSpec {
  const spec = frame(title, subtitle, Math.max(40, kinds.length * 22), endS, faults, { lanes: kinds });
  return {
    ...spec,
    data: [...(spec.data as unknown[]), { name: 'events', values, transform: [{ type: 'filter', expr: 'isValid(datum.t) && isFinite(+datum.t)' }] }],
    marks: [
      ...faultMarks(),
      {
        name: 'events_marks',
        type: 'symbol',
        style: ['point'],
        from: { data: 'events' },
        encode: { update: { opacity: { value: 0.7 }, size: { value: 70 }, shape: { value: 'diamond' }, fill: { scale: 'color', field: 'kind' }, x: { scale: 'x', field: 't' }, y: { scale: 'y', field: 'kind' } } },
      },
    ],
    scales: [X_SCALE, { name: 'y', type: 'point', domain: { signal: 'lanes' }, range: [0, { signal: 'height' }], padding: 0.5 }, { name: 'color', type: 'ordinal', domain: { signal: 'lanes' }, range: 'category' }],
    axes: axes(false, false),
  };
}
