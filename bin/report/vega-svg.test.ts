import { describe, expect, it } from 'vitest';
import { prepareSvg, renderSvg, shapeOf } from './vega-svg.ts';
import { timeChartSpec, type TimeChart } from './time-chart.ts';
import { eventTimelineVega, timeChartVega } from './vega-time-chart.ts';

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

  it("draws each run chart on its shape's one view, in any order, in the bytes a fresh view draws", async () => {
    const rows = (n: number, f: (t: number, i: number) => number | null) => Array.from({ length: n }, (_, t) => ({ t_s: t, a: f(t, 0), b: f(t, 1), c: f(t, 2), d: f(t, 3) }));
    const series = (k: number, long = '') => ['a', 'b', 'c', 'd'].slice(0, k).map((field) => ({ field, label: `${field}${long}` }));
    const crash = [{ label: '#0 crash', startS: 3, endS: 6 }];
    const base = { timeField: 't_s', yTitle: 'per s', faults: crash } as const;
    const charts = [
      timeChartVega({ ...base, title: 'Throughput', subtitle: 'one point per 1 s interval', rows: rows(12, (t, i) => 100 * (i + 1) + t), series: series(3), endS: 12, style: 'stacked-area' }),
      timeChartVega({ ...base, title: 'Availability', rows: rows(20, (t) => (t === 4 ? null : 1)), series: series(2, ' with a long name'), endS: 25, style: 'line' }),
      timeChartVega({ ...base, title: 'Latency', yTitle: 'ms (symlog)', rows: rows(8, (t, i) => 10 ** i + t), series: series(4), faults: [], endS: 8, style: 'line', yScale: 'symlog' }),
      timeChartVega({ ...base, title: 'Network', rows: rows(30, (t) => t / 7), series: series(1), endS: 30, style: 'line' } satisfies TimeChart),
      timeChartVega({ ...base, title: 'Throughput 2', rows: rows(5, () => 7), series: series(2), endS: 5, style: 'stacked-area' }),
      eventTimelineVega('Events', 'lanes', [{ t: 1, kind: 'failure-detected', node: 'n1' }, { t: 4, kind: 'promoted', node: 'n2' }], ['failure-detected', 'promoted'], crash, 12),
      eventTimelineVega('Events', 'lanes', ['k1', 'k2', 'k3', 'k4', 'k5'].map((kind, i) => ({ t: i * 2, kind, node: '' })), ['k1', 'k2', 'k3', 'k4', 'k5'], [], 20),
    ];
    const fresh = await Promise.all(charts.map((c) => renderSvg(c, true)));
    for (const order of [[0, 1, 2, 3, 4, 5, 6], [6, 4, 3, 2, 1, 0, 5], [3, 1, 4, 0, 5, 2, 6]]) {
      const drawn = await Promise.all(order.map((i) => renderSvg(charts[i])));
      order.forEach((i, k) => expect(drawn[k], `chart ${i} after ${order.slice(0, k).join(',')}`).toBe(fresh[i]));
    }
    // Stacked with and without a subtitle, lines, symlog lines, timelines: five shapes, five views.
    expect(new Set(charts.map((c) => shapeOf(c).key)).size).toBe(5);
  });
});
