import { describe, expect, it } from 'vitest';
import { fullJitterUs } from './backoff.ts';
import { Rng } from './rng.ts';

function draws(base: number, cap: number, retry: number, n = 5_000): number[] {
  const r = new Rng('backoff');
  return Array.from({ length: n }, () => fullJitterUs(base, cap, retry, r));
}

describe('sim', () => {
  describe('backoff', () => {
    it('sleeps a whole number of microseconds between 0 and base * 2^(retry - 1)', () => {
      for (const [retry, ceiling] of [
        [1, 100],
        [2, 200],
        [3, 400],
      ]) {
        const d = draws(100, 1_000_000, retry);
        expect(d.every((x) => Number.isInteger(x) && x >= 0 && x <= ceiling)).toBe(true);
        expect(Math.max(...d)).toBeGreaterThan(0.98 * ceiling);
        expect(Math.abs(d.reduce((a, b) => a + b, 0) / d.length / ceiling - 0.5)).toBeLessThan(0.03);
      }
    });

    it('never exceeds the cap, however many retries', () => {
      const d = draws(100, 1_500, 30);
      expect(Math.max(...d)).toBeLessThanOrEqual(1_500);
      expect(Math.max(...d)).toBeGreaterThan(1_450);
    });

    it('treats retry 0 like the first retry', () => {
      expect(Math.max(...draws(100, 10_000, 0))).toBeLessThanOrEqual(100);
    });
  });
});
