// Failure detection and leader election for one replica (REFERENCE-FIGURES.md C #35, #39, #40).
//   1. A follower that heard nothing from its leader for `election_timeout` (its LOCAL clock, plus
//      up to `election_jitter`) suspects it.
//   2. With `leader_check`, it first asks its peers whether they still see the leader; if one does
//      (a gray failure: only this follower is cut off) it drops the attempt and looks again later.
//      The check carries no term, so it cannot disturb anyone.
//   3. Otherwise, with a majority agreeing the leader is gone (itself and one peer of three), it
//      starts an election: a new term, a vote for itself, vote requests to its peers. A candidate
//      whose election stalls asks again before its next attempt, so a replica cut off in a
//      minority never raises its term (and never disrupts the majority when it returns).
//   4. A voter grants one vote per term, to a candidate whose log is at least as up to date as its
//      own, and reports how much longer it still promised the old leader (its local clock).
//   5. With a majority of votes the candidate leads, but serves only once the longest reported
//      promise has run out (measured from each vote's arrival, on its own clock): the old leader's
//      lease cannot outlast that while every clock keeps time within the lease margin.
// Resignation (operator failover) releases the old lease and lets the chosen successor stand at once.
// The members asked and counted are the group's electorate (group-membership.ts): a log replica
// votes in place of the replica it stands in for, which neither stands nor has its vote counted.
// Leaves out: Multi-Paxos's ballot details (terms play the ballots' part, as in Raft), pre-vote
// beyond the leader check, and membership changes through the log.

import type { Rng } from '../../sim/rng.ts';
import type { SimNode } from '../../sim/node.ts';
import type { ReplicaMessage, ReplicaRef } from './messages.ts';
import type { ReplicaLog } from './replica-log.ts';
import type { DynamoOptions } from './options.ts';
import type { EventKind } from '../../sim/event-kinds.ts';

/** The replica an election runs for, as the election uses it (replica.ts). */
export interface Candidate extends ReplicaRef {
  readonly opts: Pick<DynamoOptions, 'electionTimeoutUs' | 'electionJitterUs' | 'leaderCheck' | 'leaderCheckTimeoutUs'>;
  readonly node: SimNode;
  readonly log: ReplicaLog;
  readonly peers: readonly ReplicaRef[];
  /** The members it asks and counts: its peers, or with a log replica in the group, the ones that count. */
  readonly electorate: readonly ReplicaRef[];
  readonly membership: { counts(r: ReplicaRef): boolean };
  readonly majority: number;
  readonly role: 'leader' | 'follower' | 'candidate';
  readonly status: 'up' | 'recovering' | 'down';
  readonly leader: ReplicaRef | null;
  readonly term: number;
  readonly votedFor: ReplicaRef | null;
  readonly lastHeardLocal: number;
  readonly promiseUntilLocal: number;
  localNow(): number;
  timer(localDelayUs: number, fn: (arg: any) => void, arg?: unknown): number;
  send(to: ReplicaRef, m: ReplicaMessage): void;
  emit(kind: EventKind, detail: string): void;
  /** Stands: a new term, a vote for itself, no known leader, role candidate. */
  stand(): void;
  /** Votes for `candidate` in this term (and does not compete with it at once). */
  grantVote(candidate: ReplicaRef): void;
  /** The leader it promised resigned: the promise is released. */
  releasePromise(): void;
  becomeLeader(serveAfterLocal: number): void;
}

type Msg<K extends ReplicaMessage['kind']> = Extract<ReplicaMessage, { kind: K }>;

export class Election {
  private timerId = -1;
  private round = 0;
  private checkReplies = 0;
  private checkSeen = false;
  private checkOpen = false;
  private checkStartedLocal = 0;
  /** Granted votes: voter -> local time until which it promised the old leader. */
  private votes = new Map<ReplicaRef, number>();

  constructor(
    private readonly r: Candidate,
    private readonly rng: Rng,
  ) {}

  private get opts() {
    return this.r.opts;
  }

  /** (Re)arms the suspicion timer: a timeout plus jitter on the local clock. */
  arm(): void {
    this.disarm();
    const delay = this.opts.electionTimeoutUs + Math.round(this.rng.uniform() * this.opts.electionJitterUs);
    this.timerId = this.r.timer(delay, this.fired);
  }

  disarm(): void {
    if (this.timerId >= 0) this.r.node.cancelTimer(this.timerId);
    this.timerId = -1;
  }

  /** The process crashed: timers are gone with it; forget any election in progress. */
  reset(): void {
    this.timerId = -1;
    this.checkOpen = false;
    this.votes.clear();
  }

  private readonly fired = (): void => {
    this.timerId = -1;
    const r = this.r;
    if (r.role === 'leader' || r.status !== 'up') return;
    // Replaced by a log replica: it counts in no quorum, so it does not stand (it looks again later).
    if (!r.membership.counts(r)) return this.arm();
    const silentUs = r.localNow() - r.lastHeardLocal;
    if (r.role === 'follower' && silentUs < this.opts.electionTimeoutUs) {
      // Heard from the leader since the timer was armed: look again when it could next be silent.
      this.timerId = r.timer(this.opts.electionTimeoutUs - silentUs + Math.round(this.rng.uniform() * this.opts.electionJitterUs), this.fired);
      return;
    }
    // A stalled candidate asks again too: alone in a minority it must not keep raising its term.
    if (this.opts.leaderCheck) this.startCheck();
    else this.startElection('no leader heard');
    this.arm();
  };

  // ---- asking the peers first ----------------------------------------------------------------

  private startCheck(): void {
    const r = this.r;
    this.round++;
    this.checkReplies = 0;
    this.checkSeen = false;
    this.checkOpen = true;
    this.checkStartedLocal = r.localNow();
    // A silence has a length only from a leader once heard (lastHeardLocal, local us): with none
    // known (never heard, or this replica was deposed) the time since then says nothing.
    const known = r.leader !== null && r.leader !== r ? r.leader : null;
    r.emit('leader-suspected', known === null ? 'no leader known; asking peers' : `no word from ${known.name} for ${((r.localNow() - r.lastHeardLocal) / 1000).toFixed(0)} ms; asking peers`);
    for (const p of r.electorate) r.send(p, { kind: 'leader-check', term: r.term, from: r, round: this.round });
    r.timer(this.opts.leaderCheckTimeoutUs, this.checkTimedOut, this.round);
  }

  onCheckReply(m: Msg<'leader-check-reply'>): void {
    if (!this.checkOpen || m.round !== this.round) return;
    this.checkReplies++;
    if (m.seesLeader) this.checkSeen = true;
    if (this.checkSeen || this.checkReplies === this.r.electorate.length) this.decide();
  }

  private readonly checkTimedOut = (round: number): void => {
    if (this.checkOpen && round === this.round) this.decide();
  };

  private decide(): void {
    this.checkOpen = false;
    const r = this.r;
    if (r.role === 'leader' || r.status !== 'up') return;
    // A leader was heard (or a vote granted) while the peers answered: the question is moot.
    if (r.lastHeardLocal > this.checkStartedLocal) return;
    if (this.checkSeen) return r.emit('election-abandoned', 'a peer still sees the leader');
    if (1 + this.checkReplies < r.majority) return; // cannot reach a majority: nothing to win
    r.emit('failure-detected', `peers agree ${r.leader?.name ?? 'the leader'} is gone`);
    this.startElection('peers agree the leader is gone');
  }

  // ---- standing ------------------------------------------------------------------------------

  startElection(why: string): void {
    const r = this.r;
    r.stand();
    this.votes.clear();
    this.votes.set(r, r.promiseUntilLocal);
    r.emit('election-started', `term ${r.term}: ${why}`);
    for (const p of r.electorate) r.send(p, { kind: 'vote-request', term: r.term, from: r, lastIndex: r.log.lastIndex, lastTerm: r.log.lastTerm });
    this.arm();
  }

  onVote(m: Msg<'vote'>): void {
    const r = this.r;
    if (r.role !== 'candidate' || m.term !== r.term || !m.granted || !r.membership.counts(m.from)) return;
    this.votes.set(m.from, r.localNow() + m.leaseRemainingUs);
    if (this.votes.size < r.majority) return;
    let serveAfter = r.localNow();
    for (const until of this.votes.values()) if (until > serveAfter) serveAfter = until;
    this.votes.clear();
    r.becomeLeader(serveAfter);
  }

  // ---- voting --------------------------------------------------------------------------------

  onVoteRequest(m: Msg<'vote-request'>): void {
    const r = this.r;
    const granted = m.term === r.term && r.role !== 'leader' && (r.votedFor === null || r.votedFor === m.from) && r.log.notNewerThan(m.lastTerm, m.lastIndex);
    if (granted) r.grantVote(m.from);
    const leaseRemainingUs = Math.max(0, r.promiseUntilLocal - r.localNow());
    r.send(m.from, { kind: 'vote', term: r.term, from: r, granted, leaseRemainingUs });
  }

  /** The leader handed over: its lease is released; the successor stands at once. */
  onResign(m: Msg<'resign'>): void {
    const r = this.r;
    if (m.term !== r.term) return;
    r.releasePromise();
    if (m.successor === r && r.role === 'follower') this.startElection(`${m.from.name} resigned in its favour`);
  }
}
