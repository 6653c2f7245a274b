// The kv-append model for one key: get returns the string, put replaces it, append extends it.
// Models: states as interned strings; a second family of states "unknown prefix + known suffix"
// stands for every initial value at once (a window checked alone from mid-history). Every new
// string is charged to the check's ByteBudget: concurrent appends can build a new string per
// order, so this table, not the memo, is what would otherwise run out of memory.
// Leaves out: multi-key operations (keys are checked independently) and deletes.

import type { ByteBudget } from './byte-budget.ts';
import { EXHAUSTED, ILLEGAL, intervals, isIndefinite } from './compiled-key.ts';
import type { CompiledKey, ModelInstance } from './compiled-key.ts';
import type { Operation } from './types.ts';

const GET = 0;
const PUT = 1;
const APPEND = 2;

/** Rough V8 cost of one interned string (header, map entry, array slot) beyond its characters. */
const STATE_OVERHEAD_BYTES = 96;
/** Rough cost of one cached append transition (a Map entry). */
const TRANSITION_BYTES = 48;

/** Interned states. Invariant: equal (text, open) pairs have one id, so state equality is id equality. */
class KvStates {
  readonly text: string[] = [];
  /** open[id]: the state is "some unknown prefix" + text[id]. */
  readonly open: boolean[] = [];
  private readonly exact = new Map<string, number>();
  private readonly suffix = new Map<string, number>();
  charged = 0;

  constructor(private readonly budget: ByteBudget) {}

  /** The id of (text, open), or EXHAUSTED when a new state does not fit the budget. */
  id(text: string, open: boolean): number {
    const table = open ? this.suffix : this.exact;
    let id = table.get(text);
    if (id === undefined) {
      const bytes = STATE_OVERHEAD_BYTES + 2 * text.length;
      if (!this.budget.take(bytes)) return EXHAUSTED;
      this.charged += bytes;
      id = this.text.length;
      this.text.push(text);
      this.open.push(open);
      table.set(text, id);
    }
    return id;
  }
}

export function compileKvKey(key: string | null, all: readonly Operation[], initialValue: string): CompiledKey {
  // Failed ops never happened; a get that did not return ok tells nothing.
  const ops = all.filter((op) => op.status !== 'fail' && (op.f !== 'get' || op.status === 'ok'));
  const n = ops.length;
  const kind = new Int8Array(n);
  const pure = new Uint8Array(n);
  const resets = new Uint8Array(n);
  const argText: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i];
    kind[i] = op.f === 'get' ? GET : op.f === 'put' ? PUT : APPEND;
    pure[i] = kind[i] === GET ? 1 : 0;
    resets[i] = kind[i] === PUT ? 1 : 0;
    argText[i] = (op.f === 'get' ? op.output : op.input) as string;
  }

  // The wildcard start is any string at all: sound, if less sharp than the register's.
  const instantiate = (budget: ByteBudget): ModelInstance => {
    const states = new KvStates(budget);
    const { text, open } = states;
    // Get results and put values are interned first, so that a get is legal iff ids match.
    const arg = new Int32Array(n);
    for (let i = 0; i < n; i++) if (kind[i] !== APPEND) arg[i] = states.id(argText[i], false);
    const initialState = states.id(initialValue, false);
    const anyInitialState = states.id('', true);
    // Appends build new strings; remember each (state, op) transition so each is built once.
    const transitions = new Map<number, number>();
    let transitionBytes = 0;
    const step = (s: number, op: number): number => {
      switch (kind[op]) {
        case GET: {
          const want = arg[op];
          if (want < 0) return want; // interning ran out of budget
          if (s === want) return s;
          return open[s] && text[want].endsWith(text[s]) ? want : ILLEGAL;
        }
        case PUT:
          return arg[op];
        default: {
          const memoKey = s * n + op;
          let next = transitions.get(memoKey);
          if (next === undefined) {
            next = states.id(text[s] + argText[op], open[s]);
            if (next < 0 || !budget.take(TRANSITION_BYTES)) return EXHAUSTED;
            transitionBytes += TRANSITION_BYTES;
            transitions.set(memoKey, next);
          }
          return next;
        }
      }
    };
    // Appends only extend: a get can still be met iff its string extends the current one
    // (or, from an unknown prefix, contains it).
    const canReach = (s: number, op: number): boolean => {
      const want = arg[op];
      if (s === want || want < 0) return true;
      return open[s] ? text[want].includes(text[s]) : text[want].startsWith(text[s]);
    };
    const release = (): void => {
      budget.give(states.charged + transitionBytes);
      states.charged = 0;
      transitionBytes = 0;
    };
    return { initialState, anyInitialState, step, canReach, release };
  };

  const { callAt, returnAt } = intervals(ops, isIndefinite);
  return { key, ops, callAt, returnAt, pure, resets, instantiate };
}
