// A global secondary index (GSI): its own partitioned table, keyed by an attribute of the item
// (the index key), fed asynchronously from the base table. Every write a base partition's leader
// commits is queued for the GSI partition its index key hashes to, becomes visible there after a
// propagation delay (AWS: "within a fraction of a second, under normal conditions";
// REFERENCE-FIGURES.md C #57), and is applied only when that GSI partition's write capacity
// admits its units (one second of its WCU in a token bucket, at most the partition hard limit).
// A GSI partition whose WCU is too low for its share of the base table's writes falls behind: its
// backlog grows. Past `backlogLimitUs` worth of its own capacity, base-table writes whose index key
// lands there are throttled before they reach the base table (AWS: "if a GSI has insufficient
// write capacity, writes to the base table are throttled", #57): the back-pressure that bounds
// the lag instead of letting it grow without end.
// Counters (engine time-series columns, only with a GSI): gsi_wcu_consumed (units applied to the
// GSI), gsi_write_throttled (base-table write units refused for the GSI's back-pressure),
// gsi_backlog_max (writes committed to the base table and not yet applied to the GSI, the
// interval's largest) and gsi_lag_ms_max (from base commit to GSI apply, the interval's largest).
// Queries by index key (Operation.index) read the value the GSI applied for the key. A query is
// stale when a write of the key committed to the base table before the query was invoked has not
// been applied to the GSI yet; its staleness is from that (oldest unapplied) commit to the query.
// Commit, not acknowledgement: the GSI sees commits only, and a write is acknowledged after it
// commits, so this counts the writes the history's definition counts and, rarely, one whose
// acknowledgement was still on its way. Counters (with queries in the workload): gsi_queries,
// gsi_queries_stale and gsi_query_staleness_ms_max.
// Leaves out: the GSI's own replicas, nodes and faults (its partitions are not nodes), the
// index's read capacity (a query takes no units and is never throttled), a query returning many
// items (one base key's item per query), an update that moves an item to another
// index key (two GSI writes: a delete and a put), sparse indexes (every item is indexed), burst
// capacity and adaptive capacity on the GSI, on-demand GSIs (the GSI is provisioned at its WCU
// whatever the base table's mode), and several GSIs on one table.

import type { Scheduler } from '../../sim/scheduler.ts';
import type { Rng } from '../../sim/rng.ts';
import { sampler, type Distribution, type Sampler } from '../../sim/distribution.ts';
import { keyName } from '../../sim/key-chooser.ts';
import { fmix32, keyHash, partitionOfHash } from './key-hash.ts';
import { writeUnits } from './capacity-math.ts';

export interface GsiConfig {
  /** The index's provisioned write capacity units (per second). */
  wcu: number;
  partitions: number;
  /** Most WCU/s one GSI partition serves (the same hard limit as a base partition). */
  partitionMaxWcu: number;
  propagationDelay: Distribution;
  /** A GSI partition throttles base writes once its backlog needs more than this long at its WCU. */
  backlogLimitUs: number;
}

export const GSI_COUNTERS = ['gsi_wcu_consumed', 'gsi_write_throttled', 'gsi_backlog_max', 'gsi_lag_ms_max'] as const;
/** Only when the workload queries the index (EngineContext.queries). */
export const GSI_QUERY_COUNTERS = ['gsi_queries', 'gsi_queries_stale', 'gsi_query_staleness_ms_max'] as const;

const US_PER_S = 1_000_000;
/** The index key is another attribute than the base key: its hash is the base key's, mixed again. */
const INDEX_KEY_SALT = 0x9e3779b9;

interface Pending {
  keyIndex: number;
  value: number;
  units: number;
  commitUs: number;
  /** When the propagated write reaches the GSI partition. Invariant: non-decreasing along a queue. */
  readyUs: number;
}

class GsiPartition {
  readonly queue: Pending[] = [];
  head = 0;
  /** Units queued and not yet applied. */
  backlogUnits = 0;
  /** Write units available; may go below 0 after an item larger than one second of capacity. */
  tokens: number;
  lastRefillUs = 0;
  /** A drain is scheduled (at most one at a time). */
  waiting = false;

  constructor(readonly ratePerS: number) {
    this.tokens = ratePerS;
  }

  refill(nowUs: number): void {
    this.tokens = Math.min(this.ratePerS, this.tokens + (this.ratePerS * (nowUs - this.lastRefillUs)) / US_PER_S);
    this.lastRefillUs = nowUs;
  }
}

export class GlobalSecondaryIndex {
  private readonly parts: GsiPartition[];
  /** The GSI partition of each base key's index key. */
  readonly partitionOfKey: Int32Array;
  /** Per base partition, the highest log index propagated. Invariant: only grows. */
  private readonly propagatedIndex: number[];
  private readonly delay: Sampler;
  /** Writes queued on every GSI partition and not yet applied. */
  private backlogItems = 0;
  /** The value the GSI applied last for each base key (absent: none applied yet). */
  private readonly applied = new Map<number, number>();
  /**
   * The commit times of each key's writes queued and not yet applied, oldest first.
   * Invariant: a key's writes all queue on one GSI partition, applied in order, so the head is the next applied.
   */
  private readonly unapplied = new Map<number, number[]>();

  constructor(
    private readonly cfg: GsiConfig,
    keyCount: number,
    basePartitions: number,
    private readonly scheduler: Scheduler,
    rng: Rng,
    private readonly count: (counter: string, amount: number) => void,
  ) {
    const rate = Math.min(cfg.wcu / cfg.partitions, cfg.partitionMaxWcu);
    this.parts = Array.from({ length: cfg.partitions }, () => new GsiPartition(rate));
    this.partitionOfKey = new Int32Array(keyCount);
    for (let k = 0; k < keyCount; k++) this.partitionOfKey[k] = partitionOfHash(fmix32(keyHash(keyName(k)) ^ INDEX_KEY_SALT), cfg.partitions);
    this.propagatedIndex = new Array<number>(basePartitions).fill(0);
    this.delay = sampler(cfg.propagationDelay, rng);
  }

  /**
   * Back-pressure: may a base-table write of `keyIndex` go ahead? No while the GSI partition it
   * would land on holds more than `backlogLimitUs` of its capacity in unapplied writes.
   */
  accepts(keyIndex: number, units: number): boolean {
    const g = this.parts[this.partitionOfKey[keyIndex]];
    if (g.backlogUnits <= (g.ratePerS * this.cfg.backlogLimitUs) / US_PER_S) return true;
    this.count('gsi_write_throttled', units);
    return false;
  }

  /** Base partition `p`'s leader committed the write at log `index`; a no-op or an index seen already adds nothing. */
  committed(p: number, index: number, keyIndex: number, itemBytes: number, value = 0): void {
    if (keyIndex < 0 || index <= this.propagatedIndex[p]) return;
    this.propagatedIndex[p] = index;
    const g = this.parts[this.partitionOfKey[keyIndex]];
    const now = this.scheduler.now;
    const last = g.queue.length > g.head ? g.queue[g.queue.length - 1].readyUs : now;
    // In order per GSI partition (so per item): a write never overtakes an earlier one.
    const readyUs = Math.max(now + this.delay(), last);
    const units = writeUnits(itemBytes);
    g.queue.push({ keyIndex, value, units, commitUs: now, readyUs });
    const times = this.unapplied.get(keyIndex);
    if (times === undefined) this.unapplied.set(keyIndex, [now]);
    else times.push(now);
    g.backlogUnits += units;
    this.backlogItems++;
    this.count('gsi_backlog_max', this.backlogItems);
    if (!g.waiting) this.wait(g, readyUs);
  }

  private wait(g: GsiPartition, atUs: number): void {
    g.waiting = true;
    this.scheduler.at(atUs, drain, { gsi: this, g });
  }

  /** Applies what has arrived while the partition's capacity admits it; then waits for the next. */
  drain(g: GsiPartition): void {
    g.waiting = false;
    const now = this.scheduler.now;
    g.refill(now);
    while (g.head < g.queue.length) {
      const w = g.queue[g.head];
      if (w.readyUs > now) return this.wait(g, w.readyUs);
      // An item larger than one second of capacity is admitted once the bucket is full, and borrows the rest.
      const need = Math.min(w.units, g.ratePerS);
      if (g.tokens < need) return this.wait(g, now + Math.ceil(((need - g.tokens) * US_PER_S) / g.ratePerS));
      g.tokens -= w.units;
      g.head++;
      if (g.head >= 4096 && 2 * g.head >= g.queue.length) {
        g.queue.splice(0, g.head);
        g.head = 0;
      }
      g.backlogUnits -= w.units;
      this.backlogItems--;
      this.applied.set(w.keyIndex, w.value);
      const times = this.unapplied.get(w.keyIndex)!;
      if (times.length === 1) this.unapplied.delete(w.keyIndex);
      else times.shift();
      this.count('gsi_wcu_consumed', w.units);
      this.count('gsi_lag_ms_max', (now - w.commitUs) / 1000);
    }
    // Invariant: an empty queue holds no units.
    g.queue.length = 0;
    g.head = 0;
    g.backlogUnits = 0;
    this.count('gsi_backlog_max', this.backlogItems);
  }

  /**
   * A query by index key for base key `keyIndex`, invoked at `invokeUs`, served now: the GSI's
   * value (null if none applied yet), counted stale when a write committed before `invokeUs` is
   * still unapplied.
   */
  query(keyIndex: number, invokeUs: number): number | null {
    this.count('gsi_queries', 1);
    const oldest = this.unapplied.get(keyIndex)?.[0];
    if (oldest !== undefined && oldest < invokeUs) {
      this.count('gsi_queries_stale', 1);
      this.count('gsi_query_staleness_ms_max', (this.scheduler.now - oldest) / 1000);
    }
    return this.applied.get(keyIndex) ?? null;
  }

  /** Writes committed to the base table and not yet applied to the index. */
  get backlog(): number {
    return this.backlogItems;
  }
}

function drain(x: { gsi: GlobalSecondaryIndex; g: GsiPartition }): void {
  x.gsi.drain(x.g);
}
