import { describe, expect, it } from 'vitest';
import { downsample } from './downsample.ts';

const rows = Array.from({ length: 10 }, (_, i) => ({ t_s: i, avail: i === 3 ? 0 : 1, lat: i * 10, n: i }));

describe('downsample', () => {
  it('leaves a short series as it is', () => {
    const d = downsample(rows, 't_s', { avail: 'min' }, 10);
    expect(d.factor).toBe(1);
    expect(d.rows).toEqual(rows);
  });

  it('keeps the worst availability and latency and the mean count of each merged group', () => {
    const d = downsample(rows, 't_s', { avail: 'min', lat: 'max', n: 'mean' }, 4);
    expect(d.factor).toBe(3);
    expect(d.rows.map((r) => r.t_s)).toEqual([0, 3, 6, 9]);
    expect(d.rows.map((r) => r.avail)).toEqual([1, 0, 1, 1]);
    expect(d.rows.map((r) => r.lat)).toEqual([20, 50, 80, 90]);
    expect(d.rows.map((r) => r.n)).toEqual([1, 4, 7, 9]);
  });

  it('gives an empty cell where a merged group has no figure', () => {
    const d = downsample([{ t_s: 0, lag: null }, { t_s: 1, lag: null }, { t_s: 2, lag: 5 }], 't_s', { lag: 'max' }, 2);
    expect(d.rows).toEqual([{ t_s: 0, lag: null }, { t_s: 2, lag: 5 }]);
  });
});
