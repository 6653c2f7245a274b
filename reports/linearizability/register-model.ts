// The register model: read, write and cas([expected, new]) on one value, compiled for one key.
// Models: the semantics profiles' rules on fail/info/open/null reads, values as interned ids
// (ids 0 and 1 are wildcards: the start of a window cut from mid-history, see compiled-key.ts).
// Leaves out: multi-register transactions, and values other than numbers, strings and null.

import { ILLEGAL, intervals, isIndefinite } from './compiled-key.ts';
import type { CompiledKey, ModelInstance } from './compiled-key.ts';
import type { Semantics } from './semantics.ts';
import type { Operation } from './types.ts';
import { CAS, CAS_MAYBE, CAS_MISMATCH, READ, WRITE, keepObservableWrites } from './unobserved-writes.ts';

/** Wildcard states: ANY = any of the start values (or the initial value); ANY_VALUE = anything. */
const ANY = 0;
const ANY_VALUE = 1;
const DROP = -1;

/** Numbers and strings stay distinct (1 is not "1"); Map keys compare with SameValueZero. */
class ValueIds {
  private readonly ids = new Map<unknown, number>();
  /** Invariant: values[id] is the value with that id; ids 0 and 1 are the wildcards. */
  readonly values: unknown[] = [Symbol('any start value'), Symbol('any value')];
  id(v: unknown): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      this.ids.set(v, id);
    }
    return id;
  }
}

function classify(op: Operation, semantics: Semantics): number {
  switch (op.f) {
    case 'read':
      // Failed, timed-out and open reads change nothing and tell nothing.
      if (op.status !== 'ok') return DROP;
      return op.output === null && semantics.nullRead === 'unconstrained' ? DROP : READ;
    case 'write':
      return op.status === 'fail' ? DROP : WRITE;
    default:
      if (op.status === 'fail') return semantics.failedCasObservedMismatch ? CAS_MISMATCH : DROP;
      return isIndefinite(op) ? CAS_MAYBE : CAS;
  }
}

/**
 * Compiles one key. `mayHoldAtStart(v)`: whether anyInitialState covers value v besides the
 * initial value (for a window cut from mid-history: whether an earlier op wrote v).
 */
export function compileRegisterKey(
  key: string | null,
  all: readonly Operation[],
  semantics: Semantics,
  mayHoldAtStart: (value: unknown) => boolean = () => false,
): CompiledKey {
  const values = new ValueIds();
  const initialState = values.id(semantics.initialValue);
  const kept: Operation[] = [];
  const kinds: number[] = [];
  for (const op of all) {
    const k = classify(op, semantics);
    if (k === DROP) continue;
    kept.push(op);
    kinds.push(k);
  }
  const n = kept.length;
  const kind = Int8Array.from(kinds);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const indefinite = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const op = kept[i];
    indefinite[i] = isIndefinite(op) ? 1 : 0;
    if (op.f === 'cas') {
      const [expected, next] = op.input as [unknown, unknown];
      a[i] = values.id(expected);
      b[i] = values.id(next);
    } else {
      a[i] = values.id(op.f === 'read' ? op.output : op.input);
    }
  }
  const keep = keepObservableWrites(kind, a, b, indefinite);
  const ops: Operation[] = [];
  const kindK: number[] = [];
  const aK: number[] = [];
  const bK: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    ops.push(kept[i]);
    kindK.push(kind[i]);
    aK.push(a[i]);
    bK.push(b[i]);
  }
  const opKind = Int8Array.from(kindK);
  const argA = Int32Array.from(aK);
  const argB = Int32Array.from(bK);
  const pure = new Uint8Array(ops.length);
  for (let i = 0; i < ops.length; i++) {
    pure[i] = opKind[i] === READ || opKind[i] === CAS_MISMATCH || (opKind[i] === CAS && argA[i] === argB[i]) ? 1 : 0;
  }
  // From ANY a read or cas may find only the initial value or a start value; from ANY_VALUE,
  // anything. Invariant: a wildcard state covers every concrete state it stands for, and each
  // step from it covers every step from those (so failing from it implies failing from them).
  const possible = new Uint8Array(values.values.length);
  for (let id = 2; id < possible.length; id++) possible[id] = id === initialState || mayHoldAtStart(values.values[id]) ? 1 : 0;
  const mayHold = (s: number, x: number): boolean => s === x || s === ANY_VALUE || (s === ANY && possible[x] === 1);
  const step = (s: number, op: number): number => {
    const x = argA[op];
    switch (opKind[op]) {
      case READ:
        return mayHold(s, x) ? x : ILLEGAL;
      case WRITE:
        return x;
      case CAS:
        return mayHold(s, x) ? argB[op] : ILLEGAL;
      case CAS_MAYBE:
        if (s === x) return argB[op];
        // From a wildcard that may hold x the cas may or may not apply: ANY still covers both
        // outcomes when the new value is a start value too, else only ANY_VALUE does.
        if (s > ANY_VALUE || !mayHold(s, x)) return s;
        return s === ANY && possible[argB[op]] === 1 ? ANY : ANY_VALUE;
      default: // CAS_MISMATCH: the compare ran and failed, nothing changed.
        return s !== x ? s : ILLEGAL;
    }
  };
  // Values were interned at compile time, so an instance charges nothing to the budget.
  const instance: ModelInstance = { initialState, anyInitialState: ANY, step, release: () => {} };
  // A failed cas kept as an observed mismatch completed at its fail event, like an ok op.
  const { callAt, returnAt } = intervals(ops, isIndefinite);
  return { key, ops, callAt, returnAt, pure, resets: new Uint8Array(ops.length).fill(1), instantiate: () => instance };
}
