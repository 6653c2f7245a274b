// A streaming histogram of non-negative values with ~1% relative precision: log-spaced buckets
// (bucket k holds values in [g^k, g^(k+1)) with g = 1.01, for any integer k, so values below 1
// are as precise as those above), zeros counted on their own, an exact count, sum, min and max.
// Memory depends on the range of values, never on how many were recorded (about 2,300 buckets
// span ten orders of magnitude, e.g. 1 us to 3 hours in ms).
//
// Buckets extend below 1 as they do above it because the callers record milliseconds: a
// sub-millisecond latency, replication lag or staleness (0.2 ms vs 0.9 ms) must be reported within
// 1%, not folded into one [0, 1) bucket whose quantile would be the smallest value seen.

const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
/** Positive values below this count as 0 (so a stray 1e-300 cannot allocate 70,000 buckets). */
const SMALLEST = 1e-6;

export class Histogram {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private zeros = 0;
  /** buckets[i] counts the values of bucket k = lowest + i. */
  private lowest = 0;
  private buckets = new Float64Array(0);

  record(value: number): void {
    const v = value < 0 ? 0 : value;
    if (v < SMALLEST) this.zeros++;
    else {
      const i = this.slot(Math.floor(Math.log(v) / LOG_GROWTH)); // may replace this.buckets
      this.buckets[i]++;
    }
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Buckets allocated: grows with the range of values recorded, never with their number. */
  get bucketCount(): number {
    return this.buckets.length;
  }

  /** Index in `buckets` of bucket k, growing the array (either way) to hold it. */
  private slot(k: number): number {
    const n = this.buckets.length;
    if (n === 0) {
      this.buckets = new Float64Array(256);
      this.lowest = k - 128;
    } else if (k < this.lowest) {
      const lowest = Math.min(k, this.lowest - n);
      const grown = new Float64Array(n + (this.lowest - lowest));
      grown.set(this.buckets, this.lowest - lowest);
      this.buckets = grown;
      this.lowest = lowest;
    } else if (k >= this.lowest + n) {
      const grown = new Float64Array(Math.max(k - this.lowest + 1, n * 2));
      grown.set(this.buckets);
      this.buckets = grown;
    }
    return k - this.lowest;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** The q-quantile (0 < q <= 1): the representative value of the bucket holding it. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = this.zeros;
    if (seen >= rank) return this.clamp(0);
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i];
      // Geometric middle of [g^k, g^(k+1)), kept within what was actually seen.
      if (seen >= rank) return this.clamp(Math.pow(GROWTH, this.lowest + i + 0.5));
    }
    return this.max;
  }

  private clamp(v: number): number {
    return Math.min(this.max, Math.max(this.min, v));
  }

  reset(): void {
    this.buckets.fill(0);
    this.zeros = 0;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}
