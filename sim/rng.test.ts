import { describe, expect, it } from 'vitest';
import { Rng, RngFactory } from './rng.ts';

const draws = (r: Rng, n: number) => Array.from({ length: n }, () => r.uniform());

describe('sim', () => {
  describe('rng', () => {
    it('gives the same sequence for the same run seed and stream name', () => {
      expect(draws(new RngFactory(42).stream('network'), 50)).toEqual(draws(new RngFactory(42).stream('network'), 50));
    });

    it('gives different sequences for different stream names', () => {
      const f = new RngFactory(42);
      expect(draws(f.stream('client/1'), 20)).not.toEqual(draws(f.stream('client/2'), 20));
    });

    it('gives different sequences for different run seeds', () => {
      expect(draws(new RngFactory(1).stream('network'), 20)).not.toEqual(draws(new RngFactory(2).stream('network'), 20));
    });

    it('leaves a stream unchanged when another stream draws more numbers', () => {
      const f = new RngFactory(7);
      const alone = draws(f.stream('b'), 30);
      const a = f.stream('a');
      const b = f.stream('b');
      const interleaved: number[] = [];
      for (let i = 0; i < 30; i++) {
        draws(a, i % 4); // a varying number of extra draws elsewhere
        interleaved.push(b.uniform());
      }
      expect(interleaved).toEqual(alone);
    });

    it('keeps uniform draws in [0, 1), integers in [0, n) and between() in [lo, hi)', () => {
      const r = new Rng('bounds');
      const bad: number[] = [];
      for (let i = 0; i < 10_000; i++) {
        const u = r.uniform();
        if (!(u >= 0 && u < 1)) bad.push(u);
        const k = r.int(7);
        if (!(Number.isInteger(k) && k >= 0 && k < 7)) bad.push(k);
        const x = r.between(-3, 5);
        if (!(x >= -3 && x < 5)) bad.push(x);
      }
      expect(bad).toEqual([]);
    });

    it('reaches every integer of int(n) about equally often', () => {
      const r = new Rng('int');
      const counts = new Array(10).fill(0);
      for (let i = 0; i < 100_000; i++) counts[r.int(10)]++;
      // Each count is Binomial(1e5, 0.1): sd ≈ 95, so ±600 is more than 6 sd.
      for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(600);
    });

    it('never fires chance(0) and always fires chance(1)', () => {
      const r = new Rng('chance');
      for (let i = 0; i < 1_000; i++) {
        expect(r.chance(0)).toBe(false);
        expect(r.chance(1)).toBe(true);
      }
    });

    it('fires chance(p) with frequency p', () => {
      const r = new Rng('chance-p');
      let hits = 0;
      for (let i = 0; i < 100_000; i++) if (r.chance(0.25)) hits++;
      // sd of the frequency ≈ 0.0014
      expect(Math.abs(hits / 100_000 - 0.25)).toBeLessThan(0.01);
    });

    it('draws exponentials with the requested mean', () => {
      const r = new Rng('exp');
      const n = 200_000;
      let sum = 0;
      let min = Infinity;
      for (let i = 0; i < n; i++) {
        const x = r.exponential(1_000);
        sum += x;
        min = Math.min(min, x);
      }
      // The sd of the sample mean is mean / sqrt(n) ≈ 0.22%; allow 1.5%.
      expect(sum / n).toBeGreaterThan(985);
      expect(sum / n).toBeLessThan(1_015);
      expect(min).toBeGreaterThanOrEqual(0);
    });

    it('draws standard normals (mean 0, sd 1)', () => {
      const r = new Rng('normal');
      const n = 200_000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const z = r.normal();
        sum += z;
        sq += z * z;
      }
      const mean = sum / n;
      expect(Math.abs(mean)).toBeLessThan(0.015);
      expect(Math.abs(Math.sqrt(sq / n - mean * mean) - 1)).toBeLessThan(0.015);
    });

    it('picks every element of a list', () => {
      const r = new Rng('pick');
      const seen = new Set<string>();
      for (let i = 0; i < 200; i++) seen.add(r.pick(['a', 'b', 'c']));
      expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    });
  });
});
