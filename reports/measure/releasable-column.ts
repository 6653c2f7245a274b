// A column of numbers indexed by a non-negative integer that mostly grows (written values), whose
// entries can be released once nothing will ask for them again, so that a long run holds the
// entries still needed, not every index it ever saw. Entries live in fixed-size chunks; a chunk
// whose entries are all released is freed, and one with only a few left (the stragglers, such as
// the last write of a key nobody writes again) moves them to a map and is freed too.
// Unheld entries (never held, or released) read as the fill value and ignore set().
// Leaves out: shrinking the map (its entries leave one by one as they are released).

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
/** A chunk with at most this many entries held moves them to the map once it is no longer filling. */
const SPILL_AT = CHUNK >> 6;

class Chunk {
  readonly values = new Float64Array(CHUNK);
  readonly held = new Uint8Array(CHUNK);
  /** Invariant: the number of ones in `held`. */
  count = 0;
}

export class ReleasableColumn {
  /** undefined: not allocated yet; null: freed (its held entries, if any, are in `spilled`). */
  private readonly chunks: (Chunk | null | undefined)[] = [];
  private readonly spilled = new Map<number, number>();

  constructor(private readonly fill: number) {}

  /** Starts holding entry `i` with `x` (or sets it if it is held). */
  hold(i: number, x: number): void {
    const n = i >>> CHUNK_BITS;
    while (this.chunks.length <= n) this.chunks.push(undefined);
    let c = this.chunks[n];
    if (c === null) {
      this.spilled.set(i, x);
      return;
    }
    if (c === undefined) this.chunks[n] = c = new Chunk();
    const j = i & MASK;
    if (c.held[j] === 0) {
      c.held[j] = 1;
      c.count++;
    }
    c.values[j] = x;
  }

  isHeld(i: number): boolean {
    const c = this.chunks[i >>> CHUNK_BITS];
    if (c === null) return this.spilled.has(i);
    return c !== undefined && c.held[i & MASK] === 1;
  }

  get(i: number): number {
    if (i < 0) return this.fill;
    const c = this.chunks[i >>> CHUNK_BITS];
    if (c === null) return this.spilled.get(i) ?? this.fill;
    return c === undefined || c.held[i & MASK] === 0 ? this.fill : c.values[i & MASK];
  }

  /** Changes a held entry; an unheld one stays unheld. */
  set(i: number, x: number): void {
    const n = i >>> CHUNK_BITS;
    const c = this.chunks[n];
    if (c === null) {
      if (this.spilled.has(i)) this.spilled.set(i, x);
    } else if (c !== undefined && c.held[i & MASK] === 1) c.values[i & MASK] = x;
  }

  /** Nothing will ask for entry `i` again. */
  release(i: number): void {
    const n = i >>> CHUNK_BITS;
    const c = this.chunks[n];
    if (c === null) {
      this.spilled.delete(i);
      return;
    }
    if (c === undefined || c.held[i & MASK] === 0) return;
    c.held[i & MASK] = 0;
    c.count--;
    if (c.count === 0) this.chunks[n] = null;
    else if (c.count <= SPILL_AT && n + 2 < this.chunks.length) this.spill(n, c);
  }

  private spill(n: number, c: Chunk): void {
    const first = n << CHUNK_BITS;
    for (let j = 0; j < CHUNK; j++) if (c.held[j] === 1) this.spilled.set(first + j, c.values[j]);
    this.chunks[n] = null;
  }

  /** Entries held (what the column costs, in entries). */
  heldCount(): number {
    let n = this.spilled.size;
    for (const c of this.chunks) if (c) n += c.count;
    return n;
  }
}

/** One bit per index, in fixed-size chunks (never freed: an eighth of a byte per index). */
export class BitChunks {
  private readonly chunks: Uint8Array[] = [];

  has(i: number): boolean {
    const c = this.chunks[i >>> (CHUNK_BITS + 3)];
    return c !== undefined && i >= 0 && (c[(i >>> 3) & MASK] & (1 << (i & 7))) !== 0;
  }

  add(i: number): void {
    const n = i >>> (CHUNK_BITS + 3);
    while (this.chunks.length <= n) this.chunks.push(new Uint8Array(CHUNK));
    this.chunks[n][(i >>> 3) & MASK] |= 1 << (i & 7);
  }
}
