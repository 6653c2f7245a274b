// A log replica (Elhemali et al., "Amazon DynamoDB: A Scalable, Predictably Performant, and Fully
// Managed NoSQL Database Service", USENIX ATC 2022, section 4.1): a member of a partition's
// replication group that keeps only the write-ahead log, no B-tree. A leader that lost two of its
// three storage replicas adds one, on a storage host holding no replica of the partition, so its
// writes reach a quorum (2 of 3) again; the paper says adding one takes only a few seconds, as
// only the recent log is copied (`log_replica_delay` here, the copy included).
// Models: it starts with a copy of the leader's durable log; it accepts the leader's records
// after the same consistency check a follower makes, makes them durable on its host's WAL and
// acknowledges them (counting toward the commit quorum); it acknowledges heartbeats (renewing the
// leader's lease, and promising like a follower) and votes, for a candidate whose log is at least
// as up to date as its own, so a new leader always holds what it helped commit. It serves no
// reads, never stands for election, and is not known to the routers. It runs on its host: the
// host's crash ends it (the leader then counts it silent), and a pause freezes it.
// Leaves out: seeding a rebuilt storage replica from it, and its own log's trimming (it is
// removed once a storage replica is back).

import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import { messageBytes, REQUEST_BYTES, type LeaderInfo, type ReplicaMessage, type ReplicaRef, type StorageReply, type StorageRequest } from './messages.ts';
import { ReplicaLog, type LogRecord } from './replica-log.ts';
import type { DynamoOptions } from './options.ts';

type Msg<K extends ReplicaMessage['kind']> = Extract<ReplicaMessage, { kind: K }>;

/** The storage host a log replica runs on: its node and its WAL (storage-host.ts). */
export interface LogReplicaHost {
  readonly node: SimNode;
  persist(done: (arg: any) => void, arg: unknown): void;
}

export class LogReplica implements ReplicaRef {
  readonly node: SimNode;
  readonly log: ReplicaLog;
  term: number;
  private votedFor: ReplicaRef | null = null;
  private leader: ReplicaRef | null;
  /** Records up to this index match the current leader's log. */
  private matched: number;
  /** Local clock (its host's) until which it promised its leader, and when it last heard one. */
  private promiseUntilLocal: number;
  private lastHeardLocal: number;
  /** Removed from the group: it answers nothing more. */
  retired = false;
  private readonly inc: number;

  constructor(
    readonly name: string,
    private readonly host: LogReplicaHost,
    private readonly network: Network,
    private readonly opts: Pick<DynamoOptions, 'leaseUs' | 'electionTimeoutUs'>,
    leader: { readonly term: number; readonly log: ReplicaLog } & ReplicaRef,
  ) {
    this.node = host.node;
    this.inc = host.node.incarnation;
    this.term = leader.term;
    this.leader = leader;
    this.log = ReplicaLog.copyOf(leader.log, leader.log.persisted);
    this.matched = leader.log.persisted;
    this.lastHeardLocal = this.node.localNow();
    this.promiseUntilLocal = this.lastHeardLocal + opts.leaseUs;
  }

  private send(to: ReplicaRef, m: ReplicaMessage): void {
    this.network.send(this.node, to.node, messageBytes(m), to.onMessage, m);
  }

  readonly onMessage = (m: ReplicaMessage): void => this.node.gate(this.dispatch, m, this.inc);

  /** It holds no items: a request reaching it (none should) is refused. */
  readonly onRequest = (c: Call<StorageRequest, StorageReply>): void => c.respond(REQUEST_BYTES, { ok: false, error: 'unavailable', maybeApplied: false });

  readonly onLeaderQuery = (c: Call<null, LeaderInfo>): void => c.respond(REQUEST_BYTES, { term: this.term, leader: this.leader });

  private readonly dispatch = (m: ReplicaMessage): void => {
    if (this.retired) return;
    if (m.kind !== 'leader-check' && m.kind !== 'leader-check-reply' && m.term > this.term) {
      this.term = m.term;
      this.votedFor = null;
      this.leader = null;
      // What the new leader's log holds beyond its base is learnt again by its consistency checks.
      this.matched = this.log.base;
    }
    switch (m.kind) {
      case 'heartbeat':
        if (m.term === this.term) this.heard(m.from);
        return this.send(m.from, { kind: 'heartbeat-ack', term: this.term, from: this, sentLocal: m.sentLocal, ok: m.term === this.term });
      case 'append':
        return this.onAppend(m);
      case 'vote-request':
        return this.onVoteRequest(m);
      case 'leader-check':
        return this.send(m.from, { kind: 'leader-check-reply', term: this.term, from: this, round: m.round, seesLeader: this.leader !== null && this.node.localNow() - this.lastHeardLocal < this.opts.electionTimeoutUs });
      case 'resign':
        if (m.term === this.term) this.promiseUntilLocal = this.node.localNow();
        return;
      default:
        return; // commits (it applies nothing), acks and votes meant for leaders and candidates
    }
  };

  private heard(leader: ReplicaRef): void {
    this.leader = leader;
    this.lastHeardLocal = this.node.localNow();
    this.promiseUntilLocal = Math.max(this.promiseUntilLocal, this.lastHeardLocal + this.opts.leaseUs);
  }

  private onAppend(m: Msg<'append'>): void {
    const log = this.log;
    if (m.term < this.term) return this.send(m.from, { kind: 'append-ack', term: this.term, from: this, ok: false, index: log.lastIndex });
    this.heard(m.from);
    if (m.prevIndex > log.lastIndex || (m.prevIndex >= log.base && log.termAt(m.prevIndex) !== m.prevTerm)) {
      return this.send(m.from, { kind: 'append-ack', term: this.term, from: this, ok: false, index: Math.max(log.base, log.conflictHint(m.prevIndex)) });
    }
    let pending = 0;
    for (const rec of m.records) {
      if (rec.index <= log.base) continue;
      if (rec.index <= log.lastIndex) {
        if (log.at(rec.index) === rec) continue;
        log.truncate(rec.index - 1);
      }
      log.push(rec);
      pending++;
      const last = rec === m.records[m.records.length - 1];
      this.host.persist((a: { rec: LogRecord; last: boolean }) => this.node.gate(this.persisted, a, this.inc), { rec, last });
    }
    const end = m.prevIndex + m.records.length;
    if (end > this.matched) this.matched = end;
    if (pending === 0) this.ack();
  }

  private readonly persisted = (a: { rec: LogRecord; last: boolean }): void => {
    if (this.log.persistedRecord(a.rec) && a.last) this.ack();
  };

  private ack(): void {
    if (this.retired || this.leader === null) return;
    this.send(this.leader, { kind: 'append-ack', term: this.term, from: this, ok: true, index: Math.min(this.log.persisted, this.matched) });
  }

  private onVoteRequest(m: Msg<'vote-request'>): void {
    const granted = m.term === this.term && (this.votedFor === null || this.votedFor === m.from) && this.log.notNewerThan(m.lastTerm, m.lastIndex);
    if (granted) {
      this.votedFor = m.from;
      this.lastHeardLocal = this.node.localNow();
    }
    const leaseRemainingUs = Math.max(0, this.promiseUntilLocal - this.node.localNow());
    this.send(m.from, { kind: 'vote', term: this.term, from: this, granted, leaseRemainingUs });
  }
}
