// Which key an operation touches: uniform, Zipf (rank r with probability proportional to 1/r^s)
// or hotspot (a fraction of the keys takes a share of the operations).
// Zipf draws search a precomputed cumulative table through a guide table: O(1) expected per draw,
// 12 bytes per key.

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
      // A guide table (Chen and Asau's indexed search): guide[j] is the first rank whose cumulative
      // probability reaches j / count, so a draw u searches only between guide[floor(u * count)]
      // and the next entry. Same rank for the same u as a search of the whole table.
      const guide = new Int32Array(count + 1);
      for (let j = 0, r = 0; j <= count; j++) {
        while (r < count - 1 && cdf[r] < j / count) r++;
        guide[j] = r;
      }
      return () => {
        const u = rng.uniform();
        const j = Math.floor(u * count);
        let lo = guide[j];
        let hi = guide[j + 1];
        // u * count and j / count round apart in rare cases: widen to the whole table then, so the
        // rank is always the first whose cumulative probability reaches u.
        if (lo > 0 && cdf[lo - 1] >= u) lo = 0;
        if (cdf[hi] < u) hi = count - 1;
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
