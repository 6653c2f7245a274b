// The carry past a quiescent point must keep the zone check's verdict: a history checked window by
// window (each window with what the earlier ones carried) is linearizable iff it is as a whole.
import { describe, expect, it } from 'vitest';
import { pairOperations } from './pair-operations.ts';
import { history } from './history-dsl.ts';
import { corruptRead, mulberry32, simulateRegisterHistory } from './simulated-history.ts';
import { carryAfter } from './quiescent-carry.ts';
import { checkUniqueWrites } from './unique-writes.ts';
import type { HistoryEvent, Operation } from './types.ts';

/** Checks `ops` (invocation order) in windows cut at quiescent points where `cutHere` says so. */
function streamed(ops: readonly Operation[], cutHere: () => boolean): { linearizable: boolean; windows: number } {
  let carry: Operation[] = [];
  let from = 0;
  let maxEnd = -Infinity;
  let windows = 0;
  const close = (to: number): boolean => {
    const window = [...carry, ...ops.slice(from, to)];
    if (!checkUniqueWrites(window).linearizable) return false;
    carry = carryAfter(window);
    from = to;
    windows++;
    return true;
  };
  for (let j = 0; j < ops.length; j++) {
    if (j > from && maxEnd < ops[j].invokeIndex && cutHere() && !close(j)) return { linearizable: false, windows };
    maxEnd = Math.max(maxEnd, ops[j].status === 'open' ? Infinity : ops[j].completeIndex);
  }
  return { linearizable: close(ops.length), windows };
}

const ops = (events: HistoryEvent[]) => pairOperations(events);

describe('linearizability > quiescent carry', () => {
  it('keeps a value written before the point readable after it, and only that value', () => {
    const h = history('0 invoke write 1\n0 ok write 1\n0 invoke write 2\n0 ok write 2\n1 invoke read\n1 ok read 2');
    expect(streamed(ops(h), () => true)).toEqual({ linearizable: true, windows: 3 });
    const stale = history('0 invoke write 1\n0 ok write 1\n0 invoke write 2\n0 ok write 2\n1 invoke read\n1 ok read 1');
    expect(streamed(ops(stale), () => true).linearizable).toBe(false);
  });

  it('carries both of two concurrent writes, but not a read of one after the other', () => {
    const both = '0 invoke write 1\n1 invoke write 2\n0 ok write 1\n1 ok write 2\n';
    expect(carryAfter(ops(history(both))).map((o) => o.input)).toEqual([1, 2]);
    expect(streamed(ops(history(both + '2 invoke read\n2 ok read 1')), () => true).linearizable).toBe(true);
    expect(streamed(ops(history(both + '2 invoke read\n2 ok read 1\n2 invoke read\n2 ok read 2')), () => true).linearizable).toBe(false);
  });

  it('carries a timed-out write nobody read: it may take effect long after', () => {
    const h = history('0 invoke write 1\n0 info write 1\n1 invoke write 2\n1 ok write 2\n1 invoke read\n1 ok read 2\n2 invoke read\n2 ok read 1');
    expect(streamed(ops(h), () => true)).toEqual({ linearizable: true, windows: 4 });
  });

  it('gives the whole-history verdict on 4,000 generated histories cut at random quiescent points', () => {
    const random = mulberry32(20261207);
    let nonLinearizable = 0;
    let cutWindows = 0;
    for (let n = 0; n < 4000; n++) {
      const plan = { processes: 1 + Math.floor(random() * 4), ops: 5 + Math.floor(random() * 40), keys: 0, writeShare: 0.2 + random() * 0.5, casShare: 0, infoShare: random() * 0.3, values: 'unique' as const };
      const base = simulateRegisterHistory(random, plan);
      const h = n % 2 === 0 ? base : corruptRead(base, random);
      const all = ops(h);
      const expected = checkUniqueWrites(all).linearizable;
      const got = streamed(all, () => random() < 0.6);
      expect(got.linearizable, JSON.stringify(h)).toBe(expected);
      if (!expected) nonLinearizable++;
      cutWindows += got.windows;
    }
    // The cases must be mixed and actually cut, or the property says nothing.
    expect(nonLinearizable).toBeGreaterThan(500);
    expect(cutWindows).toBeGreaterThan(8000);
  });
});
