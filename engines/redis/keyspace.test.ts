import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { ITEM_OVERHEAD_BYTES, Keyspace } from './keyspace.ts';

function filled(n: number, ttl: (k: number) => number = () => -1): Keyspace {
  const ks = new Keyspace();
  // Key k was last used at time k: key 0 is the least recently used.
  for (let k = 0; k < n; k++) ks.set(k, 1000 + k, 100, ttl(k), k);
  return ks;
}

describe('redis', () => {
  describe('keyspace', () => {
    it('counts each key as its value size plus the per-key overhead', () => {
      const ks = filled(10);
      expect(ks.usedBytes).toBe(10 * (100 + ITEM_OVERHEAD_BYTES));
      ks.set(3, 7, 500, -1, 20);
      expect(ks.usedBytes).toBe(9 * (100 + ITEM_OVERHEAD_BYTES) + 500 + ITEM_OVERHEAD_BYTES);
      ks.delete(3);
      expect(ks.usedBytes).toBe(9 * (100 + ITEM_OVERHEAD_BYTES));
      expect(ks.delete(3)).toBe(false);
    });

    it('evicts the least recently used of the sampled keys', () => {
      const ks = filled(1000);
      const rng = new Rng('lru');
      // With 5 samples the candidate is the oldest of 5 random keys: on average near the 1/6 quantile.
      const picks = Array.from({ length: 2000 }, () => ks.lruCandidate('all', 5, rng)!.key);
      const mean = picks.reduce((a, b) => a + b, 0) / picks.length;
      expect(mean).toBeGreaterThan(1000 / 6 - 25);
      expect(mean).toBeLessThan(1000 / 6 + 25);
      // More samples approximate true LRU more closely.
      const exactish = Array.from({ length: 200 }, () => ks.lruCandidate('all', 64, rng)!.key);
      expect(Math.max(...exactish)).toBeLessThan(100);
    });

    it('draws volatile-lru candidates only among keys with a TTL', () => {
      const ks = filled(100, (k) => (k % 2 === 0 ? -1 : 10_000));
      const rng = new Rng('volatile');
      for (let i = 0; i < 200; i++) expect(ks.lruCandidate('volatile', 5, rng)!.key % 2).toBe(1);
      const none = filled(10);
      expect(none.lruCandidate('volatile', 5, rng)).toBeNull();
    });

    it('keeps positions right through swap-removals, and a TTL can be set and cleared', () => {
      const ks = filled(50, () => 500);
      const rng = new Rng('swap');
      for (let k = 0; k < 50; k += 3) ks.delete(k);
      ks.set(1, 9, 100, -1, 99); // TTL cleared
      for (let i = 0; i < 500; i++) {
        const c = ks.lruCandidate('volatile', 3, rng)!;
        expect(ks.peek(c.key)).toBe(c);
        expect(c.key % 3 !== 0 && c.key !== 1).toBe(true);
      }
      expect(ks.size).toBe(50 - 17);
    });

    it('finds expired keys by sampling, as the active expiry cycle does', () => {
      const ks = filled(100, (k) => (k < 50 ? 10 : 1_000_000));
      const { checked, expired } = ks.expiredSample(20, 500, new Rng('expire'));
      expect(checked).toBe(20);
      expect(expired.length).toBeGreaterThan(3);
      for (const item of expired) expect(item.key).toBeLessThan(50);
    });

    it('clones a dataset (a full resynchronisation) independently of the original', () => {
      const ks = filled(10, (k) => (k === 4 ? 77 : -1));
      const c = ks.clone();
      expect(c.usedBytes).toBe(ks.usedBytes);
      expect(c.peek(4)!.expireAtLocal).toBe(77);
      expect(c.peek(4)!.lastAccessLocal).toBe(4);
      ks.set(4, 1, 100, -1, 50);
      expect(c.peek(4)!.value).toBe(1004);
    });
  });
});
