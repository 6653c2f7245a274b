// What the followers of each partition still had to apply when the run ended: for a follower
// that is up behind a leader that is up, the commit time of the oldest committed write it has
// not applied to its B-tree. The measurement counts that record's age at the end as replication
// lag (a follower cut off by a partition keeps falling behind, and its lag must show it even
// though it never applies the record). Leaves out: log replicas (they keep no B-tree and serve no
// reads, so they have no lag) and the term's no-op records (they write no key).

import type { ReplicaBacklog } from '../engine.ts';
import type { ReplicaLog } from './replica-log.ts';

/** The parts of a replica this reads (replica.ts). */
export interface BackloggedReplica {
  readonly name: string;
  readonly role: string;
  readonly status: string;
  readonly node: { readonly isUp: boolean };
  readonly log: ReplicaLog;
}

/** For each partition group: each up follower's oldest committed, unapplied write, if any. */
export function applyBacklog(groups: readonly (readonly BackloggedReplica[])[]): ReplicaBacklog[] {
  const out: ReplicaBacklog[] = [];
  for (const group of groups) {
    const leader = group.find((r) => r.role === 'leader' && r.status === 'up' && r.node.isUp);
    if (leader === undefined) continue;
    for (const r of group) {
      // A recovering follower is catching up, which the measurement does not count as lag.
      if (r === leader || r.role !== 'follower' || r.status !== 'up' || !r.node.isUp) continue;
      // Invariant: a follower's applied prefix is committed, so it equals the leader's log up to
      // there; the leader's log holds everything above the trim point, which no follower passed.
      for (let i = Math.max(r.log.applied, leader.log.base) + 1; i <= leader.log.commit; i++) {
        const rec = leader.log.at(i);
        if (rec === undefined) break;
        if (rec.keyIndex >= 0 && rec.commitUs >= 0) {
          out.push({ replica: r.name, oldestCommitUs: rec.commitUs });
          break;
        }
      }
    }
  }
  return out;
}
