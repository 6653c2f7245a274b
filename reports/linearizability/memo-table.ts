// The search's memo: which (linearized set, model state) pairs have been reached already.
// Models: Wing-Gong/Lowe caching as in Porcupine: reaching the same set of linearized ops in
// the same state again cannot lead anywhere new, so that branch is cut. Open addressing over
// flat typed arrays: no object per entry, and memory grows only up to a fixed byte budget.
// Leaves out: eviction; when the budget is reached the table stops growing and the search
// continues without recording new pairs (still exact, only slower; the step budget bounds it).

import type { ByteBudget } from './byte-budget.ts';
import type { LinearizedSet } from './linearized-set.ts';
import { mix32 } from './linearized-set.ts';

/** Entry layout in the pool: hash, state, lo, span, then `span` words of the set. */
const HEADER = 4;

export class MemoTable {
  private pool: Uint32Array;
  private used = 0;
  /** Open addressing: 0 = empty slot, else pool offset + 1. Invariant: load factor <= 1/2. */
  private slots: Int32Array;
  private count = 0;
  /** Bytes taken from the budget for the current arrays. */
  private charged = 0;
  /** Set once the byte budget stopped the table from growing. */
  full = false;

  /** `sizeHint`: ops in the search; small searches start small (a check may run thousands). */
  constructor(
    private readonly budget: ByteBudget,
    sizeHint: number,
  ) {
    // Invariant: both lengths are powers of two (probing masks with length - 1).
    let start = 1 << 6;
    while (start < sizeHint * 8 && start < 1 << 12) start *= 2;
    this.pool = new Uint32Array(start);
    this.slots = new Int32Array(start >>> 1);
    // Initial arrays are not refused: they are tiny and O(ops), like the entry list.
    this.charged = this.bytes;
    this.budget.take(this.charged);
  }

  /** Gives every byte back to the budget; the table must not be used afterwards. */
  release(): void {
    this.budget.give(this.charged);
    this.charged = 0;
    this.pool = new Uint32Array(0);
    this.slots = new Int32Array(1);
  }

  get entries(): number {
    return this.count;
  }

  get bytes(): number {
    return this.pool.byteLength + this.slots.byteLength;
  }

  /**
   * Records (set, state) and returns true if it was new; returns false if already present.
   * When full, returns true for a new pair without recording it.
   */
  addIfAbsent(set: LinearizedSet, state: number): boolean {
    const hash = mix32(set.hash ^ Math.imul(state + 0x632be5ab, 0x9e3779b1)) >>> 0;
    const lo = set.lo;
    const span = set.span();
    const words = set.words;
    const pool = this.pool;
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const ref = this.slots[slot];
      if (ref === 0) break;
      const at = ref - 1;
      if (pool[at] === hash && pool[at + 1] === state && pool[at + 2] === lo && pool[at + 3] === span) {
        let same = true;
        for (let i = 0; i < span; i++) {
          if (pool[at + HEADER + i] !== words[lo + i]) {
            same = false;
            break;
          }
        }
        if (same) return false;
      }
      slot = (slot + 1) & mask;
    }
    if (this.full || !this.reserve(HEADER + span)) return true;
    const at = this.used;
    const p = this.pool; // reserve() may have replaced it
    p[at] = hash;
    p[at + 1] = state;
    p[at + 2] = lo;
    p[at + 3] = span;
    for (let i = 0; i < span; i++) p[at + HEADER + i] = words[lo + i];
    this.used += HEADER + span;
    this.count++;
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.slots[slot] = at + 1;
    return true;
  }

  /**
   * Makes room for `size` more pool words and one more entry (the slot table doubles at half
   * load) within the budget; false (and full from then on) if impossible.
   */
  private reserve(size: number): boolean {
    const need = this.used + size;
    const slotBytes = (this.count + 1) * 2 > this.slots.length ? this.slots.byteLength * 2 : this.slots.byteLength;
    let poolWords = this.pool.length;
    if (need > poolWords) {
      while (poolWords < need) poolWords *= 2;
    }
    const after = poolWords * 4 + slotBytes;
    if (after > this.charged) {
      if (!this.budget.take(after - this.charged)) return this.stop();
      this.charged = after;
    }
    if (poolWords !== this.pool.length) {
      const grown = new Uint32Array(poolWords);
      grown.set(this.pool.subarray(0, this.used));
      this.pool = grown;
    }
    return true;
  }

  private stop(): boolean {
    this.full = true;
    return false;
  }

  /** Doubles the slot table and re-inserts every entry (the pool is walked in order). */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const pool = this.pool;
    for (let at = 0; at < this.used; at += HEADER + pool[at + 3]) {
      let slot = pool[at] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = at + 1;
    }
    this.slots = slots;
  }
}
