import { describe, expect, it } from 'vitest';
import { keyChooser, keyName, type KeyDistribution } from './key-chooser.ts';
import { Rng } from './rng.ts';

function counts(keys: number, dist: KeyDistribution, draws: number, seed = 'keys'): number[] {
  const choose = keyChooser(keys, dist, new Rng(seed));
  const c = new Array<number>(keys).fill(0);
  for (let i = 0; i < draws; i++) c[choose()]++;
  return c;
}

describe('sim', () => {
  describe('key chooser', () => {
    it('names keys k<index>', () => {
      expect(keyName(0)).toBe('k0');
      expect(keyName(1234)).toBe('k1234');
    });

    it('covers every key about equally under uniform', () => {
      const c = counts(100, { kind: 'uniform' }, 100_000);
      // Each count ~ Binomial(1e5, 0.01): mean 1000, sd ≈ 31; ±200 is over 6 sd.
      expect(c.every((n) => Math.abs(n - 1_000) < 200)).toBe(true);
    });

    it('only draws keys in [0, count) for every distribution', () => {
      for (const d of [{ kind: 'uniform' }, { kind: 'zipf', s: 1.2 }, { kind: 'hotspot', hotKeys: 0.1, hotShare: 0.8 }] as KeyDistribution[]) {
        const c = counts(37, d, 20_000);
        expect(c.reduce((a, b) => a + b, 0)).toBe(20_000); // nothing landed outside (c[k] would be NaN)
        expect(c).toHaveLength(37);
      }
    });

    describe('zipf', () => {
      it('makes rank frequency follow 1/r^s (rank 1 vs rank 2 and rank 10)', () => {
        for (const s of [0.99, 1.5]) {
          const c = counts(1_000, { kind: 'zipf', s }, 200_000);
          // Key 0 has rank 1. Count ratios are well inside 5% at these sample sizes.
          expect(Math.abs(c[0] / c[1] / 2 ** s - 1)).toBeLessThan(0.05);
          expect(Math.abs(c[0] / c[9] / 10 ** s - 1)).toBeLessThan(0.1);
        }
      });

      it('gives rank 1 its share 1 / H(n, s)', () => {
        let h = 0;
        for (let r = 1; r <= 1_000; r++) h += 1 / r;
        const c = counts(1_000, { kind: 'zipf', s: 1 }, 200_000);
        expect(Math.abs(c[0] / 200_000 / (1 / h) - 1)).toBeLessThan(0.03);
      });

      it('draws, through its guide table, the rank a search of the whole table gives, at every boundary', () => {
        const n = 997;
        const sExp = 0.99;
        const cdf: number[] = [];
        let sum = 0;
        for (let r = 0; r < n; r++) cdf.push((sum += 1 / Math.pow(r + 1, sExp)));
        for (let r = 0; r < n; r++) cdf[r] /= sum;
        const whole = (u: number) => {
          const r = cdf.findIndex((c) => c >= u);
          return r < 0 ? n - 1 : r;
        };
        // Values at and beside the table's cumulative points and the guide's j / n cuts, and a sweep.
        const us: number[] = [0, 1 - 2 ** -53];
        for (let j = 0; j < n; j++) us.push(j / n, Math.max(0, j / n - 1e-15), cdf[j], Math.max(0, cdf[j] - 1e-16), Math.min(1 - 2 ** -53, cdf[j] + 1e-16));
        for (let i = 0; i < 20_000; i++) us.push(i / 20_000);
        let next = 0;
        const fake = { uniform: () => us[next++] } as unknown as Rng;
        const draw = keyChooser(n, { kind: 'zipf', s: sExp }, fake);
        for (const u of us) expect(draw(), `u=${u}`).toBe(whole(u));
      });

      it('is uniform when s = 0', () => {
        const c = counts(10, { kind: 'zipf', s: 0 }, 100_000);
        expect(c.every((n) => Math.abs(n - 10_000) < 600)).toBe(true);
      });
    });

    describe('hotspot', () => {
      it('sends the hot share of operations to the hot fraction of keys', () => {
        const c = counts(1_000, { kind: 'hotspot', hotKeys: 0.01, hotShare: 0.9 }, 100_000);
        const hot = c.slice(0, 10).reduce((a, b) => a + b, 0);
        expect(Math.abs(hot / 100_000 - 0.9)).toBeLessThan(0.01);
        // The rest spread over the cold keys, reaching nearly all of them.
        expect(c.slice(10).filter((n) => n > 0).length).toBeGreaterThan(980);
        expect(Math.max(...c.slice(10))).toBeLessThan(40);
      });

      it('keeps at least one hot key, and sends everything to it when every key is hot', () => {
        const one = counts(50, { kind: 'hotspot', hotKeys: 0.0001, hotShare: 1 }, 1_000);
        expect(one[0]).toBe(1_000);
        const all = counts(4, { kind: 'hotspot', hotKeys: 1, hotShare: 0.1 }, 40_000);
        expect(all.every((n) => Math.abs(n - 10_000) < 600)).toBe(true);
      });
    });
  });
});
