// The Wing-Gong/Lowe depth-first search for a linearization of one key's operations.
// Models: walk the entry list; at a call, try to take that op next (model step legal, and the
// resulting (linearized set, state) not seen before); at a return, the op it closes was never
// taken, so undo the last choice. Success when every entry is gone. The search can pause after
// a number of steps and resume, so that many keys can share one budget fairly.
// Two reductions on top of WGL. An op that never changes the state (a read) and is legal now is
// taken without branching: any linearization that places it later can place it now instead
// (its call precedes every pending return, and nothing depends on when a pure op ran), so when
// the branch that takes it fails, the node fails, and its siblings need not be tried. And for
// kv, a lookahead (lookahead.ts) drops states that the next gets can no longer match.
// Leaves out: wall-clock time (the budget is counted in steps, so verdicts never depend on the
// machine) and recursion (an explicit stack, so deep histories cannot overflow the JS stack).

import type { ByteBudget } from './byte-budget.ts';
import type { CompiledKey, ModelInstance } from './compiled-key.ts';
import { EXHAUSTED as MODEL_EXHAUSTED } from './compiled-key.ts';
import { EntryList, HEAD as LIST_HEAD, NIL as LIST_NIL } from './entry-list.ts';
import { LinearizedSet } from './linearized-set.ts';
import { MAX_RESETS, lookaheadAllows } from './lookahead.ts';
import { MemoTable } from './memo-table.ts';
import type { Verdict } from './types.ts';

// Module-local copies: the hot loop reads these millions of times, and an imported binding can
// compile to a getter call when the module is loaded as CommonJS.
const HEAD = LIST_HEAD;
const NIL = LIST_NIL;
const EXHAUSTED = MODEL_EXHAUSTED;

export type SearchStatus = Verdict | 'running';

export class LinearizationSearch {
  private readonly list: EntryList;
  private readonly set: LinearizedSet;
  private readonly memo: MemoTable;
  private readonly model: ModelInstance;
  private readonly pure: Uint8Array;
  private readonly resets: Uint8Array;
  private readonly resetStates = new Int32Array(MAX_RESETS);
  // The stack of choices: which call node was taken, the state before it, and whether it was forced.
  private readonly takenNode: Int32Array;
  private readonly stateBefore: Int32Array;
  private readonly forced: Uint8Array;
  private depth = 0;
  private state: number;
  private node: number;
  /**
   * Which pass over the candidates of the current node: 0 = ops that completed (ok, or a failed
   * cas kept as a mismatch), 1 = indefinite ops (info, open). Indefinite ops may take effect at
   * any later time or never, so trying them last finds linearizations sooner; every candidate
   * is still tried once per node, so the search stays complete.
   */
  private late = 0;
  private readonly indefinite: Uint8Array;
  private readonly hasIndefinite: boolean;
  /**
   * Definite ops not yet linearized. Invariant: when it is 0, the rest can be linearized at
   * the end in any order: indefinite ops are legal in every state (writes, puts, appends, a cas
   * that may or may not apply), and nothing after them observes their effect. Stopping there
   * keeps open invokes from costing a walk over the list each (quadratic in their number).
   */
  private definiteLeft = 0;
  status: SearchStatus = 'running';
  steps = 0;

  /** Searches ops [from, to) of `key`; `anyInitial` starts from the wildcard state instead of the configured one. */
  constructor(
    key: CompiledKey,
    private readonly from: number,
    to: number,
    budget: ByteBudget,
    anyInitial = false,
  ) {
    const n = to - from;
    this.list = new EntryList(key, from, to);
    this.set = new LinearizedSet(n);
    this.memo = new MemoTable(budget, n);
    this.model = key.instantiate(budget);
    this.pure = key.pure;
    this.resets = key.resets;
    this.indefinite = new Uint8Array(key.ops.length);
    let anyIndefinite = false;
    for (let i = from; i < to; i++) {
      if (key.returnAt[i] === Infinity) {
        this.indefinite[i] = 1;
        anyIndefinite = true;
      } else this.definiteLeft++;
    }
    this.hasIndefinite = anyIndefinite;
    this.takenNode = new Int32Array(n);
    this.stateBefore = new Int32Array(n);
    this.forced = new Uint8Array(n);
    this.state = anyInitial ? this.model.anyInitialState : this.model.initialState;
    this.node = this.list.next[HEAD];
    if (this.state < 0) this.finish('unknown');
  }

  get memoFull(): boolean {
    return this.memo.full;
  }

  get memoEntries(): number {
    return this.memo.entries;
  }

  /** Runs at most `allowance` more steps (one step = one call tried or one backtrack). */
  advance(allowance: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const next = this.list.next;
    const { set, memo, pure, takenNode, stateBefore, forced, from } = this;
    const step = this.model.step;
    const lookahead = this.model.canReach !== undefined;
    let { depth, state, node, steps, late, definiteLeft } = this;
    const { indefinite, hasIndefinite } = this;
    const limit = steps + allowance;
    let result: SearchStatus = 'running';
    while (next[HEAD] !== NIL && definiteLeft > 0) {
      if (steps >= limit) break;
      steps++;
      if ((node & 1) === 1) {
        // A call entry: try to linearize its op now (if it belongs to this pass).
        const op = (node - 1) >>> 1;
        if (hasIndefinite && indefinite[from + op] !== late) {
          node = next[node];
          continue;
        }
        const after = step(state, from + op);
        if (after === EXHAUSTED) {
          result = 'unknown';
          break;
        }
        if (after < 0) {
          node = next[node];
          continue;
        }
        const isForced = pure[from + op] === 1 && after === state;
        if (lookahead && after !== state && !lookaheadAllows(next, from, pure, this.resets, this.model, node, after, this.resetStates)) {
          node = next[node];
          continue;
        }
        set.add(op);
        if (memo.addIfAbsent(set, after)) {
          takenNode[depth] = node;
          stateBefore[depth] = state;
          forced[depth] = isForced ? 1 : 0;
          depth++;
          definiteLeft -= indefinite[from + op] ^ 1;
          state = after;
          this.list.lift(node);
          node = next[HEAD];
          late = 0;
          continue;
        }
        set.remove(op);
        // Seen before means it failed before; for a forced op that fails this node too.
        if (!isForced) {
          node = next[node];
          continue;
        }
      } else if (late === 0 && hasIndefinite) {
        // End of the first pass: now the indefinite calls, from the head again.
        late = 1;
        node = next[HEAD];
        continue;
      }
      // A return entry whose op is not linearized (or a forced op that failed): this node
      // failed. Undo choices, through every forced one (whose node then failed too), and try
      // the sibling after the last free one.
      let popped = -1;
      while (depth > 0) {
        depth--;
        popped = takenNode[depth];
        state = stateBefore[depth];
        definiteLeft += indefinite[from + ((popped - 1) >>> 1)] ^ 1;
        set.remove((popped - 1) >>> 1);
        this.list.unlift(popped);
        if (forced[depth] === 0) break;
        popped = -1;
      }
      if (popped === -1) {
        result = false;
        break;
      }
      late = indefinite[from + ((popped - 1) >>> 1)];
      node = next[popped];
    }
    if (result === 'running' && (next[HEAD] === NIL || definiteLeft === 0)) result = true;
    this.depth = depth;
    this.state = state;
    this.node = node;
    this.steps = steps;
    this.late = late;
    this.definiteLeft = definiteLeft;
    if (result !== 'running') this.finish(result);
    return this.status;
  }

  /** Stops a paused search for good (verdict unknown) and frees its memory. */
  abandon(): void {
    if (this.status === 'running') this.finish('unknown');
  }

  private finish(verdict: Verdict): void {
    this.status = verdict;
    this.memo.release();
    this.model.release();
  }
}

export interface SearchOutcome {
  readonly verdict: Verdict;
  readonly steps: number;
  readonly memoFull: boolean;
}

/** Runs one search to the end or to `maxSteps`. */
export function searchLinearization(key: CompiledKey, from: number, to: number, budget: ByteBudget, maxSteps: number, anyInitial = false): SearchOutcome {
  const search = new LinearizationSearch(key, from, to, budget, anyInitial);
  let status = search.advance(maxSteps);
  if (status === 'running') {
    status = 'unknown';
    search.abandon();
  }
  return { verdict: status, steps: search.steps, memoFull: search.memoFull };
}
