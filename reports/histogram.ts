// A streaming histogram of non-negative values with ~1% relative precision: log-spaced buckets
// (bucket i holds values in [g^i, g^(i+1)) with g = 1.01, shifted by one so 0 has its own),
// an exact count, sum, min and max. Memory depends on the range of values, never on how many
// were recorded (about 2,300 buckets cover 1 us to 3 hours).

const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);

export class Histogram {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private buckets = new Float64Array(256);

  record(value: number): void {
    const v = value < 0 ? 0 : value;
    const i = v < 1 ? 0 : 1 + Math.floor(Math.log(v) / LOG_GROWTH);
    if (i >= this.buckets.length) {
      const grown = new Float64Array(Math.max(i + 1, this.buckets.length * 2));
      grown.set(this.buckets);
      this.buckets = grown;
    }
    this.buckets[i]++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** The q-quantile (0 < q <= 1): the representative value of the bucket holding it. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i];
      if (seen >= rank) {
        if (i === 0) return Math.max(this.min, 0);
        // Geometric middle of [g^(i-1), g^i), kept within what was actually seen.
        const mid = Math.pow(GROWTH, i - 0.5);
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  reset(): void {
    this.buckets.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}
