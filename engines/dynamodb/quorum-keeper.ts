// A leader keeping its write quorum when storage replicas are lost (the ATC'22 paper, section
// 4.1): each heartbeat tick it counts the followers heard from within `replication_retry`; when
// fewer than a quorum needs are (two of three storage replicas lost), it adds a log replica
// (log-replica.ts) after `log_replica_delay` (the paper: "only a few seconds"), standing in for the
// follower silent the longest, on a storage host of that follower's AZ holding no replica of the
// partition (each AZ keeps one member). It joins the group, and the replaced follower stops
// counting, only once the leader hears its first acknowledgement: a log replica the leader cannot
// reach changes nothing and is dropped after `replication_retry`. Once enough storage replicas
// are heard from again and hold what the leader committed, or the log replica falls silent (its
// host failed), it is removed and the replaced follower counts again.
// Leaves out: adding a log replica for one lost replica (durability with a single copy of the
// newest writes is not modelled), and rebuilding a lost storage replica elsewhere.

import type { ReplicaRef } from './messages.ts';
import type { GroupMembership } from './group-membership.ts';
import type { DynamoOptions } from './options.ts';
import type { EventKind } from '../../sim/event-kinds.ts';
import type { LogReplica } from './log-replica.ts';

/** A follower as the leader tracks it (leader.ts). */
export interface KeptPeer {
  readonly peer: ReplicaRef;
  readonly match: number;
  /** True time the follower was last heard from (any acknowledgement). */
  readonly lastHeardUs: number;
  readonly logOnly: boolean;
  /** A log replica not yet heard from: it counts for nothing yet. */
  readonly joined: boolean;
}

/** The leader as the keeper uses it. */
export interface KeptLeader {
  readonly opts: Pick<DynamoOptions, 'logReplicas' | 'logReplicaDelayUs' | 'replicationRetryUs'>;
  readonly membership: GroupMembership;
  readonly majority: number;
  readonly log: { readonly commit: number; readonly persisted: number };
  now(): number;
  timer(localDelayUs: number, fn: (arg: any) => void, arg?: unknown): number;
  emit(kind: EventKind, detail: string): void;
  /** A new log replica on a storage host holding none of the partition's replicas, or null. */
  newLogReplica(replaced: ReplicaRef): LogReplica | null;
}

export interface KeptState {
  readonly peers: readonly KeptPeer[];
  readonly stopped: boolean;
  addPeer(peer: ReplicaRef, match: number): void;
  removePeer(peer: ReplicaRef): void;
}

export class QuorumKeeper {
  private adding = false;
  /** A log replica added and not yet heard from. */
  private joining: LogReplica | null = null;

  constructor(
    private readonly r: KeptLeader,
    private readonly ls: KeptState,
  ) {}

  private heard(p: KeptPeer, nowUs: number): boolean {
    return nowUs - p.lastHeardUs < this.r.opts.replicationRetryUs;
  }

  /** The storage followers heard from lately (and, with `caughtUp`, holding what is committed). */
  private storageHeard(nowUs: number, caughtUp: boolean): number {
    let n = 0;
    for (const p of this.ls.peers) if (!p.logOnly && this.heard(p, nowUs) && (!caughtUp || p.match >= this.r.log.commit)) n++;
    return n;
  }

  /** Each heartbeat tick: add a log replica when the quorum is lost, remove it when it is back. */
  check(): void {
    const r = this.r;
    if (!r.opts.logReplicas || this.adding) return;
    const now = r.now();
    const need = r.majority - 1;
    const m = r.membership;
    const joining = this.joining;
    if (joining !== null) {
      const jp = this.ls.peers.find((p) => p.peer === joining);
      if (jp === undefined || !this.heard(jp, now)) this.drop(joining, 'the leader cannot reach it');
      return;
    }
    if (m.logReplica === null) {
      if (this.storageHeard(now, false) >= need) return;
      let replaced: KeptPeer | null = null;
      for (const p of this.ls.peers) if (!this.heard(p, now) && (replaced === null || p.lastHeardUs < replaced.lastHeardUs)) replaced = p;
      if (replaced === null) return;
      this.adding = true;
      const silent = this.ls.peers.filter((p) => !this.heard(p, now)).map((p) => p.peer.name);
      r.emit('quorum-lost', `${silent.join(', ')} silent: adding a log replica in place of ${replaced.peer.name} (ready in ${(r.opts.logReplicaDelayUs / 1e6).toFixed(1)} s)`);
      r.timer(r.opts.logReplicaDelayUs, this.activate, replaced.peer);
      return;
    }
    const lp = this.ls.peers.find((p) => p.peer === m.logReplica);
    if (this.storageHeard(now, true) >= need) this.remove(`${need} storage replica(s) back and caught up`);
    else if (lp !== undefined && !this.heard(lp, now)) this.remove('it fell silent');
  }

  /** The leader heard from a joining log replica: it now stands in for the replaced follower. */
  joined(l: ReplicaRef): void {
    const j = this.joining;
    if (j === null || j !== l) return;
    this.joining = null;
    const m = this.r.membership;
    m.logReplica = j;
    m.replaced = this.replacing;
    this.r.emit('quorum-restored', `log replica ${j.name} joined in place of ${this.replacing?.name}: writes reach a quorum again`);
  }

  /** The leader stopped leading: a log replica still joining never joins. */
  stop(): void {
    if (this.joining !== null) this.drop(this.joining, 'its leader stopped leading');
  }

  private drop(l: LogReplica, why: string): void {
    l.retired = true;
    this.ls.removePeer(l);
    this.joining = null;
    this.r.emit('rejoined', `log replica ${l.name} dropped before it joined: ${why}`);
  }

  private readonly activate = (replaced: ReplicaRef): void => {
    this.adding = false;
    const r = this.r;
    if (this.ls.stopped || r.membership.logReplica !== null || this.storageHeard(r.now(), false) >= r.majority - 1) return;
    const l = r.newLogReplica(replaced);
    if (l === null) return r.emit('quorum-lost', `no storage host free for a log replica in ${replaced.name}'s AZ`);
    this.joining = l;
    this.replacing = replaced;
    this.ls.addPeer(l, r.log.persisted);
  };

  private replacing: ReplicaRef | null = null;

  private remove(why: string): void {
    const m = this.r.membership;
    const l = m.logReplica as LogReplica | null;
    if (l === null) return;
    l.retired = true;
    this.ls.removePeer(l);
    m.logReplica = null;
    m.replaced = null;
    this.r.emit('rejoined', `log replica ${l.name} removed: ${why}`);
  }
}
