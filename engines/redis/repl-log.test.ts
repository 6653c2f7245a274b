import { describe, expect, it } from 'vitest';
import { entriesSince, ENTRY_OVERHEAD_BYTES, nextEntry, offsetOf, valuesByKey, type ReplEntry } from './repl-log.ts';

function chain(from: ReplEntry | null, writes: [number, number | null][]): ReplEntry[] {
  const out: ReplEntry[] = [];
  let head = from;
  for (const [k, v] of writes) {
    head = nextEntry(head, k, v, 100, -1, 0, 'write');
    out.push(head);
  }
  return out;
}

describe('redis', () => {
  describe('replication stream', () => {
    it('counts offsets in stream bytes: a SET carries its value, a DEL only its framing', () => {
      const [a, b] = chain(null, [
        [1, 10],
        [1, null],
      ]);
      expect(a.offset).toBe(ENTRY_OVERHEAD_BYTES + 100);
      expect(b.offset).toBe(2 * ENTRY_OVERHEAD_BYTES + 100);
      expect(offsetOf(null)).toBe(0);
    });

    it('resynchronises partially a replica whose head is on the primary chain within the backlog', () => {
      const es = chain(null, [
        [1, 10],
        [2, 20],
        [3, 30],
        [1, 11],
      ]);
      expect(entriesSince(es[3], es[1], 1_000_000)).toEqual([es[2], es[3]]);
      expect(entriesSince(es[3], null, 1_000_000)).toEqual(es);
      expect(entriesSince(es[3], es[3], 1_000_000)).toEqual([]);
    });

    it('needs a full resynchronisation when the replica is too far behind for the backlog', () => {
      const es = chain(null, [
        [1, 10],
        [2, 20],
        [3, 30],
      ]);
      expect(entriesSince(es[2], es[0], 2 * (ENTRY_OVERHEAD_BYTES + 100))).toEqual([es[1], es[2]]);
      expect(entriesSince(es[2], es[0], 2 * (ENTRY_OVERHEAD_BYTES + 100) - 1)).toBeNull();
    });

    it('needs a full resynchronisation from a diverged branch: an old primary that kept writing', () => {
      const common = chain(null, [
        [1, 10],
        [2, 20],
      ]);
      const oldPrimary = chain(common[1], [[1, 12]]); // written in a minority, never replicated
      const promoted = chain(common[1], [
        [3, 30],
        [4, 40],
      ]);
      expect(entriesSince(promoted[1], oldPrimary[0], 1_000_000)).toBeNull();
      // A replica that was ahead of the new primary cannot resume either.
      expect(entriesSince(common[1], oldPrimary[0], 1_000_000)).toBeNull();
      // A primary that restarted empty starts a new chain: its old replicas cannot resume.
      const restarted = chain(null, [[9, 90]]);
      expect(entriesSince(restarted[0], common[0], 1_000_000)).toBeNull();
    });

    it('gives the values each key took along a chain; the other branch is not in it', () => {
      const common = chain(null, [
        [1, 10],
        [2, 20],
      ]);
      const lost = chain(common[1], [[1, 12]]);
      const kept = chain(common[1], [
        [1, 11],
        [2, null],
        [2, 21],
      ]);
      const v = valuesByKey(kept[2]);
      expect(v.get(1)).toEqual([10, 11]);
      expect(v.get(2)).toEqual([20, 21]);
      expect(valuesByKey(lost[0]).get(1)).toEqual([10, 12]);
      expect(valuesByKey(null).size).toBe(0);
    });
  });
});
