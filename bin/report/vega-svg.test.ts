import { describe, expect, it } from 'vitest';
import { prepareSvg, renderSvg, shapeOf } from './vega-svg.ts';
import { timeChartSpec } from './time-chart.ts';

const chart = (v: number) =>
  timeChartSpec({
    title: 'Availability',
    yTitle: 'ok / invoked',
    rows: [0, 1, 2, 3].map((t) => ({ t_s: t, a: t === 2 ? null : v })),
    timeField: 't_s',
    series: [{ field: 'a', label: 'writes' }],
    faults: [{ label: '#0 crash', startS: 1, endS: 2 }],
    endS: 4,
    style: 'line',
  });

describe('report > vega svg', () => {
  it('names one data set once even when two layers share it, and keeps the values out of the shape', () => {
    const s = shapeOf(chart(1));
    expect([...s.data.keys()]).toEqual(['d0', 'd1']);
    expect(s.key).not.toContain('#0 crash');
    expect(shapeOf(chart(0.5)).key).toBe(s.key);
  });

  it('draws the same SVG through a view prepared with other data as a fresh compile would', async () => {
    const first = await renderSvg(chart(0.25));
    await prepareSvg(chart(1));
    expect(await renderSvg(chart(0.25))).toBe(first);
    expect(first).toContain('#0 crash');
  });
});
