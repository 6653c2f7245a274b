import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StaleReads } from './stale-reads.ts';
import { WriteRegistry } from './write-registry.ts';

/** Writes to key 0 as [value, invokeUs, ackUs | null]; acknowledgements are registered in time order. */
function registry(writes: [value: number, invokeUs: number, ackUs: number | null][], keyIndex = 0): WriteRegistry {
  const r = new WriteRegistry();
  for (const [v, inv] of writes) r.invoked(v, keyIndex, inv);
  const acked = writes.filter((w) => w[2] !== null).sort((a, b) => a[2]! - b[2]!);
  for (const [v, , ack] of acked) r.acknowledged(v, ack!);
  return r;
}

describe('reports', () => {
  describe('stale reads', () => {
    it('never calls a read stale when no write was acknowledged before it was invoked', () => {
      const s = new StaleReads(registry([[1, 100, 300]]));
      expect(s.read(0, 50, null)).toBe(false); // nothing written yet
      expect(s.read(0, 200, null)).toBe(false); // the write is in flight
      expect(s.read(0, 300, null)).toBe(false); // acknowledged at the read's invocation, not before
      expect(s.stale).toBe(0);
      expect(s.okReads).toBe(3);
    });

    it('calls the never-written value stale once a write was acknowledged, aged from that acknowledgement', () => {
      const s = new StaleReads(registry([[1, 100, 300], [2, 400, 500]]));
      expect(s.read(0, 1_300, null)).toBe(true);
      expect(s.stale).toBe(1);
      // Superseded by the first acknowledged write: age = 1,300 - 300 us = 1 ms.
      expect(s.ageMs.max).toBe(1);
    });

    it('does not call the newest acknowledged value stale', () => {
      const s = new StaleReads(registry([[1, 100, 200], [2, 300, 400]]));
      expect(s.read(0, 500, 2)).toBe(false);
    });

    it('calls a value stale when its write was acknowledged before the newest acknowledged write was invoked', () => {
      const s = new StaleReads(registry([[1, 100, 200], [2, 300, 400]]));
      expect(s.read(0, 2_400, 1)).toBe(true);
      // Superseded by write 2, acknowledged at 400: age = 2 ms.
      expect(s.ageMs.max).toBe(2);
    });

    it('does not call a value stale when its write overlaps the newest acknowledged write in time', () => {
      // Write 1: 100..350, write 2: 300..400. Real time cannot order them.
      const s = new StaleReads(registry([[1, 100, 350], [2, 300, 400]]));
      expect(s.read(0, 500, 1)).toBe(false);
    });

    it('needs the superseding write invoked strictly after the value was acknowledged (equal times do not order)', () => {
      const s = new StaleReads(registry([[1, 100, 200], [2, 200, 300]]));
      expect(s.read(0, 400, 1)).toBe(false);
      const t = new StaleReads(registry([[1, 100, 200], [2, 201, 300]]));
      expect(t.read(0, 400, 1)).toBe(true);
    });

    it('does not call a value stale when it comes from a write acknowledged after the read was invoked', () => {
      const s = new StaleReads(registry([[1, 100, 200], [2, 300, 900]]));
      expect(s.read(0, 500, 2)).toBe(false); // read a newer write early
      expect(s.read(0, 500, 1)).toBe(false); // the newest acknowledged before 500
    });

    it('does not call a value stale when its write was never acknowledged (failed, timed out or in flight)', () => {
      const s = new StaleReads(registry([[1, 100, null], [2, 300, 400]]));
      expect(s.read(0, 500, 1)).toBe(false);
    });

    it('judges a key only by the writes to that key', () => {
      const r = new WriteRegistry();
      r.invoked(1, 0, 100);
      r.invoked(2, 1, 100);
      r.acknowledged(1, 200);
      r.acknowledged(2, 200);
      const s = new StaleReads(r);
      expect(s.read(1, 300, 2)).toBe(false);
      expect(s.read(2, 300, null)).toBe(false); // key 2 was never written
      expect(s.read(1, 300, null)).toBe(true);
    });

    it('calls a value stale when any write acknowledged before the read follows it in real time, even if the newest overlaps it', () => {
      // Write 1: 0..10. Write 3: 20..25 (strictly after write 1). Write 2: 5..30 overlaps write 1
      // and is the newest acknowledged. A read invoked at 40 that returns 1 missed write 3.
      const s = new StaleReads(registry([[1, 0, 10], [2, 5, 30], [3, 20, 25]]));
      expect(s.read(0, 40, 1)).toBe(true);
      expect(s.ageMs.max).toBeCloseTo(0.015, 9); // since write 3's acknowledgement at 25
    });

    it('ages a stale value from the acknowledgement of the oldest write that superseded it', () => {
      // Write 1: 0..10. Write 3: 20..25 supersedes it. Write 2 (5..30) overlaps write 1, and
      // write 4 (35..40) also supersedes it, later. Read at 50 returning 1: age = 50 - 25 us.
      const s = new StaleReads(registry([[1, 0, 10], [2, 5, 30], [3, 20, 25], [4, 35, 40]]));
      expect(s.read(0, 50, 1)).toBe(true);
      expect(s.ageMs.max).toBeCloseTo(0.025, 9);
    });

    it('records one age per stale read in milliseconds', () => {
      const s = new StaleReads(registry([[1, 0, 1_000], [2, 2_000, 3_000], [3, 4_000, 5_000]]));
      expect(s.read(0, 10_000, 1)).toBe(true); // superseded by 2 at 3,000: 7 ms
      expect(s.read(0, 10_000, 2)).toBe(true); // superseded by 3 at 5,000: 5 ms
      expect(s.read(0, 10_000, 3)).toBe(false);
      expect([s.stale, s.okReads, s.ageMs.count, s.ageMs.min, s.ageMs.max]).toEqual([2, 3, 2, 5, 7]);
    });
  });
});

describe('reports', () => {
  describe('stale reads', () => {
    it('agrees with the definition evaluated by brute force on random histories', () => {
      // Writes: [invokeUs, latency | null]. Reads: [invokeUs, which value they return].
      const history = fc.record({
        writes: fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000 }), fc.option(fc.integer({ min: 0, max: 300 }), { nil: null })), { minLength: 0, maxLength: 12 }),
        reads: fc.array(fc.tuple(fc.integer({ min: 0, max: 1_400 }), fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 8 }),
      });
      fc.assert(
        fc.property(history, ({ writes, reads }) => {
          const ws = writes.map(([inv, lat], i) => ({ value: i + 1, inv, ack: lat === null ? null : inv + lat }));
          const r = registry(ws.map((w) => [w.value, w.inv, w.ack]));
          for (const [t, pick] of reads) {
            const s = new StaleReads(r);
            const value = pick === 0 || pick > ws.length ? null : pick;
            // The definition: the oldest write acknowledged before t that follows the value in real time.
            const valueAck = value === null ? -Infinity : ws[value - 1].ack;
            const superseding = valueAck === null ? [] : ws.filter((w) => w.ack !== null && w.ack < t && w.inv > valueAck);
            const oldestAck = Math.min(...superseding.map((w) => w.ack!));
            expect(s.read(0, t, value)).toBe(superseding.length > 0);
            expect(s.ageMs.count).toBe(superseding.length > 0 ? 1 : 0);
            if (superseding.length > 0) expect(s.ageMs.max).toBe((t - oldestAck) / 1000);
          }
        }),
        { seed: 20261125, numRuns: 300 },
      );
    });
  });
});
