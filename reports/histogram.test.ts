import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.ts';
import { mulberry32 as rng } from './linearizability/simulated-history.ts';

/** The exact q-quantile by the same nearest-rank rule: the ceil(q * n)-th smallest value. */
function exact(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

const QUANTILES = [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

function expectWithinOnePercent(values: readonly number[]): void {
  const h = new Histogram();
  for (const v of values) h.record(v);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of QUANTILES) {
    const want = exact(sorted, q);
    const got = h.quantile(q);
    if (want === 0) expect(got, `q=${q}`).toBe(0);
    else expect(Math.abs(got - want) / want, `q=${q}: got ${got}, exact ${want}`).toBeLessThanOrEqual(0.01);
  }
}

describe('reports', () => {
  describe('histogram', () => {
    it('keeps count, sum, min, max and mean exact', () => {
      const h = new Histogram();
      for (const v of [3, 0.25, 17, 1000.5, 0]) h.record(v);
      expect(h.count).toBe(5);
      expect(h.sum).toBe(1020.75);
      expect(h.min).toBe(0);
      expect(h.max).toBe(1000.5);
      expect(h.mean).toBe(1020.75 / 5);
    });

    it('has no quantile and no mean before anything is recorded', () => {
      const h = new Histogram();
      expect(h.quantile(0.5)).toBeNaN();
      expect(h.mean).toBeNaN();
      expect(h.count).toBe(0);
    });

    it('gives quantiles within 1% of the exact ones for a uniform distribution of latencies', () => {
      const r = rng(1);
      expectWithinOnePercent(Array.from({ length: 20_000 }, () => 1 + r() * 999));
    });

    it('gives quantiles within 1% of the exact ones for an exponential distribution', () => {
      const r = rng(2);
      expectWithinOnePercent(Array.from({ length: 20_000 }, () => -Math.log(1 - r()) * 5));
    });

    it('gives quantiles within 1% of the exact ones for a heavy-tailed (log-normal) distribution', () => {
      const r = rng(3);
      const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      expectWithinOnePercent(Array.from({ length: 20_000 }, () => Math.exp(2 + 2.5 * normal())));
    });

    it('gives quantiles within 1% of the exact ones for a bimodal distribution (fast path and timeouts)', () => {
      const r = rng(4);
      expectWithinOnePercent(Array.from({ length: 20_000 }, () => (r() < 0.97 ? 0.8 + r() * 0.4 : 3000 + r() * 2000)));
    });

    it('gives quantiles within 1% of the exact ones for values below 1 (sub-millisecond latencies)', () => {
      const r = rng(5);
      expectWithinOnePercent(Array.from({ length: 20_000 }, () => 0.01 + r() * 0.98));
      // The median of 0.1 .. 0.9 is 0.5, not the minimum.
      const h = new Histogram();
      for (let i = 1; i <= 9; i++) h.record(i / 10);
      expect(h.quantile(0.5)).toBeCloseTo(0.5, 2);
      expect(Math.abs(h.quantile(0.5) - 0.5) / 0.5).toBeLessThanOrEqual(0.01);
    });

    it('gives exactly 0 for quantiles that fall on recorded zeros, and the value above for the rest', () => {
      const h = new Histogram();
      for (const v of [0, 0, 0, 5, 5]) h.record(v);
      expect(h.quantile(0.5)).toBe(0);
      expect(h.quantile(0.6)).toBe(0);
      expect(Math.abs(h.quantile(0.8) - 5) / 5).toBeLessThanOrEqual(0.01);
      expectWithinOnePercent([0, 0, 0.3, 0.7, 0, 2, 0.05, 0]);
    });

    it('returns a constant exactly (the estimate is kept within the min and max seen)', () => {
      const h = new Histogram();
      for (let i = 0; i < 1000; i++) h.record(12.345);
      for (const q of QUANTILES) expect(h.quantile(q)).toBe(12.345);
    });

    it('counts a negative value as 0', () => {
      const h = new Histogram();
      h.record(-3);
      expect([h.count, h.sum, h.min, h.max, h.quantile(0.5)]).toEqual([1, 0, 0, 0, 0]);
    });

    it('uses memory that depends on the range of values, not on how many were recorded', () => {
      const r = rng(6);
      const h = new Histogram();
      h.record(0.001);
      h.record(10_000);
      for (let i = 0; i < 1_000; i++) h.record(0.001 + r() * 10_000);
      const after1k = h.bucketCount;
      for (let i = 0; i < 200_000; i++) h.record(0.001 + r() * 10_000);
      expect(h.bucketCount).toBe(after1k);
      // Ten orders of magnitude (1 us to ~3 hours, in ms) fit in a few thousand buckets.
      const wide = new Histogram();
      wide.record(0.001);
      wide.record(1.08e7);
      expect(wide.bucketCount).toBeLessThan(5_000);
    });

    it('starts over after reset', () => {
      const h = new Histogram();
      for (const v of [1, 2, 3]) h.record(v);
      h.reset();
      expect([h.count, h.sum, h.min, h.max]).toEqual([0, 0, Infinity, -Infinity]);
      expect(h.quantile(0.5)).toBeNaN();
      h.record(7);
      expect(h.quantile(0.5)).toBe(7);
    });
  });
});
