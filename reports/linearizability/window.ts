// A window of one key's history, made into a history of its own that can be checked alone.
// Models: the window is the operations invoked in a contiguous run [from, to) (invocation
// order), plus those invoked earlier and still in flight when it starts. Checked with two
// relaxations, it fails only if the whole key fails, so it explains the violation by itself:
// - ops in flight at the start may have taken effect before it: they become indeterminate
//   (reads and failed-cas observations among them constrain nothing and are left out), and
//   the window starts from any value the earlier ops may have left;
// - ops still running when the next op after the window is invoked may take effect after ops
//   the window leaves out: they become indeterminate the same way, except a read whose value
//   only settled ops write (ops that completed before that invocation): no later op can have
//   produced what it saw, so it keeps its constraint.
// Proof sketch: in a linearization of the whole key, the window's ops placed after every op
// that completed before the window and before every op invoked after it, in that order, form
// a linearization of the relaxed window from the state at that point.
// Indeterminate register ops in flight whose written value nothing in the window can observe
// are left out (the rule of unobserved-writes.ts, applied to the window): histories with many
// timeouts would otherwise drag every earlier timeout into every window.
// Leaves out: the checking (shrink.ts) and the choice of window.

import type { ModelName, Operation } from './types.ts';

export interface WindowHistory {
  /** Every op of the window, original statuses, in invocation order (in-flight ones first). */
  readonly ops: readonly Operation[];
  /** How many of `ops` were in flight when the window started. */
  readonly inFlight: number;
  /** The same ops as checked: relaxed ones turned indeterminate, unconstraining ones left out. */
  readonly relaxed: readonly Operation[];
}

const isIndefinite = (op: Operation): boolean => op.status === 'info' || op.status === 'open';

/** The op as it may also take effect outside the window; undefined when it then constrains nothing. */
function relax(op: Operation): Operation | undefined {
  if (op.f === 'read' || op.f === 'get' || op.status === 'fail') return undefined;
  return isIndefinite(op) ? op : { ...op, status: 'info' };
}

/** What a register op writes, if anything. */
function written(op: Operation): unknown {
  if (op.f === 'write') return op.input;
  if (op.f === 'cas' && op.status !== 'fail') return (op.input as unknown[])[1];
  return undefined;
}

/** Windows of one key's operations (invocation order), with what finding them fast needs. */
export class WindowIndex {
  /** Invariant: maxEnd[k] = the latest completion among definite ops 0..k (-1 if none). */
  private readonly maxEnd: Float64Array;
  private readonly indefinite: number[] = [];
  /** Indefinite register ops by the value they write. */
  private readonly writersOf = new Map<unknown, number[]>();
  /**
   * The latest completion among the register ops that write each value (Infinity when one of
   * them is indefinite): one lookup per read, where walking the writers made windows of a key
   * with few distinct values quadratic.
   */
  private readonly lastWriteEnd = new Map<unknown, number>();

  constructor(
    private readonly keyOps: readonly Operation[],
    private readonly model: ModelName,
  ) {
    this.maxEnd = new Float64Array(keyOps.length);
    let latest = -1;
    const add = (map: Map<unknown, number[]>, v: unknown, k: number): void => {
      const list = map.get(v);
      if (list === undefined) map.set(v, [k]);
      else list.push(k);
    };
    keyOps.forEach((op, k) => {
      const v = written(op);
      if (v !== undefined) {
        const end = isIndefinite(op) ? Infinity : op.completeIndex;
        this.lastWriteEnd.set(v, Math.max(this.lastWriteEnd.get(v) ?? -1, end));
      }
      if (isIndefinite(op)) {
        this.indefinite.push(k);
        if (v !== undefined) add(this.writersOf, v, k);
      } else latest = Math.max(latest, op.completeIndex);
      this.maxEnd[k] = latest;
    });
  }

  /** Whether every op that writes `value` completed before position `cut`. */
  private settled(value: unknown, cut: number): boolean {
    // An indefinite writer (Infinity) is never settled, even when cut is Infinity.
    const end = this.lastWriteEnd.get(value) ?? -1;
    return end !== Infinity && end <= cut;
  }

  /**
   * Indefinite ops before `from` that the window's other ops (`observers`: the core and the
   * definite ops in flight) may observe, closed under what those observe in turn; all of them
   * when unsure.
   */
  private indefiniteInFlight(from: number, observers: readonly Operation[]): number[] {
    const before = (k: number): boolean => k < from;
    // A failed cas kept as a mismatch observes every value; kv appends accumulate: keep all.
    if (this.model === 'kv' || observers.some((op) => op.f === 'cas' && op.status === 'fail')) {
      return this.indefinite.filter(before);
    }
    const seen = new Set<number>();
    const observed: unknown[] = [];
    for (const op of observers) {
      if (op.f === 'read') observed.push(op.output);
      else if (op.f === 'cas') observed.push((op.input as unknown[])[0]);
    }
    const visited = new Set<unknown>();
    while (observed.length > 0) {
      const v = observed.pop();
      if (visited.has(v)) continue;
      visited.add(v);
      for (const k of this.writersOf.get(v) ?? []) {
        if (!before(k) || seen.has(k)) continue;
        seen.add(k);
        const op = this.keyOps[k];
        if (op.f === 'cas') observed.push((op.input as unknown[])[0]);
      }
    }
    return [...seen];
  }

  window(from: number, to: number): WindowHistory {
    const { keyOps } = this;
    const start = keyOps[from].invokeIndex;
    const cut = to < keyOps.length ? keyOps[to].invokeIndex : Infinity;
    // Definite ops still running at the start; maxEnd says how far back they can be.
    const definite: number[] = [];
    for (let k = from - 1; k >= 0 && this.maxEnd[k] > start; k--) {
      if (!isIndefinite(keyOps[k]) && keyOps[k].completeIndex > start) definite.push(k);
    }
    const observers = [...keyOps.slice(from, to), ...definite.map((k) => keyOps[k])];
    const pending = [...definite, ...this.indefiniteInFlight(from, observers)].sort((a, b) => a - b);
    const ops: Operation[] = [];
    const relaxed: Operation[] = [];
    for (const k of pending) {
      ops.push(keyOps[k]);
      const r = relax(keyOps[k]);
      if (r !== undefined) relaxed.push(r);
    }
    for (let k = from; k < to; k++) {
      const op = keyOps[k];
      ops.push(op);
      const crossesCut = isIndefinite(op) || op.completeIndex > cut;
      const keepsConstraint = op.f === 'read' && op.status === 'ok' && this.model === 'register' && this.settled(op.output, cut);
      const r = crossesCut && !keepsConstraint ? relax(op) : op;
      if (r !== undefined) relaxed.push(r);
    }
    return { ops, inFlight: pending.length, relaxed };
  }
}

/** Events of `ops` in history order: a standalone history of the window. */
export function eventsOf<T>(ops: readonly Operation[], events: readonly T[]): T[] {
  const positions: number[] = [];
  for (const op of ops) {
    positions.push(op.invokeIndex);
    if (op.completeIndex >= 0) positions.push(op.completeIndex);
  }
  positions.sort((a, b) => a - b);
  return positions.map((i) => events[i]);
}
