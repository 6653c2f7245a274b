// An instance's own view of the other instances of its cluster: what role and status each had
// when it last said so, and when that was. The writer streams to the replicas this view holds
// (replica-feed.ts), so it is built only from messages that reach the instance: the initial
// topology it was configured with, a replica's request to join the stream and its read-point
// feedback (each carries the sender's role and status), and the control plane's view sent with a
// promotion or a crash recovery. A partition between the writer and a replica therefore leaves
// the view as it was until messages pass again: a replica that crashed, restarted or was promoted
// meanwhile is still seen as it last spoke.
// Leaves out: expiry of silent peers (the feed already stops counting a silent replica's read
// point), and peers joining the cluster during a run (membership is fixed at construction).

import type { FeedTarget } from './replica-feed.ts';
import type { InstanceRole, InstanceStatus, PeerNews } from './peer-news.ts';

/** One peer as the view holds it; `heardUs` is when the news arrived (-1: the initial topology). */
export interface PeerView {
  readonly role: InstanceRole;
  readonly status: InstanceStatus;
  readonly heardUs: number;
}

interface Entry {
  target: FeedTarget;
  role: InstanceRole;
  status: InstanceStatus;
  heardUs: number;
}

export class ReplicaRoster {
  // Invariant: entries change only in heard(), on a message's arrival; none reads a peer's own fields.
  private readonly entries: Entry[];

  /** `initial`: the other instances in the cluster's order, each in the role it starts in (all start available). */
  constructor(
    initial: readonly { target: FeedTarget; role: InstanceRole }[],
    private readonly now: () => number,
  ) {
    this.entries = initial.map((p) => ({ target: p.target, role: p.role, status: 'available', heardUs: -1 }));
  }

  /** A message arrived carrying `news` (a peer the cluster does not hold is ignored). */
  heard(news: PeerNews): void {
    const e = this.entries.find((x) => x.target === news.target);
    if (e === undefined) return;
    e.role = news.role;
    e.status = news.status;
    e.heardUs = this.now();
  }

  /** The peers last seen as available replicas, in the cluster's order (whom a writer streams to). */
  availableReplicas(): FeedTarget[] {
    const out: FeedTarget[] = [];
    for (const e of this.entries) if (e.role === 'replica' && e.status === 'available') out.push(e.target);
    return out;
  }

  /** The view of the peer on `nodeName` (undefined when it is not a peer). */
  viewOf(nodeName: string): PeerView | undefined {
    const e = this.entries.find((x) => x.target.node.name === nodeName);
    return e === undefined ? undefined : { role: e.role, status: e.status, heardUs: e.heardUs };
  }
}
