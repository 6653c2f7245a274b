// One replica of one partition: a process node (role `leader` or `follower`, label `partition`)
// on a storage host in one AZ. It keeps its term and vote durably, follows a leader (see
// follower.ts), runs elections (election.ts) and, when elected, leads (leader.ts). It serves
// routers' requests: writes and strong (or transactional) reads only as a leader holding its lease
// and past its wait for the old lease; eventual reads from its own B-tree, as long as it has
// caught up once since it (re)started.
// Every message, timer and completion runs through the host's gate and then its own, so a
// paused host freezes it and a crashed one (or a crash of its own) drops what was in flight.
// Its group may hold a log replica standing in for a lost replica (group-membership.ts).
// Leaves out: rebuilding a storage replica elsewhere (a failed one comes back when its node restarts).

import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import { ReplicaLog, type LogRecord } from './replica-log.ts';
import type { GroupMembership, PartitionGroup } from './group-membership.ts';
import { messageBytes, REQUEST_BYTES, type LeaderInfo, type ReplicaMessage, type ReplicaRef, type StorageReply, type StorageRequest } from './messages.ts';
import { LeaderState, type LeaderReplica } from './leader.ts';
import { Election, type Candidate } from './election.ts';
import { forgetMatch, newFollowProgress, onAppend, onCommit, onHeartbeat, type ApplyState, type FollowerReplica } from './follower.ts';
import { checkOneLeaderPerTerm, checkSoleServer, driftLossUs, noteClockFault } from './safety-invariants.ts';
import type { EventKind } from '../../sim/event-kinds.ts';
import type { ReplicaHost, ReplicaOptions } from './replica-host.ts';
import type { ItemCollections } from './item-collections.ts';
import type { LastWriterWins } from './last-writer-wins.ts';

export interface ReplicaParts {
  opts: ReplicaOptions;
  network: Network;
  now: () => number;
  rng: Rng;
  /** Bound to the replica's partition domain. */
  events: DomainEvents;
  /** The replica each term of the partition elected, shared by its replicas (safety-invariants.ts). */
  termLeaders: Map<number, ReplicaRef>;
  lag(replica: string, lagUs: number): void;
  /** Tells every router that `leader` serves its partition. */
  announce(leader: Replica): void;
  /** A record the partition's leader just committed (its stream shard's and GSI's feed, when on). */
  committed?(rec: LogRecord): void;
  /** The table's item collections when writes append to them; absent otherwise. */
  collections?: ItemCollections | null;
  count?(counter: string, amount: number): void;
  /** Global tables: last writer wins at this replica when it leads. */
  lww?: LastWriterWins;
}

export type ReplicaRole = 'leader' | 'follower' | 'candidate';
export type ReplicaStatus = 'up' | 'recovering' | 'down';

interface Gated {
  r: Replica;
  inc: number;
  fn: (arg: any) => void;
  arg: unknown;
}

function onReplica(g: Gated): void {
  g.r.node.gate(g.fn, g.arg, g.inc);
}

/** A deferred call or timer of a replica, let through by its own gate: now through its host's. */
function runOnHost(g: Gated): void {
  g.r.run(g.fn, g.arg);
}

/** Messages that do not carry a term the receiver must adopt (a leader check must not disrupt). */
const TERMLESS = new Set<ReplicaMessage['kind']>(['leader-check', 'leader-check-reply']);

export class Replica implements LeaderReplica, Candidate, FollowerReplica {
  readonly log = new ReplicaLog();
  /** The other replicas of its partition (joinGroup). */
  peers: readonly Replica[] = [];
  /** Durable: the latest term seen and the vote cast in it. */
  term = 1;
  votedFor: ReplicaRef | null = null;
  role: ReplicaRole = 'follower';
  status: ReplicaStatus = 'up';
  /** The leader of `term`, when known. */
  leader: ReplicaRef | null = null;
  /** What the follower side learned of the leader's log (follower.ts writes it). */
  readonly progress = newFollowProgress();
  /** Local clock when the leader of `term` was last heard. */
  lastHeardLocal = 0;
  /**
   * Local clock until which this replica granted a leader its lease (renewed by each message from
   * it); a vote reports what is left of it, and the new leader waits that out.
   */
  promiseUntilLocal = 0;
  leaderState: LeaderState | null = null;
  /** Lease error a recent clock fault added, and the true time until which it can matter (safety-invariants.ts). */
  clockFaultErrorUs = 0;
  clockFaultUntilUs = -Infinity;
  /** What its clock's drift loses over a lease, as of the last clock change. */
  clockDriftLossUs: number;
  /** The term in which a lease overlap was last reported while this replica served. */
  leaseOverlapReportedTerm = 0;
  readonly election: Election;
  readonly apply: ApplyState;
  readonly opts: ReplicaOptions;
  readonly now: () => number;
  readonly termLeaders: Map<number, ReplicaRef>;
  readonly lww?: LastWriterWins;
  private readonly recovery: Sampler;
  private group!: PartitionGroup;

  constructor(
    private readonly parts: ReplicaParts,
    readonly partition: number,
    readonly host: ReplicaHost,
    readonly node: SimNode,
  ) {
    const { opts, rng } = parts;
    this.opts = opts;
    this.now = parts.now;
    this.termLeaders = parts.termLeaders;
    if (parts.lww !== undefined) this.lww = parts.lww;
    this.recovery = sampler(opts.replicaRecovery, rng);
    this.election = new Election(this, rng);
    this.apply = { scheduled: 0, lastUs: 0, delay: sampler(opts.applyDelay, rng) };
    this.clockDriftLossUs = driftLossUs(this);
    node.labels = { partition };
    this.setRole('follower');
    node.hooks = { onCrash: () => this.crashed(), onRestart: () => this.restarted(), onClockAdjust: (jumpUs) => noteClockFault(this, jumpUs) };
    host.hold(node);
  }

  /** Joins its partition's group: the other replicas it replicates with and votes among, and what they share. */
  joinGroup(peers: readonly Replica[], group: PartitionGroup): void {
    this.peers = peers;
    this.group = group;
  }

  /** Drops the log records no replica of the group needs any more (log-trim.ts). */
  trimLog(): void {
    this.group.trim.advance();
  }
  get membership(): GroupMembership {
    return this.group.membership;
  }
  /** The members it asks for votes and leader checks: its peers less a replaced one, and a log replica. */
  get electorate(): readonly ReplicaRef[] {
    return this.membership.othersOf(this, this.peers);
  }

  newLogReplica(replaced: ReplicaRef): ReturnType<PartitionGroup['newLogReplica']> {
    return this.group.newLogReplica(this, replaced);
  }

  /** The table's start: `first` leads term 1, its lease granted with the table. */
  startWith(first: Replica): void {
    this.leader = first;
    this.lastHeardLocal = this.localNow();
    this.promiseUntilLocal = this.localNow() + this.opts.leaseUs;
    if (first !== this) this.election.arm();
  }

  /** The table's first leader of this partition: it serves at once. */
  leadFromStart(): void {
    this.setRole('leader');
    this.leaderState = new LeaderState(this, 0, true);
  }

  get name(): string {
    return this.node.name;
  }

  get majority(): number {
    return Math.floor((this.peers.length + 1) / 2) + 1;
  }

  localNow(): number {
    return this.node.localNow();
  }

  // ---- running on the host ---------------------------------------------------------------------

  /**
   * Runs `fn(arg)` on this process, which its own gate already let run: now if its host is up,
   * else when the host resumes; never after a crash of either.
   */
  run(fn: (arg: any) => void, arg?: unknown): void {
    if (this.host.node.state === 'up') return fn(arg);
    const g: Gated = { r: this, inc: this.node.incarnation, fn, arg };
    this.host.node.gate(onReplica, g, this.host.node.incarnation);
  }

  /** Runs `fn(arg)` after `delayUs` of true time. */
  after(delayUs: number, fn: (arg: any) => void, arg?: unknown): void {
    this.node.defer(delayUs, runOnHost, { r: this, inc: 0, fn, arg });
  }

  /** Arms a timer on this replica's local clock; returns its id. */
  timer(localDelayUs: number, fn: (arg: any) => void, arg?: unknown): number {
    return this.node.setTimer(localDelayUs, runOnHost, { r: this, inc: 0, fn, arg });
  }

  send(to: ReplicaRef, m: ReplicaMessage): void {
    this.parts.network.send(this.node, to.node, messageBytes(m), to.onMessage, m);
  }

  emit(kind: EventKind, detail: string): void {
    this.parts.events(kind, this.name, detail);
  }

  announce(): void {
    this.parts.announce(this);
  }

  lag(lagUs: number): void {
    this.parts.lag(this.name, lagUs);
  }

  /** As leader, `rec` committed: the partition's stream (if any) records it. */
  committed(rec: LogRecord): void {
    this.parts.committed?.(rec);
  }

  get collections(): ItemCollections | null {
    return this.parts.collections ?? null;
  }

  count(counter: string, amount: number): void {
    this.parts.count?.(counter, amount);
  }

  // ---- roles -------------------------------------------------------------------------------------

  private setRole(role: ReplicaRole): void {
    this.role = role;
    this.node.roles = [role === 'leader' ? 'leader' : 'follower'];
  }

  stand(): void {
    this.term++;
    this.votedFor = this;
    this.leader = null;
    this.setRole('candidate');
  }

  grantVote(candidate: ReplicaRef): void {
    this.votedFor = candidate;
    this.lastHeardLocal = this.localNow();
  }

  releasePromise(): void {
    this.promiseUntilLocal = this.localNow();
  }

  /** A newer term: follow it (a leader or candidate steps down). */
  adoptTerm(term: number): void {
    if (term <= this.term) return;
    this.term = term;
    this.votedFor = null;
    this.leader = null;
    forgetMatch(this, false);
    if (this.role !== 'follower') this.becomeFollower(`term ${term} seen`);
  }

  becomeFollower(why: string): void {
    const ls = this.leaderState;
    if (ls !== null) {
      // Whatever lease it held still binds it: its votes report it like a follower's promise.
      this.promiseUntilLocal = Math.max(this.promiseUntilLocal, ls.leaseExpiryLocal + this.opts.leaseMarginUs);
      ls.stop(true);
      this.leaderState = null;
      // It no longer leads, and it knows of no other leader yet.
      this.leader = null;
      this.emit('stepped-down', why);
    }
    this.setRole('follower');
    this.election.arm();
  }

  /** Won an election: lead, once the old lease (as the voters promised it) has run out. */
  becomeLeader(serveAfterLocal: number): void {
    checkOneLeaderPerTerm(this);
    this.setRole('leader');
    this.leader = this;
    this.election.disarm();
    const waitMs = Math.max(0, serveAfterLocal - this.localNow()) / 1000;
    this.emit('elected', `term ${this.term}; waits ${waitMs.toFixed(0)} ms for the old leader's lease`);
    this.leaderState = new LeaderState(this, serveAfterLocal, false);
  }

  /** Operator failover: hand leadership to the most caught-up follower, without a lease wait. */
  resign(): void {
    const ls = this.leaderState;
    if (ls === null || this.status !== 'up') return;
    const successor = ls.mostCaughtUp();
    this.emit('resigned', `hands over to ${successor.name}`);
    ls.release();
    this.leaderState = null;
    this.leader = null;
    this.promiseUntilLocal = this.localNow();
    this.setRole('follower');
    this.election.arm();
    for (const p of this.electorate) this.send(p, { kind: 'resign', term: this.term, from: this, successor });
  }

  // ---- messages ----------------------------------------------------------------------------------

  readonly onMessage = (m: ReplicaMessage): void => this.run(this.dispatch, m);

  private readonly dispatch = (m: ReplicaMessage): void => {
    if (this.status !== 'up') return;
    if (!TERMLESS.has(m.kind) && m.term > this.term) this.adoptTerm(m.term);
    switch (m.kind) {
      case 'heartbeat':
        return onHeartbeat(this, m);
      case 'append':
        return onAppend(this, m);
      case 'commit':
        return onCommit(this, m);
      case 'heartbeat-ack':
        if (m.term === this.term) this.leaderState?.onHeartbeatAck(m);
        return;
      case 'append-ack':
        if (m.term === this.term) this.leaderState?.onAppendAck(m);
        return;
      case 'leader-check':
        return this.send(m.from, { kind: 'leader-check-reply', term: this.term, from: this, round: m.round, seesLeader: this.seesLeader() });
      case 'leader-check-reply':
        return this.election.onCheckReply(m);
      case 'vote-request':
        return this.election.onVoteRequest(m);
      case 'vote':
        return this.election.onVote(m);
      case 'resign':
        return this.election.onResign(m);
    }
  };

  /** A leader of the current term is heard from (it renews this replica's promise). */
  heardFromLeader(leader: ReplicaRef): void {
    if (this.role === 'candidate') this.becomeFollower(`${leader.name} leads term ${this.term}`);
    this.leader = leader;
    const now = this.localNow();
    this.lastHeardLocal = now;
    this.promiseUntilLocal = Math.max(this.promiseUntilLocal, now + this.opts.leaseUs);
  }

  /** Does this replica still see a live leader (for a peer's leader check)? */
  seesLeader(): boolean {
    if (this.status !== 'up') return false;
    if (this.role === 'leader') return this.leaderState?.holdsLease() ?? false;
    return this.leader !== null && this.localNow() - this.lastHeardLocal < this.opts.electionTimeoutUs;
  }

  /** Who leads, as far as this replica knows (a router's question). */
  readonly onLeaderQuery = (c: Call<null, LeaderInfo>): void =>
    this.run(() => {
      if (this.status === 'up') c.respond(REQUEST_BYTES, { term: this.term, leader: this.leader });
    });

  // ---- client requests ---------------------------------------------------------------------------

  readonly onRequest = (c: Call<StorageRequest, StorageReply>): void => this.run(this.admit, c);

  private readonly admit = (c: Call<StorageRequest, StorageReply>): void => {
    const refusal = this.refusal(c.req);
    if (refusal !== null) return c.respond(REQUEST_BYTES, refusal);
    const inc = this.node.incarnation;
    this.host.service.submit((call: Call<StorageRequest, StorageReply>) => this.node.gate(this.serve, call, inc), c);
  };

  private refusal(req: StorageRequest): StorageReply | null {
    if (this.status !== 'up') return { ok: false, error: 'unavailable', maybeApplied: false };
    if (req.kind === 'eventual') return this.progress.caughtUp ? null : { ok: false, error: 'unavailable', maybeApplied: false };
    if (this.role !== 'leader' || this.leaderState === null) {
      const hint = this.leader !== null && this.leader !== this ? { leader: this.leader, term: this.term } : undefined;
      return { ok: false, error: 'not-leader', maybeApplied: false, hint };
    }
    if (!this.leaderState.canServe()) return { ok: false, error: 'unavailable', maybeApplied: false };
    return null;
  }

  private readonly serve = (c: Call<StorageRequest, StorageReply>): void => {
    // The role may have changed while the request waited in the queue.
    const refusal = this.refusal(c.req);
    if (refusal !== null) return c.respond(REQUEST_BYTES, refusal);
    const req = c.req;
    if (req.kind !== 'eventual') checkSoleServer(this);
    if (req.kind === 'write') return this.leaderState!.write(req, c);
    c.respond(REQUEST_BYTES + req.sizeBytes, { ok: true, value: this.log.read(req.keyIndex) });
  };

  // ---- lifecycle ---------------------------------------------------------------------------------

  private crashed(): void {
    this.status = 'down';
    this.leaderState?.stop(false);
    this.leaderState = null;
    this.setRole('follower');
    this.leader = null;
    this.log.crash();
    forgetMatch(this, true);
    this.apply.scheduled = this.log.applied;
    this.election.reset();
  }

  private restarted(): void {
    if (this.host.node.state === 'crashed') {
      this.node.crash();
      return;
    }
    this.status = 'recovering';
    this.after(Math.round(this.recovery()), this.recovered);
  }

  private readonly recovered = (): void => {
    this.status = 'up';
    const now = this.localNow();
    // It cannot know what it promised before the crash: it assumes a full lease.
    this.promiseUntilLocal = now + this.opts.leaseUs;
    this.lastHeardLocal = now;
    this.emit('replica-recovered', `term ${this.term}; log ${this.log.lastIndex}, applied ${this.log.applied}`);
    this.election.arm();
  };
}
