import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aggregateColumns, aggregateRows, describeValues, metricValue, nearestRank, studentT975, studentTCdf } from './aggregate.ts';

describe('reports', () => {
  describe('aggregate', () => {
    it('describes 1..10 as the definitions say', () => {
      const s = describeValues([3, 1, 4, 10, 5, 9, 2, 6, 8, 7]);
      expect(s.count).toBe(10);
      expect(s.mean).toBe(5.5);
      expect(s.sd).toBeCloseTo(Math.sqrt(82.5 / 9), 12);
      expect([s.min, s.p50, s.p90, s.p99, s.max]).toEqual([1, 5, 9, 10, 10]);
      // mean +- t(0.975, 9) * sd / sqrt(10), t = 2.262157
      const half = 2.2621571628 * (Math.sqrt(82.5 / 9) / Math.sqrt(10));
      expect(s.ci95_low).toBeCloseTo(5.5 - half, 8);
      expect(s.ci95_high).toBeCloseTo(5.5 + half, 8);
    });

    it('takes nearest-rank quantiles: always one of the values', () => {
      const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
      expect([nearestRank(hundred, 50), nearestRank(hundred, 90), nearestRank(hundred, 99), nearestRank(hundred, 100)]).toEqual([50, 90, 99, 100]);
      const seven = [10, 20, 30, 40, 50, 60, 70];
      // ceil(0.5 * 7) = 4th, ceil(0.9 * 7) = 7th, ceil(0.99 * 7) = 7th
      expect([nearestRank(seven, 50), nearestRank(seven, 90), nearestRank(seven, 99)]).toEqual([40, 70, 70]);
      expect(nearestRank([42], 50)).toBe(42);
    });

    it('leaves sd and the interval empty for one value, everything but count for none', () => {
      expect(describeValues([7])).toEqual({ count: 1, mean: 7, sd: null, min: 7, p50: 7, p90: 7, p99: 7, max: 7, ci95_low: null, ci95_high: null });
      expect(describeValues([])).toEqual({ count: 0, mean: null, sd: null, min: null, p50: null, p90: null, p99: null, max: null, ci95_low: null, ci95_high: null });
    });

    it("gives Student's t 0.975 quantiles as tables do", () => {
      const table: [number, number][] = [
        [1, 12.706205],
        [2, 4.302653],
        [5, 2.570582],
        [9, 2.262157],
        [19, 2.093024],
        [30, 2.042272],
        [99, 1.984217],
        [999, 1.962341],
        [1e7, 1.959964],
      ];
      for (const [df, t] of table) expect(studentT975(df)).toBeCloseTo(t, 6);
      expect(studentTCdf(0, 4)).toBeCloseTo(0.5, 12);
    });

    it('keeps the interval around the mean, and the quantiles ordered and among the values', () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 200 }), (xs) => {
          const s = describeValues(xs);
          expect(s.min! <= s.p50! && s.p50! <= s.p90! && s.p90! <= s.p99! && s.p99! <= s.max!).toBe(true);
          for (const q of [s.p50, s.p90, s.p99]) expect(xs).toContain(q);
          expect(s.ci95_low! <= s.mean! + 1e-9 && s.mean! <= s.ci95_high! + 1e-9).toBe(true);
          expect(s.sd! >= 0).toBe(true);
        }),
      );
    });

    it('reads cells: empty is no value, booleans are 1 and 0', () => {
      expect(['', 'true', 'false', '12.5', '0', '-3'].map(metricValue)).toEqual([null, 1, 0, 12.5, 0, -3]);
      expect(() => metricValue('CP')).toThrow(/not a metric value/);
    });

    it('aggregates per group in order of first appearance and per metric in the order asked', () => {
      const columns = ['dns_ttl_s', 'seed', 'outage', 'linearizable'];
      const rows = [
        ['5', '1', '10', 'true'],
        ['30', '1', '40', 'false'],
        ['5', '2', '20', 'true'],
        ['30', '2', '', 'true'],
      ];
      const out = aggregateRows({ columns, rows, groupBy: ['dns_ttl_s'], metrics: ['outage', 'linearizable'] });
      expect(out.map((r) => [r['dns_ttl_s'], r.metric, r.count, r.mean])).toEqual([
        ['5', 'outage', 2, 15],
        ['5', 'linearizable', 2, 1],
        ['30', 'outage', 1, 40],
        ['30', 'linearizable', 2, 0.5],
      ]);
      expect(aggregateColumns(['dns_ttl_s'])).toEqual(['dns_ttl_s', 'metric', 'count', 'mean', 'sd', 'min', 'p50', 'p90', 'p99', 'max', 'ci95_low', 'ci95_high']);
      expect(() => aggregateRows({ columns, rows, groupBy: [], metrics: ['nope'] })).toThrow(/no column nope/);
    });
  });
});
