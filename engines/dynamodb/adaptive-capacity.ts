// DynamoDB adaptive capacity (AWS developer guide, "Burst and adaptive capacity"): a partition
// asked for more than its even share of the table's provisioned throughput may consume the
// table's unused provisioned capacity, so an uneven load is served as long as the table as a
// whole stays within what is provisioned. The partition's hard limits (3,000 RCU, 1,000 WCU per
// second) still bind (admission.ts checks those first).
// Models: the table's unused capacity per dimension as a bucket that refills at the table's
// provisioned rate and holds one second of it; every unit a partition's share admits is taken
// from it, even into debt (down to minus one second: a share's use comes first, whichever request
// arrived first), and a partition past its share is admitted only from what is left there. AWS documents adaptive capacity as enabled for every table and applied instantly;
// `adaptive_capacity_delay` (default 0, instant) models the behaviour earlier descriptions gave,
// where a partition had to stay over its share for some minutes before the boost: from the first
// request its share could not hold, the partition is boosted once the delay has passed, and from
// then on at once.
// Leaves out: isolating a frequently accessed item on its own partition (split for heat), and
// any limit on the boost beyond the table's unused capacity.

import { TokenBucket } from './token-bucket.ts';

export class AdaptiveCapacity {
  /** The table's unused provisioned capacity of one dimension. */
  private readonly unused: TokenBucket;
  /** Per partition: when its share first could not hold a request (-1: never yet). */
  private readonly overShareSinceUs: number[];

  constructor(
    tableRate: number,
    partitions: number,
    private readonly delayUs: number,
    nowUs: number,
  ) {
    this.unused = new TokenBucket(tableRate, tableRate, nowUs, true);
    this.overShareSinceUs = new Array<number>(partitions).fill(-1);
  }

  /** A request its share admitted: its units are no longer unused table capacity. */
  consumed(units: number, nowUs: number): void {
    const b = this.unused;
    b.refill(nowUs);
    // Invariant: -capacity <= tokens <= capacity; boosts take only from tokens above zero.
    b.tokens = Math.max(-b.capacity, b.tokens - units);
  }

  /** A request partition (admission unit) `p`'s share cannot hold: admitted from the table's unused capacity? */
  boost(p: number, units: number, nowUs: number): boolean {
    // A unit made by a split for heat (heat-split.ts) has no entry yet.
    if (!(this.overShareSinceUs[p] >= 0)) this.overShareSinceUs[p] = nowUs;
    if (nowUs - this.overShareSinceUs[p] < this.delayUs) return false;
    return this.unused.take(units, nowUs);
  }
}
