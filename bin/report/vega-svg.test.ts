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
    await prepareSvg(chart(1), { draw: true, spare: true });
    expect(await renderSvg(chart(0.25))).toBe(first);
    expect(first).toContain('#0 crash');
  });

  it('draws Vega charts of one shape, on views built ahead from another chart, in the bytes of each specification parsed as it is', async () => {
    const rows = (n: number, f: (t: number, i: number) => number | null) => Array.from({ length: n }, (_, t) => ({ t_s: t, a: f(t, 0), b: f(t, 1), c: f(t, 2), d: f(t, 3) }));
    const series = (k: number, long = '') => ['a', 'b', 'c', 'd'].slice(0, k).map((field) => ({ field, label: `${field}${long}` }));
    const crash = [{ label: '#0 crash', startS: 3, endS: 6 }];
    const base = { timeField: 't_s', yTitle: 'per s', faults: crash } as const;
    const charts = [
      timeChartVega({ ...base, title: 'Throughput', subtitle: 'one point per 1 s interval', rows: rows(12, (t, i) => 100 * (i + 1) + t), series: series(2), endS: 12, style: 'stacked-area' }),
      timeChartVega({ ...base, title: 'Throughput again', rows: rows(5, () => 7), series: series(2), faults: [], endS: 5, style: 'stacked-area' }),
      timeChartVega({ ...base, title: 'Availability', rows: rows(20, (t) => (t === 4 ? null : 1)), series: series(2, ' with a long name'), endS: 25, style: 'line' }),
      timeChartVega({ ...base, title: 'Network', subtitle: 'MB/s', rows: rows(30, (t) => t / 7), series: series(2), endS: 30, style: 'line' } satisfies TimeChart),
      timeChartVega({ ...base, title: 'Latency', yTitle: 'ms (symlog)', rows: rows(8, (t, i) => 10 ** i + t), series: series(4), endS: 8, style: 'line', yScale: 'symlog' }),
      eventTimelineVega('Events', 'lanes', [{ t: 1, kind: 'failure-detected', node: 'n1' }, { t: 4, kind: 'promoted', node: 'n2' }], ['failure-detected', 'promoted'], crash, 12),
      eventTimelineVega('Events', 'more lanes', ['k1', 'k2', 'k3', 'k4', 'k5'].map((kind, i) => ({ t: i * 2, kind, node: '' })), ['k1', 'k2', 'k3', 'k4', 'k5'], [], 20),
    ];
    // Titles, series names, the axis's end and the timeline's height are not part of a shape.
    expect(new Set(charts.map((c) => shapeOf(c).key)).size).toBe(4);
    const fresh = [];
    for (const c of charts) fresh.push(await renderSvg(c, true));
    // Each view is built ahead from the chart of the same shape drawn before or after it.
    for (const [i, c] of charts.entries()) await prepareSvg(charts[i % 2 === 0 ? i + 1 : i - 1] ?? c, { draw: false, spare: true });
    for (const [i, c] of charts.entries()) expect(await renderSvg(c), `chart ${i}`).toBe(fresh[i]);
    expect(fresh[0]).toContain('Throughput');
    expect(fresh[6]).toContain('k5');
  });
});
