import { describe, expect, it } from 'vitest';
import { sweepJobs, verifySampled, VERIFY_EVERY } from './jobs.ts';
import { MAX_RUNS } from './seeds.ts';

describe('sweep jobs', () => {
  it('orders runs by combination, then seed, and numbers them from 0', () => {
    expect(sweepJobs(2, [3, 5])).toEqual([
      { index: 0, combo: 0, seed: 3 },
      { index: 1, combo: 0, seed: 5 },
      { index: 2, combo: 1, seed: 3 },
      { index: 3, combo: 1, seed: 5 },
    ]);
  });

  it('refuses more than MAX_RUNS runs', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => i);
    expect(() => sweepJobs(101, seeds)).toThrow(/101 parameter combinations x 1000 seeds = 101000 runs, more than 100000/);
    expect(sweepJobs(100, seeds)).toHaveLength(MAX_RUNS);
  });

  it('samples one run in VERIFY_EVERY for the determinism check, the first included', () => {
    const sampled = Array.from({ length: 35 }, (_, i) => i).filter(verifySampled);
    expect(VERIFY_EVERY).toBe(10);
    expect(sampled).toEqual([0, 10, 20, 30]);
  });
});
