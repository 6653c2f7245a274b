// One key's operations ready for the search: each operation's interval in history order, and a
// factory for the sequential model as a step function on integer states.
// Models: P-compositionality: keys are independent, so each key is checked on its own.
// Leaves out: the search itself (search.ts) and the model specifics (register-model.ts, kv-model.ts).

import type { ByteBudget } from './byte-budget.ts';
import type { Operation } from './types.ts';

/** Step result meaning "this operation cannot take effect in this state". */
export const ILLEGAL = -1;
/** Step result meaning "the model ran out of its memory budget": the search gives up (unknown). */
export const EXHAUSTED = -2;

/** The sequential model as one search uses it; it may grow tables, charged to a ByteBudget. */
export interface ModelInstance {
  /** The state under the configured initial value. */
  readonly initialState: number;
  /**
   * A state that stands at once for every value the ops before a window may have left (the
   * initial value, or anything they wrote), used to check a window cut from mid-history.
   */
  readonly anyInitialState: number;
  /**
   * The state after `op` runs in `state`, or ILLEGAL, or EXHAUSTED. States are small
   * non-negative integers, so that the memo can compare them cheaply.
   * Invariant: deterministic, and from anyInitialState every op is at least as permissive as
   * from any concrete state (so a window that fails from it fails from every initial value).
   */
  readonly step: (state: number, op: number) => number;
  /**
   * Optional lookahead: false when no sequence of non-resetting ops can take `state` to one in
   * which the pure op `op` is legal (kv: a get's string must extend the current one, since
   * appends only ever extend it). Lets the search drop a branch at once instead of exploring
   * every order of the concurrent ops before that get's return forces the failure.
   */
  readonly canReach?: (state: number, op: number) => boolean;
  /** Gives the instance's bytes back to the budget. */
  release(): void;
}

export interface CompiledKey {
  readonly key: string | null;
  /** The operations that take part, in invocation order (failed ones removed, per semantics). */
  readonly ops: readonly Operation[];
  /** Position of each op's invocation in the history (its event index). */
  readonly callAt: Int32Array;
  /** Position of each op's completion; Infinity when it may take effect at any later point (info, open). */
  readonly returnAt: Float64Array;
  /**
   * pure[op] = 1 when the op never changes the state (reads, gets, failed cas, cas with
   * expected = new). The search takes such an op without branching when it is legal now.
   */
  readonly pure: Uint8Array;
  /** resets[op] = 1 when the op may replace the state outright (kv put); used with canReach. */
  readonly resets: Uint8Array;
  instantiate(budget: ByteBudget): ModelInstance;
}

/** Builds the position arrays. `indefinite(op)` = the op may take effect after its completion event. */
export function intervals(ops: readonly Operation[], indefinite: (op: Operation) => boolean): { callAt: Int32Array; returnAt: Float64Array } {
  const callAt = new Int32Array(ops.length);
  const returnAt = new Float64Array(ops.length);
  for (let i = 0; i < ops.length; i++) {
    callAt[i] = ops[i].invokeIndex;
    returnAt[i] = indefinite(ops[i]) ? Infinity : ops[i].completeIndex;
  }
  return { callAt, returnAt };
}

/** info and open operations may take effect at any point after their invocation, or never. */
export function isIndefinite(op: Operation): boolean {
  return op.status === 'info' || op.status === 'open';
}
