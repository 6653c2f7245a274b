// The set of operations linearized so far on the current search path, as a bitset of 32-bit words.
// Models: what the memo needs to compare sets quickly: an incremental hash (XOR of a fixed
// pseudo-random value per op, so adding or removing an op costs O(1)), and the span of words
// that are neither all ones nor all zeros, so a stored copy costs O(concurrency), not O(history).
// Leaves out: set operations beyond add/remove (the search needs nothing else).

/** A fixed, well-mixed 32-bit value per op (murmur3's finaliser): deterministic, no randomness. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

function opHash(op: number): number {
  return mix32(Math.imul(op + 1, 0x9e3779b1));
}

export class LinearizedSet {
  readonly words: Uint32Array;
  /**
   * Invariant: every word below `lo` is all ones, `words[lo]` is not (or lo === words.length);
   * every word above `hi` is zero, `words[hi]` is not (or hi === -1). So (lo, words[lo..hi])
   * identifies the set, and sets are equal iff these are.
   */
  lo = 0;
  hi = -1;
  /** XOR of opHash over the members. */
  hash = 0;

  constructor(size: number) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(size / 32)));
  }

  has(op: number): boolean {
    return (this.words[op >>> 5] & (1 << (op & 31))) !== 0;
  }

  add(op: number): void {
    const w = op >>> 5;
    const words = this.words;
    words[w] |= 1 << (op & 31);
    this.hash ^= opHash(op);
    if (w > this.hi) this.hi = w;
    if (w === this.lo) {
      let lo = w;
      while (lo < words.length && words[lo] === 0xffffffff) lo++;
      this.lo = lo;
    }
  }

  remove(op: number): void {
    const w = op >>> 5;
    const words = this.words;
    words[w] &= ~(1 << (op & 31));
    this.hash ^= opHash(op);
    if (w < this.lo) this.lo = w;
    if (w === this.hi) {
      let hi = w;
      while (hi >= 0 && words[hi] === 0) hi--;
      this.hi = hi;
    }
  }

  /** Words stored for the current set: words[lo .. lo + span - 1]. */
  span(): number {
    return this.hi >= this.lo ? this.hi - this.lo + 1 : 0;
  }
}
