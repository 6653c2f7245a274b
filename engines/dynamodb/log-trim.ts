// The point below which no replica of a partition needs its log records any more, so that a long
// run holds a window of each partition's log, not every write it ever took. A record may go once
// every replica of the group has applied it to its B-tree (so it is durable there: applied <=
// persisted, and a crash keeps both) and every follower its leader ships to is known to hold it
// (a resend or probe starts just above what the follower acknowledged). A replica that is down
// or catching up pins the point at what it applied, so what it still needs stays.
// Records go from every replica's log at once; the B-trees keep what they did, and their values
// are reported durable for good (no failure can lose a write every replica applied).
// Invariant: the records at or below the group's base were the same record (shared by reference)
// on every replica, applied everywhere, so no resend, truncation or consistency check reaches them.
// Leaves out: reporting values no read can return any more (DAX may still hold them), and the
// real service's WAL archiving to S3.

import { invariant } from '../../sim/invariant.ts';
import type { ReplicaLog } from './replica-log.ts';

/** One replica of the group as the trim sees it. */
export interface TrimmedReplica {
  readonly name: string;
  readonly log: ReplicaLog;
  /** Its leader side, while it leads: the lowest index a follower is known to hold. */
  readonly leaderState: { lowestMatch(): number } | null;
}

/**
 * Records dropped together, at least: fewer moves of the retained window (amortised O(1) a
 * record). Outputs do not depend on it; tests make it small to drop records in short runs.
 */
export const logTrimTuning = { minRecords: 16384, /** Records dropped so far, over every group (tests read it). */ droppedRecords: 0 };

export class LogTrim {
  private replicas: readonly TrimmedReplica[] = [];

  constructor(
    /** The write of `value` can no longer be lost (the measurement forgets its times). */
    private readonly durable: (value: number) => void,
    private readonly minRecords = () => logTrimTuning.minRecords,
  ) {}

  /** The replicas of the group (set once they exist). */
  of(replicas: readonly TrimmedReplica[]): void {
    this.replicas = replicas;
  }

  /** The index every replica of the group holds applied, and every leader's followers hold. */
  private lowWater(): number {
    let low = Infinity;
    for (const r of this.replicas) {
      if (r.log.applied < low) low = r.log.applied;
      const ls = r.leaderState;
      if (ls !== null) low = Math.min(low, ls.lowestMatch());
    }
    return low;
  }

  /** Drops what no replica of the group needs any more, once enough has gathered. */
  advance(): void {
    const first = this.replicas[0];
    if (first === undefined) return;
    const base = first.log.base;
    const min = this.minRecords();
    if (first.log.applied - base < min) return;
    const to = this.lowWater();
    if (to - base < min) return;
    const at = first.log.at(to);
    for (const r of this.replicas) {
      if (r.log.base !== base || r.log.at(to) !== at) invariant(false, `dynamodb: ${r.name} does not hold the group's log record ${to} (base ${r.log.base}, group ${base})`);
    }
    const dropped = first.log.dropTo(to);
    for (let i = 1; i < this.replicas.length; i++) this.replicas[i].log.dropTo(to);
    for (const rec of dropped) if (rec.keyIndex >= 0) this.durable(rec.value);
    logTrimTuning.droppedRecords += dropped.length;
  }
}
