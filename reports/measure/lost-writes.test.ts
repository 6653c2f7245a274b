import { describe, expect, it } from 'vitest';
import { countLostWrites } from './lost-writes.ts';
import { WriteRegistry } from './write-registry.ts';

/** Writes as [value, keyIndex, invokeUs, ackUs | null (failed or timed out)]. */
function registry(writes: [value: number, keyIndex: number, invokeUs: number, ackUs: number | null][]): WriteRegistry {
  const r = new WriteRegistry();
  for (const [v, k, inv] of writes) r.invoked(v, k, inv);
  for (const [v, , , ack] of [...writes].filter((w) => w[3] !== null).sort((a, b) => a[3]! - b[3]!)) r.acknowledged(v, ack!);
  return r;
}

const surviving = (byKey: Record<number, number[]>) => (k: number) => byKey[k] ?? [];

describe('reports', () => {
  describe('lost writes', () => {
    it('finds nothing lost when every acknowledged value survives', () => {
      const r = registry([[1, 0, 10, 20], [2, 0, 30, 40], [3, 1, 30, 45]]);
      expect(countLostWrites(r, surviving({ 0: [1, 2], 1: [3] }))).toEqual({ count: 0, rpoUs: null, lost: [] });
    });

    it('counts acknowledged values missing from the surviving history of their key', () => {
      const r = registry([[1, 0, 10, 20], [2, 0, 30, 40], [3, 1, 50, 65], [4, 0, 70, 80]]);
      const lost = countLostWrites(r, surviving({ 0: [1], 1: [] }));
      expect(lost.count).toBe(3);
      expect(lost.lost).toEqual([
        { value: 2, ackUs: 40 },
        { value: 3, ackUs: 65 },
        { value: 4, ackUs: 80 },
      ]);
    });

    it('never counts a write that was not acknowledged (failed, timed out or in flight), survived or not', () => {
      const r = registry([[1, 0, 10, 20], [2, 0, 30, null], [3, 0, 40, null]]);
      const lost = countLostWrites(r, surviving({ 0: [1, 3] }));
      expect(lost.count).toBe(0);
    });

    it('does not take a value surviving on another key as surviving on its own', () => {
      const r = registry([[1, 0, 10, 20]]);
      expect(countLostWrites(r, surviving({ 1: [1] })).count).toBe(1);
    });

    it('gives rpo as the span from the invocation of the earliest lost write to the acknowledgement of the latest', () => {
      const r = registry([[1, 0, 1_000, 2_000], [2, 0, 5_000, 6_500], [3, 1, 3_000, 9_000], [4, 0, 10_000, 11_000]]);
      const lost = countLostWrites(r, surviving({ 0: [1, 4], 1: [] }));
      expect(lost.count).toBe(2);
      // Lost: value 2 (5,000 .. 6,500) and value 3 (3,000 .. 9,000) -> 3,000 .. 9,000.
      expect(lost.rpoUs).toBe(6_000);
    });

    it('gives a single lost write an rpo of its own latency', () => {
      const r = registry([[1, 0, 1_000, 1_250]]);
      expect(countLostWrites(r, surviving({})).rpoUs).toBe(250);
    });
  });

  describe('write registry', () => {
    it('keeps each value\'s times and the keys that had a write acknowledged', () => {
      const r = new WriteRegistry();
      r.invoked(1, 0, 10);
      r.invoked(2, 0, 11);
      r.invoked(3, 7, 12);
      r.acknowledged(2, 20);
      r.acknowledged(3, 21);
      r.acknowledged(1, 22);
      expect([...r.ackedValues()]).toEqual([1, 2, 3]);
      expect(r.keysWithAckedWrites()).toEqual([0, 7]);
      expect([r.invokeOf(1), r.ackOf(1), r.firstAckOf(0), r.firstAckOf(7), r.firstAckOf(5)]).toEqual([10, 22, 20, 21, Infinity]);
    });

    it('says -1 for a write never acknowledged, and for a value it never saw', () => {
      const r = new WriteRegistry();
      r.invoked(1, 0, 10);
      expect(r.ackOf(1)).toBe(-1);
      expect(r.ackOf(999_999)).toBe(-1);
      expect([...r.ackedValues()]).toEqual([]);
    });

    it('grows to hold large values without losing earlier ones', () => {
      const r = new WriteRegistry();
      r.invoked(5, 2, 50);
      r.acknowledged(5, 60);
      r.invoked(100_000, 3, 70);
      r.acknowledged(100_000, 80);
      expect([r.invokeOf(5), r.ackOf(5), r.invokeOf(100_000), r.ackOf(100_000)]).toEqual([50, 60, 70, 80]);
      expect([...r.ackedValues()]).toEqual([5, 100_000]);
    });

    it('holds per-key entries in proportion to the keys, not to the writes', () => {
      // 200,000 writes from 8 clients over 5 keys: each client writes one key at a time, some
      // writes fail; what the registry holds per key stays within the keys and the writes in flight.
      const r = new WriteRegistry();
      const keys = 5;
      const clients = 8;
      let value = 0;
      let nowUs = 0;
      let most = 0;
      const inFlight: { value: number; endUs: number; ok: boolean }[] = [];
      for (let i = 0; i < 200_000; i++) {
        nowUs += 7;
        if (inFlight.length === clients) {
          inFlight.sort((a, b) => a.endUs - b.endUs);
          const done = inFlight.shift()!;
          nowUs = Math.max(nowUs, done.endUs);
          if (done.ok) r.acknowledged(done.value, done.endUs);
          else r.ended(done.value);
        }
        r.invoked(++value, (i * 7919) % keys, nowUs);
        inFlight.push({ value, endUs: nowUs + 20 + ((i * 104_729) % 90), ok: i % 13 !== 0 });
        most = Math.max(most, r.retainedKeyEntries());
      }
      expect(value).toBe(200_000);
      expect(most).toBeLessThanOrEqual(keys + keys * clients + clients);
    });

    /** 200,000 writes, one at a time, over 50 keys; `settle` reports each write durable and the value it replaced unreadable 100 writes later. */
    function settledRun(settle: boolean): { most: number; r: WriteRegistry } {
      const maxOpUs = 500;
      const r = new WriteRegistry(maxOpUs);
      const current = new Map<number, number>();
      const later: { value: number; replaced: number | undefined }[] = [];
      let most = 0;
      for (let v = 1, nowUs = 0; v <= 200_000; v++, nowUs += 10) {
        const key = (v * 7919) % 50;
        r.invoked(v, key, nowUs);
        if (v % 17 === 0) r.ended(v);
        else {
          r.acknowledged(v, nowUs + 5);
          later.push({ value: v, replaced: current.get(key) });
          current.set(key, v);
        }
        if (settle && later.length > 100) {
          const s = later.shift()!;
          r.valueDurable(s.value);
          if (s.replaced !== undefined) r.valueUnreadable(s.replaced, nowUs + 5);
        }
        most = Math.max(most, r.retainedValueEntries());
      }
      return { most, r };
    }

    it('holds per-value times only for writes the engine has not settled: in proportion to the keys and the window, not to the writes', () => {
      const settled = settledRun(true);
      // Per key the current value's superseded time; per write in the window its times; the
      // releases wait maxOpUs (50 writes here); a partly released chunk of 16,384 values waits
      // to be spilled.
      expect(settled.most).toBeLessThan(50 + 3 * (100 + 50) + 3 * 16_384);
      expect(settledRun(false).most).toBeGreaterThan(3 * 180_000);
    });

    it('counts as possibly lost only acknowledged writes the engine did not report durable', () => {
      const { r } = settledRun(true);
      const open = [...r.ackedValues()];
      expect(open.length).toBeLessThanOrEqual(101);
      for (const v of open) expect(r.ackOf(v)).toBeGreaterThan(0);
    });

    it('refuses to judge a read of a value the engine said no read could return', () => {
      const r = new WriteRegistry(100);
      r.invoked(1, 0, 0);
      r.acknowledged(1, 10);
      r.invoked(2, 0, 20);
      r.acknowledged(2, 30);
      r.valueUnreadable(1, 40);
      expect(r.supersededOf(1, 140)).toBe(30); // a read invoked then may have been served before 40
      expect(() => r.supersededOf(1, 150)).toThrow(/said no read could return/);
    });

    it('ignores an unreadable report while the write still runs (a retry may write the value again)', () => {
      const r = new WriteRegistry(100);
      r.invoked(1, 0, 0);
      r.valueUnreadable(1, 5);
      r.acknowledged(1, 10);
      r.invoked(2, 0, 20);
      r.acknowledged(2, 30);
      expect(r.supersededOf(1, 1000)).toBe(30);
    });
  });
});
