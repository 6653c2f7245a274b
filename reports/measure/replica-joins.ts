// Telling replication lag from recovery. A replica that was down (crashed, in an AZ that went
// dark) or was a writer until it was replaced copies, once it (re)joins, everything it missed:
// those records were committed before it joined, so their "lag" is how long it was away, not how
// far behind a working replica is. The engine's event log says when a node (re)joins as a
// follower: `rejoined` (RDS, Aurora), `replica-recovered` (DynamoDB), `demoted` (a Redis primary
// that now follows another). A record applied at a replica is catch-up when it was committed
// before that replica's latest join; every other apply is replication lag.
// A replica cut off by a partition but running is not down: it emits no join, and its lag counts.
// Leaves out: applies that come before the join event is logged (none of the engines apply
// catch-up records before it: the control plane or the node itself logs the join first).

import type { SimEvent } from '../../sim/event-log.ts';
import type { EventKind } from '../../sim/event-kinds.ts';

/** Event kinds that say a node (re)joined as a follower. */
export const JOIN_KINDS: ReadonlySet<EventKind> = new Set<EventKind>(['rejoined', 'replica-recovered', 'demoted']);

export class ReplicaJoins {
  private readonly joinedUs = new Map<string, number>();

  event(e: SimEvent): void {
    if (e.node !== undefined && JOIN_KINDS.has(e.kind)) this.joinedUs.set(e.node, e.timeUs);
  }

  /** Whether a record committed at `commitUs` and applied at `replica` is catch-up after a (re)join. */
  isCatchUp(replica: string | undefined, commitUs: number): boolean {
    if (replica === undefined) return false;
    const j = this.joinedUs.get(replica);
    return j !== undefined && commitUs < j;
  }
}
