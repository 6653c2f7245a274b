// Which key an operation touches: uniform, Zipf (rank r with probability proportional to 1/r^s)
// or hotspot (a fraction of the keys takes a share of the operations).
// Zipf draws binary-search a precomputed cumulative table: O(log n) per draw, 8 bytes per key.

import type { Rng } from './rng.ts';

export type KeyDistribution =
  | { kind: 'uniform' }
  | { kind: 'zipf'; s: number }
  | { kind: 'hotspot'; hotKeys: number; hotShare: number };

export type KeyChooser = () => number;

export function keyChooser(count: number, dist: KeyDistribution, rng: Rng): KeyChooser {
  switch (dist.kind) {
    case 'uniform':
      return () => rng.int(count);
    case 'hotspot': {
      const hot = Math.max(1, Math.min(count, Math.round(count * dist.hotKeys)));
      const share = dist.hotShare;
      return () => (rng.uniform() < share || hot === count ? rng.int(hot) : hot + rng.int(count - hot));
    }
    case 'zipf': {
      const cdf = new Float64Array(count);
      let sum = 0;
      for (let r = 0; r < count; r++) {
        sum += 1 / Math.pow(r + 1, dist.s);
        cdf[r] = sum;
      }
      for (let r = 0; r < count; r++) cdf[r] /= sum;
      return () => {
        const u = rng.uniform();
        let lo = 0;
        let hi = count - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid] < u) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
    }
  }
}

const names: string[] = [];

/** The key's name as histories and engines see it (cached: one string per key, not per operation). */
export function keyName(index: number): string {
  let n = names[index];
  if (n === undefined) names[index] = n = `k${index}`;
  return n;
}
