// What each replica still had to apply when the run ended: for a replica that is up and follows
// a primary that is up, the commit time of the oldest write on the primary's stream past the
// replica's offset. The measurement counts that write's age at the end as replication lag (a
// replica cut off from its primary by a partition keeps falling behind, and its lag must show it
// even though it never applies the entry). Leaves out: a replica whose head is not on its
// primary's chain (it diverged and needs a full resynchronisation: the catch-up after a
// demotion, which is not lag), and evictions and expiries (they are not writes a client made).

import type { ReplicaBacklog } from '../engine.ts';
import type { ReplEntry } from './repl-log.ts';

/** The parts of a node this reads (redis-node.ts). */
export interface BackloggedNode {
  readonly name: string;
  readonly role: 'primary' | 'replica';
  readonly primaryOf: number;
  readonly node: { readonly isUp: boolean };
  readonly head: ReplEntry | null;
}

/** Each up replica's oldest write on its up primary's stream that it has not applied. */
export function replicaBacklog(members: readonly BackloggedNode[]): ReplicaBacklog[] {
  const out: ReplicaBacklog[] = [];
  for (const r of members) {
    if (r.role !== 'replica' || r.primaryOf < 0 || !r.node.isUp) continue;
    const p = members[r.primaryOf];
    if (p.role !== 'primary' || !p.node.isUp) continue;
    const from = r.head;
    const fromOffset = from === null ? 0 : from.offset;
    let oldest: ReplEntry | null = null;
    let e = p.head;
    // Invariant: offsets strictly grow along a chain, so the walk stops at or below the replica's.
    while (e !== null && e.offset > fromOffset) {
      if (e.reason === 'write') oldest = e;
      e = e.prev;
    }
    if (e === from && oldest !== null) out.push({ replica: r.name, oldestCommitUs: oldest.commitUs });
  }
  return out;
}
