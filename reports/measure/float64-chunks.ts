// A column of numbers indexed by a non-negative integer that only grows, in fixed-size chunks:
// growing allocates one chunk and copies nothing, so the peak is never twice the column (as a
// doubling array's is while it copies). Unset entries read as the fill value. Leaves out:
// freeing (the column lives as long as the run).

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

export class Float64Chunks {
  private readonly chunks: Float64Array[] = [];

  constructor(private readonly fill: number) {}

  get(i: number): number {
    const c = this.chunks[i >>> CHUNK_BITS];
    return c === undefined || i < 0 ? this.fill : c[i & MASK];
  }

  set(i: number, x: number): void {
    const n = i >>> CHUNK_BITS;
    while (this.chunks.length <= n) this.chunks.push(new Float64Array(CHUNK).fill(this.fill));
    this.chunks[n][i & MASK] = x;
  }
}
