import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget.ts';
import { checkHistory, compileKeys, windowCompiler } from './check-history.ts';
import { history } from './history-dsl.ts';
import { pairOperations } from './pair-operations.ts';
import { renderViolation } from './render.ts';
import { searchLinearization } from './search.ts';
import { resolveOptions } from './semantics.ts';
import type { SemanticsName } from './semantics.ts';
import { mulberry32, simulateRegisterHistory } from './simulated-history.ts';
import { WindowIndex } from './window.ts';

describe('linearizability > failing windows', () => {
  const events = history(`
    0 invoke write 1
    0 ok write 1
    1 invoke write 2
    2 invoke read
    2 ok read 2
    3 invoke read
    3 ok read 1
    1 ok write 2
    4 invoke write 3
    4 info write 3`);
  const ops = pairOperations(events);

  it('adds the ops in flight at its start, relaxed to indeterminate', () => {
    const w = new WindowIndex(ops, 'register').window(2, 4);
    expect(w.inFlight).toBe(1);
    expect(w.ops.map((o) => o.id)).toEqual([1, 2, 3]);
    expect(w.relaxed.map((o) => [o.id, o.status])).toEqual([
      [1, 'info'],
      [2, 'ok'],
      [3, 'ok'],
    ]);
  });

  it('relaxes an op that runs past the next invocation, unless it is a read of settled values', () => {
    const w = new WindowIndex(ops, 'register').window(0, 2);
    // write 2 (op 1) completes after op 2 is invoked: it may take effect after it.
    expect(w.relaxed.map((o) => [o.id, o.status])).toEqual([
      [0, 'ok'],
      [1, 'info'],
    ]);
  });

  it('leaves out an indeterminate write in flight that nothing in the window observes', () => {
    const more = pairOperations(
      history(`
        4 invoke write 3
        4 info write 3
        0 invoke write 1
        0 ok write 1
        1 invoke read
        1 ok read 1
        2 invoke read
        2 ok read 3`),
    );
    const index = new WindowIndex(more, 'register');
    expect(index.window(2, 3).inFlight).toBe(0); // read 1: the timed-out write of 3 cannot matter
    expect(index.window(3, 4).ops.map((o) => o.id)).toEqual([0, 3]); // read 3: it can
  });

  it('keeps a timed-out write that an in-flight cas may build on', () => {
    // Linearizable: write 5, then the timed-out write 7, the cas 7 -> 8, and the read of 8.
    const text = `
      0 invoke write 7
      1 invoke cas [7,8]
      0 info write 7
      2 invoke write 5
      2 ok write 5
      3 invoke read
      3 ok read 8
      1 ok cas [7,8]`;
    expect(checkHistory(history(text)).linearizable).toBe(true);
    const windowOps = new WindowIndex(pairOperations(history(text)), 'register').window(2, 4).ops;
    expect(windowOps.map((o) => o.id)).toEqual([0, 1, 2, 3]);
  });

  it('shrinks a violation to the two reads and the write in flight, rendered one op per line', () => {
    const result = checkHistory(events, { uniqueWrites: false });
    expect(result.linearizable).toBe(false);
    const v = result.violation!;
    expect(v.ops.map((o) => o.id)).toEqual([1, 2, 3]);
    expect(v.inFlight).toBe(1);
    expect(v.minimal).toBe(true);
    expect(checkHistory(v.events).linearizable).toBe(false);
    const text = renderViolation(v);
    expect(text.split('\n')).toHaveLength(1 + 3);
    expect(text).toContain('the register is not linearizable');
    expect(text).toMatch(/p1 +write 2 +ok +#3\.\.#8 +\(in flight at start\)/);
    expect(text).toMatch(/p2 +read -> 2 +ok +#4\.\.#5/);
  });

  it('renders times and long values readably', () => {
    const kv = history(`
      0 invoke append "${'x'.repeat(100)}" @k
      0 ok append "${'x'.repeat(100)}" @k
      1 invoke get @k
      1 ok get "y" @k`).map((e, i) => ({ ...e, time_us: 1000 + i }));
    const text = renderViolation(checkHistory(kv).violation!);
    expect(text).toContain('key "k" is not linearizable');
    expect(text).toContain('t=1000..1001us');
    expect(text).toMatch(/xxx…xxx.* \(102 chars\)/);
  });
});

describe('linearizability > failing windows > soundness', () => {
  // A window that fails must prove the whole key non-linearizable. So in a history that is
  // linearizable by construction, no window may fail, whatever its start and end.
  it('never fails a window of a linearizable history', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom<SemanticsName>('faultline', 'porcupine-etcd'),
        (seed, processes, semantics) => {
          const events = simulateRegisterHistory(mulberry32(seed), {
            processes,
            ops: 40,
            keys: 0,
            writeShare: 0.4,
            casShare: 0.3,
            infoShare: 0.25,
            values: 3,
          });
          const ops = pairOperations(events);
          const options = resolveOptions({ semantics }, 'register');
          for (const key of compileKeys(ops, options)) {
            const windows = new WindowIndex(key.ops, 'register');
            const compile = windowCompiler(key, options);
            for (let from = 0; from < key.ops.length; from++) {
              for (let to = from + 1; to <= Math.min(key.ops.length, from + 8); to++) {
                const sub = compile(windows.window(from, to).relaxed, from);
                const verdict = searchLinearization(sub, 0, sub.ops.length, new ByteBudget(1 << 24), 200_000, from > 0).verdict;
                expect(verdict, `window [${from}, ${to})`).not.toBe(false);
              }
            }
          }
        },
      ),
      { seed: 77, numRuns: 60 },
    );
  });
});
