// Token buckets for DynamoDB admission control, in capacity units and simulated microseconds.
//   TokenBucket      refills at `rate` units/s up to `capacity`.
//   BurstingBucket   a provisioned partition's pair (REFERENCE-FIGURES.md C #45): an allocated
//                    bucket holding one second of its rate, and a burst bucket that keeps the
//                    capacity the allocated one could not hold (unused capacity) for up to
//                    `burstWindow` seconds' worth. A request takes from the allocated bucket
//                    first and the burst bucket for the rest.
// Admission is all-or-nothing per request: a request that does not fit takes nothing.
// Leaves out: the storage node's own bucket that bursts also draw on, and the check of the
// other replicas' node buckets for bursting writes (#45).

import { invariant } from '../../sim/invariant.ts';

const US_PER_S = 1_000_000;

export class TokenBucket {
  tokens: number;
  private lastUs: number;

  constructor(
    public rate: number,
    public capacity: number,
    nowUs: number,
    full = true,
  ) {
    this.tokens = full ? capacity : 0;
    this.lastUs = nowUs;
  }

  /** Adds what accrued since the last refill; returns what overflowed the capacity. */
  refill(nowUs: number): number {
    if (nowUs <= this.lastUs) return 0;
    this.tokens += (this.rate * (nowUs - this.lastUs)) / US_PER_S;
    this.lastUs = nowUs;
    if (this.tokens <= this.capacity) return 0;
    const overflow = this.tokens - this.capacity;
    this.tokens = this.capacity;
    return overflow;
  }

  /** Takes `units` if they are all there. */
  take(units: number, nowUs: number): boolean {
    this.refill(nowUs);
    if (this.tokens < units) return false;
    this.tokens -= units;
    // Invariant: 0 <= tokens <= capacity (refill caps it; a take never overdraws).
    if (!(this.tokens >= 0 && this.tokens <= this.capacity)) invariant(false, `dynamodb: token bucket at ${this.tokens} of ${this.capacity}`);
    return true;
  }

  /** Changes the refill rate from now on (capacity: one second of the new rate). */
  setRate(rate: number, nowUs: number): void {
    this.refill(nowUs);
    this.rate = rate;
    this.capacity = rate;
    if (this.tokens > this.capacity) this.tokens = this.capacity;
  }
}

export class BurstingBucket {
  readonly allocated: TokenBucket;
  /** Unused capacity kept for later bursts. Invariant: 0 <= tokens <= burstCapacity. */
  burst = 0;
  burstCapacity: number;

  constructor(rate: number, burstWindowUs: number, nowUs: number) {
    this.allocated = new TokenBucket(rate, rate, nowUs, true);
    this.burstCapacity = (rate * burstWindowUs) / US_PER_S;
  }

  private refill(nowUs: number): void {
    const overflow = this.allocated.refill(nowUs);
    if (overflow > 0) this.burst = Math.min(this.burstCapacity, this.burst + overflow);
  }

  /** Could `units` be taken now? */
  fits(units: number, nowUs: number): boolean {
    this.refill(nowUs);
    return this.allocated.tokens + this.burst >= units;
  }

  /** Changes the allocated rate from now on; the burst bucket keeps the same window of the new rate. */
  setRate(rate: number, nowUs: number): void {
    this.refill(nowUs);
    this.burstCapacity = this.allocated.rate > 0 ? (this.burstCapacity * rate) / this.allocated.rate : 0;
    this.allocated.setRate(rate, nowUs);
    if (this.burst > this.burstCapacity) this.burst = this.burstCapacity;
  }

  /** Takes `units` (the allocated bucket first, then the burst bucket), or nothing. */
  take(units: number, nowUs: number): boolean {
    if (!this.fits(units, nowUs)) return false;
    const fromAllocated = Math.min(units, this.allocated.tokens);
    this.allocated.tokens -= fromAllocated;
    this.burst -= units - fromAllocated;
    if (this.burst < 0) this.burst = 0;
    if (!(this.allocated.tokens >= 0 && this.burst <= this.burstCapacity)) invariant(false, `dynamodb: bursting bucket at ${this.allocated.tokens} + ${this.burst} of ${this.burstCapacity} burst`);
    return true;
  }
}
