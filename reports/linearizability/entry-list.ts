// The history as a doubly linked list of call and return entries in time order, as in WGL.
// Models: node 0 is the head; the call of local op i is node 2i+1 and its return node 2i+2.
// Linearizing an op lifts both of its nodes out of the list; backtracking puts them back.
// Leaves out: everything about models and states (search.ts).

import type { CompiledKey } from './compiled-key.ts';

export const HEAD = 0;
export const NIL = -1;

export class EntryList {
  readonly next: Int32Array;
  readonly prev: Int32Array;

  /** The list for ops [from, to) of `key`, checked as a history of their own. */
  constructor(key: CompiledKey, from: number, to: number) {
    const n = to - from;
    this.next = new Int32Array(2 * n + 1).fill(NIL);
    this.prev = new Int32Array(2 * n + 1).fill(NIL);
    // Calls are already in time order (ops are in invocation order); returns need sorting.
    // Indefinite returns (Infinity) sort last, in op order (the sort is stable).
    const returns = Array.from({ length: n }, (_, i) => i);
    returns.sort((x, y) => key.returnAt[from + x] - key.returnAt[from + y] || x - y);
    let tail = HEAD;
    const link = (node: number): void => {
      this.next[tail] = node;
      this.prev[node] = tail;
      tail = node;
    };
    let c = 0;
    let r = 0;
    // Invariant: positions are distinct event indices, so a call and a return never tie.
    while (c < n || r < n) {
      if (c < n && (r === n || key.callAt[from + c] < key.returnAt[from + returns[r]])) {
        link(2 * c + 1);
        c++;
      } else {
        link(2 * returns[r] + 2);
        r++;
      }
    }
  }

  /** Removes call node `call` and its return node (call + 1). */
  lift(call: number): void {
    const { next, prev } = this;
    let p = prev[call];
    let q = next[call];
    next[p] = q;
    if (q !== NIL) prev[q] = p;
    const ret = call + 1;
    p = prev[ret];
    q = next[ret];
    next[p] = q;
    if (q !== NIL) prev[q] = p;
  }

  /** Undoes the matching lift(call). Invariant: lifts and unlifts nest like a stack. */
  unlift(call: number): void {
    const { next, prev } = this;
    const ret = call + 1;
    let p = prev[ret];
    let q = next[ret];
    next[p] = ret;
    if (q !== NIL) prev[q] = ret;
    p = prev[call];
    q = next[call];
    next[p] = call;
    if (q !== NIL) prev[q] = call;
  }
}
