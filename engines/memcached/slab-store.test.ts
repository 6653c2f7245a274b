// One node's slab store: chunk sizes by the growth factor, pages handed to classes as they fill,
// evictions within a full class only, and the second chance an item fetched since it was stored gets.
import { describe, expect, it } from 'vitest';
import { chunkSizes, itemBytes, SlabStore } from './slab-store.ts';

const MB = 1024 * 1024;
const config = { memoryBytes: 2 * MB, pageBytes: 1 * MB, growthFactor: 1.25, chunkMinBytes: 48 };

describe('memcached', () => {
  describe('slab store', () => {
    it('sizes chunks from header plus 48 bytes, each class 1.25 times the last, up to a whole page', () => {
      const sizes = chunkSizes(config);
      expect(sizes[0]).toBe(104);
      expect(sizes[1]).toBe(136);
      expect(sizes.at(-1)).toBe(MB);
      for (let i = 1; i < sizes.length - 1; i++) expect(sizes[i] / sizes[i - 1]).toBeGreaterThan(1.2);
    });

    it('stores and returns values, and expires them on the local clock', () => {
      const s = new SlabStore(config);
      expect(s.set(1, 10, itemBytes(2, 100), -1)).toEqual({ stored: true, evicted: 0 });
      expect(s.set(2, 20, itemBytes(2, 100), 500)).toEqual({ stored: true, evicted: 0 });
      expect(s.get(1, 1000)).toBe(10);
      expect(s.get(2, 499)).toBe(20);
      expect(s.get(2, 500)).toBe('expired');
      expect(s.get(2, 501)).toBeNull();
      expect(s.set(3, 30, 2 * MB, -1)).toEqual({ stored: false, why: 'too-large' });
    });

    it('evicts the least recently stored item of a full class once memory is handed out', () => {
      const s = new SlabStore(config);
      const bytes = itemBytes(5, 1000);
      const perPage = Math.floor(MB / chunkSizes(config)[s.classFor(bytes)]);
      let evicted = 0;
      for (let k = 0; k < 2 * perPage + 10; k++) {
        const r = s.set(k, k + 1, bytes, -1);
        if (r.stored) evicted += r.evicted;
      }
      expect(s.pagesUsed).toBe(2);
      expect(evicted).toBe(10);
      expect(s.size).toBe(2 * perPage);
      for (let k = 0; k < 10; k++) expect(s.get(k, 0)).toBeNull();
      expect(s.get(10, 0)).toBe(11);
    });

    it('keeps an item fetched since it was stored when its class evicts (second chance)', () => {
      const s = new SlabStore({ ...config, memoryBytes: MB });
      const bytes = itemBytes(5, 1000);
      const perPage = Math.floor(MB / chunkSizes(config)[s.classFor(bytes)]);
      for (let k = 0; k < perPage; k++) s.set(k, k + 1, bytes, -1);
      expect(s.get(0, 0)).toBe(1);
      s.set(perPage, 0, bytes, -1);
      expect(s.get(0, 0)).toBe(1);
      expect(s.get(1, 0)).toBeNull();
    });

    it('never takes pages back: a class that got none has no room once the others hold them all', () => {
      const s = new SlabStore({ ...config, memoryBytes: MB });
      s.set(1, 1, itemBytes(2, 1000), -1);
      expect(s.pagesByClass().filter((p) => p > 0)).toEqual([1]);
      expect(s.set(2, 2, itemBytes(2, 50), -1)).toEqual({ stored: false, why: 'out-of-memory' });
    });
  });
});
