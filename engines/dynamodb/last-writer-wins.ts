// Last writer wins, at a global table's partition leader: a write from this region's clients is
// stamped with the leader's clock, and always later than what the item holds (so one region's
// successive writes never lose to each other, whatever its clock); a write replicated from
// another region keeps its origin's stamp and is discarded when the item holds a later one. A
// discarded write never becomes the item's value here, so it is lost for good (conflicts_lost).
// Models: the stamp the item holds, from the leader's log tail (not yet applied) or its B-tree's
// stamps. Leaves out: per-attribute merging (DynamoDB replaces whole items) and tombstones.

import type { ReplicaLog } from './replica-log.ts';
import { newer, type ReplicatedItem, type Stamp } from './item-stamp.ts';

export class LastWriterWins {
  constructor(
    /** The leader's region index (the tie-break of its stamps). */
    readonly region: number,
    /** A replicated write lost to a later one held here (`held`'s stamp). */
    private readonly discarded: (item: ReplicatedItem, held: Stamp) => void,
  ) {}

  /** The stamp of the latest write of `keyIndex` the log holds, applied or not (null: none). */
  held(log: ReplicaLog, keyIndex: number): Stamp | null {
    for (let i = log.lastIndex; i > log.applied; i--) {
      const rec = log.at(i);
      if (rec !== undefined && rec.keyIndex === keyIndex && rec.stamp !== undefined) return rec.stamp;
    }
    return log.stamps.get(keyIndex) ?? null;
  }

  /** A local write's stamp: the leader's clock, or one past what the item holds if that is later. */
  local(log: ReplicaLog, keyIndex: number, localNowUs: number): Stamp {
    const held = this.held(log, keyIndex);
    const tsUs = held === null || localNowUs > held.tsUs ? localNowUs : held.tsUs + 1;
    return { tsUs, region: this.region };
  }

  /** Whether a replicated write is applied here; a discarded one is reported. */
  accepts(log: ReplicaLog, item: ReplicatedItem): boolean {
    const held = this.held(log, item.keyIndex);
    if (held === null || newer(item.stamp, held)) return true;
    // The same stamp is the same write again (a batch sent twice): no conflict.
    if (item.stamp.tsUs !== held.tsUs || item.stamp.region !== held.region) this.discarded(item, held);
    return false;
  }
}
