// Admission control for one table: whether a request's capacity units are admitted or throttled.
//   provisioned  each partition gets an equal share of the table's RCU and WCU (static allocation,
//                REFERENCE-FIGURES.md C #44) in a bursting bucket (#45: unused capacity kept for
//                `burst_window`), and no partition serves more than its hard limits (3,000 RCU,
//                1,000 WCU per second, #51) even when bursting. With adaptive capacity (the
//                default, adaptive-capacity.ts) a partition past its share may use the table's
//                unused provisioned capacity.
//   on_demand    the table serves up to twice its previous peak at once (#54); a higher peak
//                counts only `on_demand_scale_delay` after it was seen, so traffic above twice
//                the previous peak within that delay is throttled. Partition hard limits apply.
// Limits are per second (#56): every bucket holds one second of its rate. Consumed and throttled
// units go to the engine's counters. Admission state is shared by every request router, as if
// global admission control (#53) kept them exactly in step.
// With split for heat (heat-split.ts) the buckets are per admission unit, a key range: at first one
// per partition; a split gives the new half hard-limit buckets of its own and half the parent's
// provisioned share (the parent keeps the other half).
// Leaves out: the account and table quotas (#55).

import { BurstingBucket, TokenBucket } from './token-bucket.ts';
import { AdaptiveCapacity } from './adaptive-capacity.ts';
import type { HeatSplit, Split } from './heat-split.ts';

export type CapacityMode = 'provisioned' | 'on_demand';
export type Dimension = 'read' | 'write';

const US_PER_S = 1_000_000;

export interface AdmissionConfig {
  mode: CapacityMode;
  partitions: number;
  /** provisioned: the table's RCU / WCU; on_demand: its previous peak of consumed units per second. */
  rcu: number;
  wcu: number;
  maxPartitionRcu: number;
  maxPartitionWcu: number;
  burstWindowUs: number;
  onDemandScaleDelayUs: number;
  /** provisioned: a partition past its share may use the table's unused capacity. */
  adaptive: boolean;
  /** How long a partition stays over its share before its first boost (0: at once). */
  adaptiveDelayUs: number;
}

/** The on-demand table limit for one dimension: twice the previous peak, which grows with use. */
export class OnDemandLimiter {
  peak: number;
  readonly bucket: TokenBucket;
  private windowIndex = 0;
  private windowUnits = 0;
  /** Peaks seen and when they start to count; values increase along the queue. */
  private pending: { atUs: number; value: number }[] = [];

  constructor(
    initialPeak: number,
    private readonly scaleDelayUs: number,
    nowUs: number,
  ) {
    this.peak = initialPeak;
    this.bucket = new TokenBucket(2 * initialPeak, 2 * initialPeak, nowUs, true);
  }

  private advance(nowUs: number): void {
    const index = Math.floor(nowUs / US_PER_S);
    if (index !== this.windowIndex) {
      const last = this.pending.length > 0 ? this.pending[this.pending.length - 1].value : this.peak;
      if (this.windowUnits > last) this.pending.push({ atUs: (this.windowIndex + 1) * US_PER_S + this.scaleDelayUs, value: this.windowUnits });
      this.windowIndex = index;
      this.windowUnits = 0;
    }
    while (this.pending.length > 0 && this.pending[0].atUs <= nowUs) {
      const p = this.pending.shift()!;
      if (p.value > this.peak) {
        this.peak = p.value;
        this.bucket.setRate(2 * p.value, nowUs);
      }
    }
  }

  fits(units: number, nowUs: number): boolean {
    this.advance(nowUs);
    this.bucket.refill(nowUs);
    return this.bucket.tokens >= units;
  }

  take(units: number, nowUs: number): void {
    this.bucket.take(units, nowUs);
    this.windowUnits += units;
  }
}

interface PartitionBuckets {
  share: Record<Dimension, BurstingBucket> | null;
  limit: Record<Dimension, TokenBucket>;
}

export class Admission {
  /** Per admission unit: a partition, or with split for heat a key range of one. */
  private readonly unitBuckets: PartitionBuckets[] = [];
  private readonly table: Record<Dimension, OnDemandLimiter> | null;
  private readonly adaptive: Record<Dimension, AdaptiveCapacity> | null;

  constructor(
    readonly config: AdmissionConfig,
    nowUs: number,
    /** Counts consumed and throttled units (engine counters). */
    private readonly count: (counter: string, amount: number) => void = () => {},
    /** Split for heat, when on: it maps keys to admission units and says when one splits. */
    private readonly heat: HeatSplit | null = null,
    private readonly onSplit: (split: Split) => void = () => {},
  ) {
    const c = config;
    for (let i = 0; i < c.partitions; i++) this.unitBuckets.push(this.buckets(c.rcu / c.partitions, c.wcu / c.partitions, nowUs));
    this.adaptive =
      c.mode === 'provisioned' && c.adaptive
        ? { read: new AdaptiveCapacity(c.rcu, c.partitions, c.adaptiveDelayUs, nowUs), write: new AdaptiveCapacity(c.wcu, c.partitions, c.adaptiveDelayUs, nowUs) }
        : null;
    this.table = c.mode === 'on_demand' ? { read: new OnDemandLimiter(c.rcu, c.onDemandScaleDelayUs, nowUs), write: new OnDemandLimiter(c.wcu, c.onDemandScaleDelayUs, nowUs) } : null;
  }

  /** Full hard-limit buckets and, provisioned, a share of these rates. */
  private buckets(shareRcu: number, shareWcu: number, nowUs: number): PartitionBuckets {
    const c = this.config;
    const limit = { read: new TokenBucket(c.maxPartitionRcu, c.maxPartitionRcu, nowUs), write: new TokenBucket(c.maxPartitionWcu, c.maxPartitionWcu, nowUs) };
    const share = c.mode === 'provisioned' ? { read: new BurstingBucket(shareRcu, c.burstWindowUs, nowUs), write: new BurstingBucket(shareWcu, c.burstWindowUs, nowUs) } : null;
    return { share, limit };
  }

  /** The new unit of a split: its own hard limits, and half the parent's share (the parent keeps half). */
  private splitBuckets(s: Split, nowUs: number): void {
    const parent = this.unitBuckets[s.parent];
    const half = (dim: Dimension) => (parent.share === null ? 0 : parent.share[dim].allocated.rate / 2);
    const child = this.buckets(half('read'), half('write'), nowUs);
    if (parent.share !== null) for (const dim of ['read', 'write'] as const) parent.share[dim].setRate(half(dim), nowUs);
    // Invariant: the unit index the split names is the next bucket slot.
    this.unitBuckets[s.child] = child;
    this.onSplit(s);
  }

  /**
   * Admits `units` of `dim` on partition `p` (taking them from every bucket concerned) or throttles.
   * With split for heat, `key` picks the admission unit within the partition.
   */
  admit(p: number, dim: Dimension, units: number, nowUs: number, key = -1): boolean {
    let at = p;
    if (this.heat !== null && key >= 0) {
      const split = this.heat.observe(key, dim, units, nowUs);
      if (split !== null) this.splitBuckets(split, nowUs);
      at = this.heat.unitOfKey[key];
    }
    const b = this.unitBuckets[at];
    const limit = b.limit[dim];
    limit.refill(nowUs);
    const unit = dim === 'read' ? 'rcu' : 'wcu';
    const inShare = b.share === null || b.share[dim].fits(units, nowUs);
    // Past its share, a provisioned partition is admitted only from the table's unused capacity.
    const ok = limit.tokens >= units && (inShare || (this.adaptive !== null && this.adaptive[dim].boost(at, units, nowUs))) && (this.table === null || this.table[dim].fits(units, nowUs));
    if (!ok) {
      this.count(`${unit}_throttled`, units);
      return false;
    }
    limit.take(units, nowUs);
    if (inShare) {
      b.share?.[dim].take(units, nowUs);
      this.adaptive?.[dim].consumed(units, nowUs);
    }
    this.table?.[dim].take(units, nowUs);
    this.count(`${unit}_consumed`, units);
    return true;
  }

  /** The on-demand previous peak of a dimension (null in provisioned mode). */
  onDemandPeak(dim: Dimension): number | null {
    return this.table === null ? null : this.table[dim].peak;
  }

  /** Units left in a partition's burst bucket (provisioned mode). */
  burstTokens(p: number, dim: Dimension, nowUs: number): number {
    const s = this.unitBuckets[p].share?.[dim];
    if (s === undefined) return 0;
    s.fits(0, nowUs);
    return s.burst;
  }
}

export const ADMISSION_COUNTERS = ['rcu_consumed', 'wcu_consumed', 'rcu_throttled', 'wcu_throttled'] as const;
