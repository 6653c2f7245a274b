// The O(n log n) check for registers with distinct written values must agree with the general
// search on every history it accepts: linearizable ones (built so), and corrupted ones.
import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.ts';
import { pairOperations } from './pair-operations.ts';
import { history } from './history-dsl.ts';
import { corruptRead as corrupt, mulberry32, simulateRegisterHistory } from './simulated-history.ts';
import { checkUniqueWrites, uniqueWritesApply } from './unique-writes.ts';
import type { HistoryEvent } from './types.ts';

const fast = (events: HistoryEvent[]) => checkUniqueWrites(pairOperations(events)).linearizable;
const search = (events: HistoryEvent[]) => checkHistory(events, { semantics: 'faultline', model: 'register' }).linearizable;

describe('linearizability > unique writes', () => {
  it('accepts only read/write histories whose writes write distinct values', () => {
    expect(uniqueWritesApply(pairOperations(history('0 invoke write 1\n0 ok write 1\n1 invoke write 1\n1 ok write 1')))).toBe(false);
    expect(uniqueWritesApply(pairOperations(history('0 invoke write 1\n0 ok write 1\n1 invoke read\n1 ok read 1')))).toBe(true);
  });

  it('finds a stale read: a value read after a later write completed', () => {
    const h = history('0 invoke write 1\n0 ok write 1\n0 invoke write 2\n0 ok write 2\n1 invoke read\n1 ok read 1');
    expect(fast(h)).toBe(false);
    expect(search(h)).toBe(false);
  });

  it('finds a read of the initial value after a write completed, and a read of a failed write', () => {
    expect(fast(history('0 invoke write 1\n0 ok write 1\n1 invoke read\n1 ok read null'))).toBe(false);
    expect(fast(history('0 invoke write 1\n0 fail write 1\n1 invoke read\n1 ok read 1'))).toBe(false);
  });

  it('lets a timed-out write take effect at any later point', () => {
    const h = history('0 invoke write 1\n0 info write 1\n1 invoke read\n1 ok read null\n1 invoke read\n1 ok read 1\n1 invoke read\n1 ok read 1');
    expect(fast(h)).toBe(true);
    expect(search(h)).toBe(true);
  });

  it('agrees with the general search on 3,000 generated histories, linearizable and corrupted', () => {
    const random = mulberry32(20261125);
    let agreed = 0;
    let nonLinearizable = 0;
    for (let n = 0; n < 3000; n++) {
      const plan = { processes: 2 + Math.floor(random() * 6), ops: 5 + Math.floor(random() * 40), keys: 0, writeShare: 0.2 + random() * 0.5, casShare: 0, infoShare: random() * 0.3, values: 'unique' as const };
      const base = simulateRegisterHistory(random, plan);
      const h = n % 2 === 0 ? base : corrupt(base, random);
      const expected = search(h);
      if (expected === 'unknown') continue;
      expect(fast(h), JSON.stringify(h)).toBe(expected);
      agreed++;
      if (expected === false) nonLinearizable++;
    }
    expect(agreed).toBeGreaterThan(2900);
    expect(nonLinearizable).toBeGreaterThan(300);
  });
});

describe('linearizability > unique writes > witnesses', () => {
  it('names a handful of operations that fail on their own, out of a long history', () => {
    const random = mulberry32(7);
    let checked = 0;
    for (let n = 0; n < 400; n++) {
      const base = simulateRegisterHistory(random, { processes: 6, ops: 200, keys: 0, writeShare: 0.4, casShare: 0, infoShare: 0.1, values: 'unique' });
      const h = corrupt(base, random);
      const v = checkUniqueWrites(pairOperations(h));
      if (v.linearizable) continue;
      expect(v.witnesses.length).toBeLessThanOrEqual(6);
      const alone = h.filter((e) => v.witnesses.some((op) => h.indexOf(e) === op.invokeIndex || h.indexOf(e) === op.completeIndex));
      expect(search(alone)).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});
