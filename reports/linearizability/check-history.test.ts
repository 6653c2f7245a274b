import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.ts';
import { HistoryFormatError } from './history-format-error.ts';
import { history } from './history-dsl.ts';
import { parseHistoryJsonl } from './parse-jsonl.ts';
import type { CheckOptions } from './semantics.ts';

const verdict = (text: string, options: CheckOptions = {}) => checkHistory(history(text), options).linearizable;

describe('linearizability > register', () => {
  it('accepts a sequential history', () => {
    expect(
      verdict(`
        0 invoke write 1
        0 ok write 1
        1 invoke read
        1 ok read 1
        1 invoke cas [1,2]
        1 ok cas [1,2]
        0 invoke read
        0 ok read 2`),
    ).toBe(true);
  });

  it('rejects a read of a value never written', () => {
    expect(
      verdict(`
        0 invoke write 1
        0 ok write 1
        1 invoke read
        1 ok read 3`),
    ).toBe(false);
  });

  it('rejects a stale read after a newer write completed', () => {
    expect(
      verdict(`
        0 invoke write 1
        0 ok write 1
        0 invoke write 2
        0 ok write 2
        1 invoke read
        1 ok read 1`),
    ).toBe(false);
  });

  it('accepts either order for concurrent operations', () => {
    const concurrent = (seen: number) => `
      0 invoke write 1
      1 invoke write 2
      2 invoke read
      0 ok write 1
      1 ok write 2
      2 ok read ${seen}`;
    expect(verdict(concurrent(1))).toBe(true);
    expect(verdict(concurrent(2))).toBe(true);
  });

  it('rejects two reads that see concurrent writes in opposite orders', () => {
    expect(
      verdict(`
        0 invoke write 1
        1 invoke write 2
        0 ok write 1
        1 ok write 2
        2 invoke read
        2 ok read 1
        3 invoke read
        3 ok read 2
        2 invoke read
        2 ok read 1`),
    ).toBe(false);
  });

  it('lets an indeterminate write take effect late, even after its info event', () => {
    expect(
      verdict(`
        0 invoke write 1
        0 ok write 1
        1 invoke write 2
        1 info write 2
        2 invoke read
        2 ok read 1
        2 invoke read
        2 ok read 2`),
    ).toBe(true);
  });

  it('lets an indeterminate write never take effect', () => {
    expect(
      verdict(`
        0 invoke write 1
        0 ok write 1
        1 invoke write 2
        1 info write 2
        2 invoke read
        2 ok read 1`),
    ).toBe(true);
  });

  it('does not let an indeterminate write take effect before its invocation', () => {
    expect(
      verdict(`
        2 invoke read
        2 ok read 2
        1 invoke write 2
        1 info write 2`),
    ).toBe(false);
  });

  it('treats an open invocation like an indeterminate one', () => {
    const text = (seen: number) => `
      0 invoke write 1
      0 ok write 1
      1 invoke write ${seen}
      2 invoke read
      2 ok read ${seen}`;
    expect(verdict(text(2))).toBe(true);
    expect(verdict(`${text(2)}\n 2 invoke read\n 2 ok read 1`)).toBe(false);
  });

  it('removes failed operations: a failed write cannot explain a read', () => {
    expect(
      verdict(`
        0 invoke write 5
        0 fail write 5
        1 invoke read
        1 ok read 5`),
    ).toBe(false);
  });

  it('places a failed cas where the value differs when it counts as an observed mismatch', () => {
    const text = `
      0 invoke write 1
      0 ok write 1
      1 invoke cas [1,2]
      1 fail cas [1,2]`;
    expect(verdict(text)).toBe(true);
    expect(verdict(text, { semantics: 'porcupine-etcd' })).toBe(false);
  });

  it('reads null as the initial value, or as unconstrained, per option', () => {
    const text = `
      0 invoke write 1
      0 ok write 1
      1 invoke read
      1 ok read null`;
    expect(verdict(text, { nullRead: 'initial' })).toBe(false);
    expect(verdict(text, { nullRead: 'unconstrained' })).toBe(true);
    expect(verdict(`1 invoke read\n1 ok read null`, { nullRead: 'initial' })).toBe(true);
  });

  it('starts from the configured initial value', () => {
    const text = `
      1 invoke read
      1 ok read 0`;
    expect(verdict(text)).toBe(false);
    expect(verdict(text, { initialValue: 0 })).toBe(true);
    expect(verdict(text, { semantics: 'knossos-cas-register' })).toBe(true);
  });

  it('checks each key as its own register', () => {
    const text = `
      0 invoke write 1 @a
      0 ok write 1 @a
      1 invoke read @b
      1 ok read 1 @b`;
    const result = checkHistory(history(text));
    expect(result.linearizable).toBe(false);
    expect(result.keys).toBe(2);
    expect(result.failingKeys).toEqual(['b']);
    expect(result.violation?.key).toBe('b');
  });

  it('accepts the empty history', () => {
    expect(checkHistory([])).toMatchObject({ linearizable: true, keys: 0, ops: 0, steps: 0 });
  });
});

describe('linearizability > kv', () => {
  it('accepts appends seen in one order by every get', () => {
    expect(
      verdict(`
        0 invoke append "x" @k
        1 invoke append "y" @k
        0 ok append "x" @k
        1 ok append "y" @k
        2 invoke get @k
        2 ok get "yx" @k
        3 invoke get @k
        3 ok get "yx" @k`),
    ).toBe(true);
  });

  it('rejects gets that see concurrent appends in different orders', () => {
    expect(
      verdict(`
        0 invoke append "x" @k
        1 invoke append "y" @k
        0 ok append "x" @k
        1 ok append "y" @k
        2 invoke get @k
        2 ok get "yx" @k
        3 invoke get @k
        3 ok get "xy" @k`),
    ).toBe(false);
  });

  it('accepts a get of a shorter string when a concurrent put explains it', () => {
    const text = (putEnds: 'before' | 'during') => `
      0 invoke append "x" @k
      0 ok append "x" @k
      1 invoke put "p" @k
      ${putEnds === 'before' ? '1 ok put "p" @k' : ''}
      2 invoke get @k
      2 ok get "x" @k
      ${putEnds === 'during' ? '1 ok put "p" @k' : ''}
      2 invoke get @k
      2 ok get "p" @k`;
    expect(verdict(text('during'))).toBe(true);
    expect(verdict(text('before'))).toBe(false);
  });

  it('infers the kv model from get/put/append and refuses mixed histories', () => {
    expect(checkHistory(history('0 invoke get @k\n0 ok get "" @k')).model).toBe('kv');
    expect(() => checkHistory(history('0 invoke get @k\n0 ok get "" @k\n1 invoke read\n1 ok read 1'))).toThrow(HistoryFormatError);
  });
});

describe('linearizability > checkHistory', () => {
  it('validates in-memory events, naming the event number and field', () => {
    const events = history('0 invoke write 1\n0 ok write 1');
    const bad = [...events, { process: 1.5, type: 'invoke', f: 'read', value: null }] as never[];
    expect(() => checkHistory(bad)).toThrow(expect.objectContaining({ line: 3, field: 'process' }));
  });

  it('names the file and line of parsed events when their model is wrong', () => {
    const events = parseHistoryJsonl('\n{"process":0,"type":"invoke","f":"get","key":"k","value":null}\n', 'kv.jsonl');
    expect(() => checkHistory(events, { model: 'register' })).toThrow('kv.jsonl:2: f: "get" does not belong to the register model');
  });

  it('ignores fields it does not know', () => {
    const events = history('0 invoke write 1\n0 ok write 1').map((e, i) => ({ ...e, time_us: i * 10, client: 'c', index: i }));
    expect(checkHistory(events).linearizable).toBe(true);
  });

  it('gives up with unknown, not a wrong verdict, when the step budget runs out', () => {
    const text = `
      0 invoke write 1
      1 invoke write 2
      0 ok write 1
      1 ok write 2
      2 invoke read
      2 ok read 1`;
    // The search's budget (the unique-writes check would decide this without a search).
    const result = checkHistory(history(text), { maxSteps: 1, uniqueWrites: false });
    expect(result.linearizable).toBe('unknown');
    expect(result.unknownKeys).toEqual([null]);
    expect(result.steps).toBe(1);
  });

  it('stops at the first failing key unless asked to decide them all', () => {
    const text = `
      0 invoke read @a
      0 ok read 1 @a
      1 invoke read @b
      1 ok read 1 @b`;
    expect(checkHistory(history(text)).failingKeys).toHaveLength(1);
    expect(checkHistory(history(text), { allKeys: true }).failingKeys).toEqual(['a', 'b']);
  });

  it('refuses options out of range', () => {
    expect(() => checkHistory([], { maxSteps: -1 })).toThrow(RangeError);
  });
});
