import { describe, expect, it } from 'vitest';
import { domainCharts, MAX_LINES } from './domain-charts.ts';

describe('report > domain charts', () => {
  it('draws the worst domains only, says how many were left out, and skips a run with one domain', () => {
    const names = Array.from({ length: MAX_LINES + 2 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const series = [0, 1].map((t) => ({ t_s: t, availability: Object.fromEntries(names.map((n, i) => [n, i === 9 ? 0 : 1])), lagMs: {} }));
    const { charts, omitted } = domainCharts(series, 1, [], 2, 1200);
    expect(charts.map((c) => c.id)).toEqual(['availability-by-domain']);
    expect(JSON.stringify(charts[0].spec)).toContain(`the ${MAX_LINES} worst of ${MAX_LINES + 2}`);
    expect(JSON.stringify(charts[0].spec)).toContain('"p09"');
    expect(omitted).toEqual(['replication lag per replica (largest per interval): none in this run']);
    const one = domainCharts([{ t_s: 0, availability: { writer: 1 }, lagMs: { r1: 3 } }], 1, [], 1, 1200);
    expect(one.charts.map((c) => c.id)).toEqual(['lag-by-replica']);
  });
});
