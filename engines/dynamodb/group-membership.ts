// Who belongs to a partition's replication group beyond its three storage replicas: a log replica
// a leader added while two replicas were lost (log-replica.ts), and the storage replica it stands
// in for. While it stands in, the replaced replica counts in no quorum (its votes and
// acknowledgements are not counted, and it does not stand for election) and the log replica
// counts in its place: every quorum is still 2 of a group of 3, so two quorums always share a
// member. It is one object per partition, shared by its replicas.
// Leaves out: replicating the configuration itself (DynamoDB keeps it in the group's Paxos log
// and its metadata; here the replicas read it directly, and a change takes effect at once).

import type { ReplicaRef } from './messages.ts';
import type { LogTrim } from './log-trim.ts';
import type { LogReplica } from './log-replica.ts';

/** The leader a log replica starts from: its term and log. */
export type LogLeader = ConstructorParameters<typeof LogReplica>[4];

/** What a partition's replicas share beyond each other (table.ts builds one per partition). */
export interface PartitionGroup {
  readonly trim: LogTrim;
  readonly membership: GroupMembership;
  /**
   * A log replica for `leader` in place of `replaced`, on a storage host that is up in `replaced`'s
   * AZ and holds no replica of the partition (table.ts); null when there is none.
   */
  newLogReplica(leader: LogLeader, replaced: ReplicaRef): LogReplica | null;
}

export class GroupMembership {
  /** The log replica standing in, if any. */
  logReplica: ReplicaRef | null = null;
  /** The storage replica it stands in for. Invariant: null exactly when logReplica is. */
  replaced: ReplicaRef | null = null;

  /** Does `r`'s vote or acknowledgement count? */
  counts(r: ReplicaRef): boolean {
    return r !== this.replaced;
  }

  /** The members `self` replicates with, votes among and asks: its peers less the replaced one, and the log replica. */
  othersOf(self: ReplicaRef, peers: readonly ReplicaRef[]): readonly ReplicaRef[] {
    if (this.logReplica === null) return peers;
    const others = peers.filter((p) => p !== this.replaced);
    if (self !== this.logReplica) others.push(this.logReplica);
    return others;
  }
}
