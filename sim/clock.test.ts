import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeClock } from './clock.ts';
import { Scheduler } from './scheduler.ts';
import { SimNode } from './node.ts';

/** A node and a log of when (true time) its timers fired. */
function nodeWithClock(offsetUs = 0, driftPpm = 0) {
  const s = new Scheduler();
  const node = new SimNode(s, 'n1', 'az-a', [], offsetUs, driftPpm);
  const fired: number[] = [];
  const arm = (localDelayUs: number) => node.setTimer(localDelayUs, () => fired.push(s.now));
  return { s, node, fired, arm };
}

describe('sim', () => {
  describe('clock', () => {
    it('reads true time plus its offset', () => {
      const c = new NodeClock(2_500, 0);
      expect(c.localAt(0)).toBe(2_500);
      expect(c.localAt(1_000_000)).toBe(1_002_500);
    });

    it('drifts by driftPpm microseconds per second of true time', () => {
      const fast = new NodeClock(0, 100);
      const slow = new NodeClock(0, -50);
      expect(fast.localAt(10_000_000)).toBeCloseTo(10_001_000, 6);
      expect(slow.localAt(10_000_000)).toBeCloseTo(9_999_500, 6);
      expect(fast.driftPpm).toBeCloseTo(100, 6);
    });

    it('maps a local reading back to the true time it happens at (trueWhen inverts localAt)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          fc.integer({ min: -500, max: 500 }),
          fc.integer({ min: 0, max: 1_000_000_000 }),
          (offset, drift, t) => {
            const c = new NodeClock(offset, drift);
            // Integer true time back from its own reading: at most 1 us late (float rounding, then ceil).
            const back = c.trueWhen(c.localAt(t), 0);
            expect(back - t).toBeGreaterThanOrEqual(0);
            expect(back - t).toBeLessThanOrEqual(1);
          },
        ),
        { seed: 42, numRuns: 500 },
      );
    });

    it('never answers a true time before now', () => {
      const c = new NodeClock(0, 0);
      expect(c.trueWhen(100, 5_000)).toBe(5_000);
      expect(c.trueWhen(9_000, 5_000)).toBe(9_000);
    });

    it('jumps by the fault offset from the moment of the fault, keeping earlier readings', () => {
      const c = new NodeClock(0, 0);
      c.adjust(1_000, 300);
      expect(c.localAt(1_000)).toBe(1_300);
      expect(c.localAt(2_000)).toBe(2_300);
      c.adjust(2_000, -800);
      expect(c.localAt(2_000)).toBe(1_500);
    });

    it('changes drift from the moment of the fault without a jump', () => {
      const c = new NodeClock(0, 0);
      c.adjust(1_000_000, 0, 1_000);
      expect(c.localAt(1_000_000)).toBe(1_000_000);
      expect(c.localAt(2_000_000)).toBeCloseTo(2_001_000, 6);
      expect(c.driftPpm).toBeCloseTo(1_000, 6);
    });

    describe('timers on a node\'s local clock', () => {
      it('fire after the delay measured on the local clock (a fast clock fires early in true time)', () => {
        const { s, fired, arm } = nodeWithClock(0, 100_000); // 10% fast
        arm(1_100);
        s.runUntil(10_000);
        expect(fired).toEqual([1_000]);
      });

      it('fire earlier when the clock jumps forward', () => {
        const { s, node, fired, arm } = nodeWithClock();
        arm(10_000);
        s.at(2_000, () => node.adjustClock(3_000));
        s.runUntil(100_000);
        expect(fired).toEqual([7_000]);
      });

      it('fire at once when a forward jump passes their deadline', () => {
        const { s, node, fired, arm } = nodeWithClock();
        arm(10_000);
        s.at(2_000, () => node.adjustClock(60_000));
        s.runUntil(100_000);
        expect(fired).toEqual([2_000]);
      });

      it('fire later when the clock jumps backward', () => {
        const { s, node, fired, arm } = nodeWithClock();
        arm(10_000);
        s.at(2_000, () => node.adjustClock(-4_000));
        s.runUntil(100_000);
        expect(fired).toEqual([14_000]);
      });

      it('move with a drift change made after they were armed', () => {
        const { s, node, fired, arm } = nodeWithClock();
        arm(1_000_000);
        s.at(0, () => node.adjustClock(0, -500_000)); // the clock now runs at half speed
        s.runUntil(10_000_000);
        expect(fired).toEqual([2_000_000]);
      });

      it('are not moved by a clock fault after they were cancelled', () => {
        const { s, node, fired, arm } = nodeWithClock();
        const id = arm(10_000);
        node.cancelTimer(id);
        s.at(2_000, () => node.adjustClock(-4_000));
        s.runUntil(100_000);
        expect(fired).toEqual([]);
      });
    });
  });
});
