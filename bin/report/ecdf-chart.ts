// The distribution of one metric over seeds, one empirical CDF per group (a parameter
// combination of a sweep, or a topology of a comparison) on one chart: a step line and a dot
// per seed, so a reader sees both the spread and every single run. Used by the sweep report and
// by compare.html.

import { CHART_WIDTH_PX, PALETTE } from './time-chart.ts';
import type { VegaLiteSpec } from './vega-svg.ts';

export interface Distribution {
  group: string;
  values: readonly number[];
}

/** Points of the empirical CDF: for the i-th smallest of n values, (value, i/n). */
export function ecdfPoints(values: readonly number[]): { value: number; fraction: number }[] {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.map((value, i) => ({ value, fraction: (i + 1) / sorted.length }));
}

export function ecdfSpec(title: string, metric: string, groups: readonly Distribution[]): VegaLiteSpec {
  const labels = groups.map((g) => g.group);
  const values = groups.flatMap((g) => ecdfPoints(g.values).map((p) => ({ group: g.group, ...p })));
  const color = { field: 'group', type: 'nominal', title: null, scale: { domain: labels, range: PALETTE.slice(0, Math.max(1, labels.length)) }, sort: labels };
  const x = { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } };
  const y = { field: 'fraction', type: 'quantitative', title: 'fraction of seeds ≤ x', scale: { domain: [0, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'empirical CDF over seeds: one dot per seed' },
    width: CHART_WIDTH_PX,
    height: 140,
    config: { font: 'sans-serif', legend: { orient: 'top', labelLimit: 0 } },
    data: { values },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 }, encoding: { x, y, color } },
      { mark: { type: 'circle', size: 28, opacity: 0.8 }, encoding: { x, y, color } },
    ],
  };
}
