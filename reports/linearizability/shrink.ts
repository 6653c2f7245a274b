// Shrinks a failing key to a small window (window.ts): the operations invoked in a contiguous
// run, plus those in flight when it starts, that by themselves prove the key not linearizable.
// Models: a window that starts at the key's first op is checked from the configured initial
// value, one cut from mid-history from any value the earlier ops may have left. Two
// strategies: first every small window, smallest first (cheap, and then no smaller window
// fails); else binary search on each end from the whole key, to a fixed point, then the small
// windows inside the result.
// Leaves out: non-contiguous subsets (delta debugging): a window is easier to read in a timeline.

import { ByteBudget } from './byte-budget.ts';
import type { CompiledKey } from './compiled-key.ts';
import { searchLinearization } from './search.ts';
import type { Operation, Verdict } from './types.ts';
import type { WindowIndex } from './window.ts';

/** Sizes tried by the sweep over small windows. */
const SWEEP_MAX_SIZE = 8;
/** Window checks a sweep may make (each is a small search). */
const SWEEP_MAX_CHECKS = 20_000;
/**
 * Steps one window check of the sweep may take. Small windows are cheap unless many ops were
 * in flight at their start; those are left to the binary search rather than eating the budget.
 */
const SWEEP_CHECK_STEPS = 1_000;

export interface ShrinkLimits {
  readonly maxShrinkSteps: number;
  readonly maxMemoBytes: number;
}

/**
 * Compiles a window's (relaxed) operations; `start` is the index in the key's operations of the
 * window's first op (0: from the initial value; more: from what ops before `start` left).
 */
export type CompileWindow = (ops: readonly Operation[], start: number) => CompiledKey;

export interface Window {
  /** The window's core is ops [from, to) of the key (window.ts adds the ops in flight). */
  readonly from: number;
  readonly to: number;
  /** Both one-op trims of the core were checked and found linearizable. */
  readonly minimal: boolean;
  readonly steps: number;
}

/** Precondition: the key's `n` ops are not linearizable from the configured initial value. */
export function shrinkWindow(windows: WindowIndex, n: number, compile: CompileWindow, limits: ShrinkLimits): Window {
  const budget = new ByteBudget(limits.maxMemoBytes);
  let steps = 0;
  // Decided windows, by from * (n + 1) + to: the fixed-point loop revisits some.
  const decided = new Map<number, Verdict>();
  const check = (from: number, to: number, cap = Infinity): Verdict => {
    if (to <= from) return true; // nothing invoked in the window: nothing to explain
    const known = decided.get(from * (n + 1) + to);
    if (known !== undefined) return known;
    const left = Math.min(cap, limits.maxShrinkSteps - steps);
    if (left <= 0) return 'unknown';
    const sub = compile(windows.window(from, to).relaxed, from);
    const outcome = searchLinearization(sub, 0, sub.ops.length, budget, left, from > 0);
    steps += outcome.steps;
    if (outcome.verdict !== 'unknown') decided.set(from * (n + 1) + to, outcome.verdict);
    return outcome.verdict;
  };
  const fails = (from: number, to: number): boolean => check(from, to) === false;

  /**
   * The first failing window of the smallest size in [from, to), sizes up to `maxSize`, within
   * SWEEP_MAX_CHECKS checks. `minimal` when every smaller window was decided linearizable.
   */
  const sweep = (from: number, to: number, maxSize: number): Window | undefined => {
    let checks = 0;
    let smallerAllTrue = true;
    for (let size = 1; size <= Math.min(maxSize, to - from); size++) {
      let allTrue = true;
      for (let i = from; i + size <= to; i++) {
        if (++checks > SWEEP_MAX_CHECKS) return undefined;
        const verdict = check(i, i + size, SWEEP_CHECK_STEPS);
        if (verdict === false) return { from: i, to: i + size, minimal: smallerAllTrue, steps };
        allTrue &&= verdict === true;
      }
      smallerAllTrue = allTrue;
    }
    return undefined;
  };

  const small = sweep(0, n, SWEEP_MAX_SIZE);
  if (small !== undefined) return small;

  let from = 0;
  let to = n;
  for (;;) {
    const before = to - from;
    // Invariant: fails(from, hi); lo is a window end known (or assumed) not to fail.
    let lo = from;
    let hi = to;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (fails(from, mid)) hi = mid;
      else lo = mid;
    }
    to = hi;
    // Invariant: fails(lo, to); hi is a window start known (or assumed) not to fail.
    lo = from;
    hi = to;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (fails(mid, to)) lo = mid;
      else hi = mid;
    }
    from = lo;
    if (to - from === before || steps >= limits.maxShrinkSteps) break;
  }
  // A smaller window may hide inside the one the binary search kept.
  const inside = sweep(from, to, to - from - 1);
  if (inside !== undefined) return inside;
  const minimal = check(from + 1, to) === true && check(from, to - 1) === true;
  return { from, to, minimal, steps };
}
