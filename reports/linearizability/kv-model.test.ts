import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget.ts';
import { EXHAUSTED, ILLEGAL } from './compiled-key.ts';
import { history } from './history-dsl.ts';
import { compileKvKey } from './kv-model.ts';
import { pairOperations } from './pair-operations.ts';

function compile(text: string, budget = new ByteBudget(1 << 20)) {
  const key = compileKvKey('k', pairOperations(history(text)), '');
  return { key, model: key.instantiate(budget) };
}

const appendsAndGets = `
  0 invoke append "a" @k
  0 ok append "a" @k
  0 invoke append "b" @k
  0 ok append "b" @k
  1 invoke get @k
  1 ok get "ab" @k
  1 invoke get @k
  1 ok get "ba" @k
  2 invoke put "z" @k
  2 ok put "z" @k`;

describe('linearizability > kv model', () => {
  it('builds the string by appends and lets a get return exactly it', () => {
    const { model } = compile(appendsAndGets);
    const a = model.step(model.initialState, 0);
    const ab = model.step(a, 1);
    expect(model.step(ab, 2)).toBe(ab);
    expect(model.step(ab, 3)).toBe(ILLEGAL);
    const b = model.step(model.initialState, 1);
    expect(model.step(model.step(b, 0), 3)).not.toBe(ILLEGAL);
  });

  it('starts every key as the empty string', () => {
    const { model } = compile(`
      0 invoke get @k
      0 ok get "" @k`);
    expect(model.step(model.initialState, 0)).toBe(model.initialState);
  });

  it('replaces the string on put', () => {
    const { model } = compile(appendsAndGets);
    const ab = model.step(model.step(model.initialState, 0), 1);
    expect(model.step(ab, 4)).toBe(model.step(model.initialState, 4));
  });

  it('removes failed ops and gets that did not return', () => {
    const { key } = compile(`
      0 invoke append "a" @k
      0 fail append "a" @k
      1 invoke get @k
      1 info get @k
      2 invoke append "b" @k
      2 info append "b" @k`);
    expect(key.ops.map((o) => [o.f, o.status])).toEqual([['append', 'info']]);
  });

  it('says a get is reachable only when its string extends the current one', () => {
    const { model } = compile(appendsAndGets);
    const a = model.step(model.initialState, 0);
    expect(model.canReach!(a, 2)).toBe(true);
    expect(model.canReach!(a, 3)).toBe(false);
  });

  it('treats the any-value state as an unknown prefix', () => {
    const { model } = compile(appendsAndGets);
    const anyB = model.step(model.anyInitialState, 1);
    expect(model.step(anyB, 2)).not.toBe(ILLEGAL); // "ab" ends with "b"
    expect(model.step(anyB, 3)).toBe(ILLEGAL); // "ba" does not
    expect(model.canReach!(anyB, 3)).toBe(true); // yet an append of "a" leads to it
  });

  it('reports exhaustion instead of growing past its byte budget', () => {
    const { model } = compile(appendsAndGets, new ByteBudget(900));
    let state = model.initialState;
    let result = 0;
    for (let i = 0; i < 40 && result !== EXHAUSTED; i++) {
      result = model.step(state, i % 2);
      if (result >= 0) state = result;
    }
    expect(result).toBe(EXHAUSTED);
  });
});
