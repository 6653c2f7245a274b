import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget.ts';
import { ILLEGAL } from './compiled-key.ts';
import { history } from './history-dsl.ts';
import { pairOperations } from './pair-operations.ts';
import { compileRegisterKey } from './register-model.ts';
import type { Semantics } from './semantics.ts';

const faultline: Semantics = { initialValue: null, nullRead: 'initial', failedCasObservedMismatch: false };

function compile(text: string, semantics: Semantics = faultline) {
  const key = compileRegisterKey(null, pairOperations(history(text)), semantics);
  // States are opaque ids: the tests reach them by stepping writes from the initial state.
  return { key, model: key.instantiate(new ByteBudget(1 << 20)) };
}

describe('linearizability > register model', () => {
  it('lets a read return only the current value', () => {
    const { key, model } = compile(`
      0 invoke write 5
      0 ok write 5
      1 invoke read
      1 ok read 5
      1 invoke read
      1 ok read 6`);
    expect(key.ops.map((o) => o.f)).toEqual(['write', 'read', 'read']);
    const five = model.step(model.initialState, 0);
    expect(model.step(five, 1)).toBe(five);
    expect(model.step(five, 2)).toBe(ILLEGAL);
    expect(model.step(model.initialState, 1)).toBe(ILLEGAL);
  });

  it('applies an ok cas only when the expected value matches', () => {
    const { model } = compile(`
      0 invoke write 1
      0 ok write 1
      0 invoke cas [1,2]
      0 ok cas [1,2]
      0 invoke read
      0 ok read 2`);
    const one = model.step(model.initialState, 0);
    const two = model.step(one, 1);
    expect(model.step(two, 2)).toBe(two);
    expect(model.step(model.initialState, 1)).toBe(ILLEGAL);
    expect(model.step(two, 1)).toBe(ILLEGAL);
  });

  it('applies an indeterminate cas when it matches and leaves the value alone otherwise', () => {
    const { model } = compile(`
      0 invoke write 1
      0 ok write 1
      1 invoke cas [1,2]
      1 info cas [1,2]
      2 invoke read
      2 ok read 2`);
    const one = model.step(model.initialState, 0);
    const two = model.step(one, 1);
    expect(two).not.toBe(one);
    expect(model.step(two, 2)).toBe(two);
    expect(model.step(model.initialState, 1)).toBe(model.initialState);
  });

  it('removes failed operations, or keeps a failed cas as an observed mismatch when asked', () => {
    const text = `
      0 invoke cas [1,2]
      0 fail cas [1,2]
      1 invoke write 3
      1 fail write 3
      2 invoke read
      2 fail read`;
    expect(compile(text).key.ops).toHaveLength(0);
    const etcd = compile(text, { ...faultline, failedCasObservedMismatch: true });
    expect(etcd.key.ops.map((o) => o.f)).toEqual(['cas']);
    expect(etcd.key.pure[0]).toBe(1);
    expect(etcd.model.step(etcd.model.initialState, 0)).toBe(etcd.model.initialState);
  });

  it('treats a null read as the initial value or as unconstrained, per option', () => {
    const text = `
      0 invoke read
      0 ok read null`;
    const initial = compile(text);
    expect(initial.key.ops).toHaveLength(1);
    expect(initial.model.step(initial.model.initialState, 0)).toBe(initial.model.initialState);
    expect(compile(text, { ...faultline, nullRead: 'unconstrained' }).key.ops).toHaveLength(0);
  });

  it('starts a mid-history window from the initial value or a value written before it', () => {
    const text = `
      1 invoke read
      1 ok read 7
      1 invoke read
      1 ok read 8
      1 invoke read
      1 ok read null`;
    const ops = pairOperations(history(text));
    const model = compileRegisterKey(null, ops, faultline, (v) => v === 7).instantiate(new ByteBudget(1 << 20));
    const any = model.anyInitialState;
    expect(model.step(any, 0)).not.toBe(ILLEGAL);
    expect(model.step(any, 0)).not.toBe(any); // the read pins the value down
    expect(model.step(any, 1)).toBe(ILLEGAL); // 8 was not written before
    expect(model.step(any, 2)).not.toBe(ILLEGAL); // null is the initial value
  });

  it('keeps numbers and strings apart', () => {
    const { model } = compile(`
      0 invoke write 1
      0 ok write 1
      1 invoke read
      1 ok read "1"`);
    expect(model.step(model.step(model.initialState, 0), 1)).toBe(ILLEGAL);
  });

  it('drops indeterminate writes whose value nobody observed, and keeps observed ones', () => {
    const { key } = compile(`
      0 invoke write 1
      0 info write 1
      1 invoke write 2
      1 info write 2
      2 invoke read
      2 ok read 2`);
    expect(key.ops.map((o) => o.input ?? o.output)).toEqual([2, 2]);
  });

  it('keeps every indeterminate write when failed cas ops are kept as mismatches', () => {
    const { key } = compile(
      `
      0 invoke write 1
      0 info write 1
      2 invoke cas [1,5]
      2 fail cas [1,5]`,
      { ...faultline, failedCasObservedMismatch: true },
    );
    expect(key.ops).toHaveLength(2);
  });

  it('gives indeterminate and open ops an unbounded completion', () => {
    const { key } = compile(`
      0 invoke write 1
      1 invoke read
      1 ok read 1`);
    expect(Array.from(key.returnAt)).toEqual([Infinity, 2]);
  });
});
