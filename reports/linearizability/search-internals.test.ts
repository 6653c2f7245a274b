import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget.ts';
import { EntryList, HEAD, NIL } from './entry-list.ts';
import { history } from './history-dsl.ts';
import { LinearizedSet } from './linearized-set.ts';
import { MemoTable } from './memo-table.ts';
import { pairOperations } from './pair-operations.ts';
import { compileRegisterKey } from './register-model.ts';

function listOrder(list: EntryList): number[] {
  const out: number[] = [];
  for (let e = list.next[HEAD]; e !== NIL; e = list.next[e]) out.push(e);
  return out;
}

describe('linearizability > search internals', () => {
  it('keeps the linearized set canonical whatever the order of adds and removes', () => {
    const a = new LinearizedSet(100);
    const b = new LinearizedSet(100);
    for (let i = 0; i < 70; i++) a.add(i);
    a.remove(3);
    a.add(90);
    for (let i = 69; i >= 0; i--) if (i !== 3) b.add(i);
    b.add(90);
    expect([a.lo, a.hi, a.hash]).toEqual([b.lo, b.hi, b.hash]);
    expect(Array.from(a.words)).toEqual(Array.from(b.words));
    expect(a.lo).toBe(0); // word 0 lacks op 3
    a.add(3);
    expect(a.lo).toBe(2); // words 0 and 1 are full now
    expect(a.span()).toBe(1); // only word 2 (ops 64..69 and 90)
  });

  it('remembers (set, state) pairs and tells equal sets from different ones', () => {
    const budget = new ByteBudget(1 << 20);
    const memo = new MemoTable(budget, 64);
    const set = new LinearizedSet(64);
    set.add(1);
    expect(memo.addIfAbsent(set, 7)).toBe(true);
    expect(memo.addIfAbsent(set, 7)).toBe(false);
    expect(memo.addIfAbsent(set, 8)).toBe(true);
    set.add(40);
    expect(memo.addIfAbsent(set, 7)).toBe(true);
    for (let i = 0; i < 5_000; i++) {
      const s = new LinearizedSet(64);
      s.add(i % 64);
      memo.addIfAbsent(s, 100 + i); // forces several rehashes
    }
    set.remove(40);
    expect(memo.addIfAbsent(set, 7)).toBe(false);
    memo.release();
    expect(budget.inUse).toBe(0);
  });

  it('stops growing at its byte budget and then records nothing new', () => {
    const budget = new ByteBudget(64 * 1024);
    const memo = new MemoTable(budget, 64);
    const set = new LinearizedSet(64);
    for (let i = 0; i < 100_000 && !memo.full; i++) memo.addIfAbsent(set, i);
    expect(memo.full).toBe(true);
    expect(budget.inUse).toBeLessThanOrEqual(64 * 1024);
    const entries = memo.entries;
    expect(memo.addIfAbsent(set, 10_000_000)).toBe(true); // new, but not recorded
    expect(memo.addIfAbsent(set, 10_000_000)).toBe(true);
    expect(memo.entries).toBe(entries);
  });

  it('orders calls and returns by position, indeterminate returns last, and lifts and unlifts as a stack', () => {
    const key = compileRegisterKey(
      null,
      pairOperations(
        history(`
          0 invoke write 1
          1 invoke write 2
          0 ok write 1
          2 invoke read
          2 ok read 2
          1 info write 2`),
      ),
      { initialValue: null, nullRead: 'initial', failedCasObservedMismatch: false },
    );
    const list = new EntryList(key, 0, key.ops.length);
    // op 0 = write 1 (call 1, return 2), op 1 = write 2 (call 3, info: return 4 last), op 2 = read (5, 6)
    expect(listOrder(list)).toEqual([1, 3, 2, 5, 6, 4]);
    list.lift(1);
    list.lift(3);
    expect(listOrder(list)).toEqual([5, 6]);
    list.unlift(3);
    list.unlift(1);
    expect(listOrder(list)).toEqual([1, 3, 2, 5, 6, 4]);
  });
});
