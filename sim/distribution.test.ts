import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { constant, describeDistribution, meanOf, sampler, type Distribution } from './distribution.ts';

function sample(dist: Distribution, n: number, seed = 'dist'): Float64Array {
  const s = sampler(dist, new Rng(seed));
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = s();
  return xs.sort();
}

const quantile = (sorted: Float64Array, p: number) => sorted[Math.floor(p * sorted.length)];
const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('sim', () => {
  describe('distribution', () => {
    it('returns the constant value every time', () => {
      const xs = sample(constant(750), 100);
      expect(xs.every((x) => x === 750)).toBe(true);
    });

    it('draws uniforms between low and high, with mean (low + high) / 2', () => {
      const d: Distribution = { kind: 'uniform', low: 100, high: 300 };
      const xs = sample(d, 100_000);
      expect(xs[0]).toBeGreaterThanOrEqual(100);
      expect(xs[xs.length - 1]).toBeLessThan(300);
      expect(Math.abs(mean(xs) - 200)).toBeLessThan(2);
      expect(meanOf(d)).toBe(200);
    });

    it('draws exponentials with the given mean', () => {
      const d: Distribution = { kind: 'exponential', mean: 2_000 };
      expect(Math.abs(mean(sample(d, 200_000)) / 2_000 - 1)).toBeLessThan(0.015);
      expect(meanOf(d)).toBe(2_000);
    });

    it('fits a log-normal to {median, p99}: the samples have that median and p99', () => {
      const d: Distribution = { kind: 'lognormal', median: 2_000, p99: 20_000 };
      // 400k draws: the sd of the sample p99 is about 0.6% (sd of the median about 0.1%).
      const xs = sample(d, 400_000);
      expect(Math.abs(quantile(xs, 0.5) / 2_000 - 1)).toBeLessThan(0.01);
      expect(Math.abs(quantile(xs, 0.99) / 20_000 - 1)).toBeLessThan(0.03);
      // meanOf gives the fitted distribution's mean: median * exp(sigma^2 / 2).
      expect(Math.abs(mean(xs) / meanOf(d) - 1)).toBeLessThan(0.015);
      expect(meanOf(d)).toBeGreaterThan(2_000);
    });

    it('degenerates a log-normal with p99 <= median to a constant at the median', () => {
      const xs = sample({ kind: 'lognormal', median: 500, p99: 500 }, 1_000);
      expect(xs[0]).toBeCloseTo(500, 9);
      expect(xs[xs.length - 1]).toBeCloseTo(500, 9);
    });

    it('describes each kind in the units it is given', () => {
      const ms = (v: number) => `${v / 1000}ms`;
      expect(describeDistribution(constant(1000), ms)).toBe('1ms');
      expect(describeDistribution({ kind: 'uniform', low: 1000, high: 3000 }, ms)).toBe('uniform 1ms..3ms');
      expect(describeDistribution({ kind: 'exponential', mean: 2000 }, ms)).toBe('exponential mean 2ms');
      expect(describeDistribution({ kind: 'lognormal', median: 1000, p99: 9000 }, ms)).toBe('log-normal median 1ms, p99 9ms');
    });
  });
});
