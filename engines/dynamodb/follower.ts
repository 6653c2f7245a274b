// A follower's side of replication: it takes heartbeats and appended records from the leader of
// its term (each renews its promise, see replica.ts heardFromLeader), appends records after the
// log consistency check (prevIndex, prevTerm), persists them on its host's WAL and acknowledges
// the durable prefix. Once it learns a record is committed it applies it to its B-tree after
// `apply_delay` (in log order): until then eventual reads there return the older value.
// Models: replication lag = apply time - commit time, reported for every applied write.
// Leaves out: flow control beyond the leader's batch size.

import type { Sampler } from '../../sim/distribution.ts';
import type { SimNode } from '../../sim/node.ts';
import type { ReplicaMessage, ReplicaRef } from './messages.ts';
import type { LogRecord, ReplicaLog } from './replica-log.ts';
import { checkLogMatch, type GuardedReplica } from './safety-invariants.ts';

/** The replica as its follower side uses it (replica.ts). */
export interface FollowerReplica extends GuardedReplica {
  readonly node: SimNode;
  readonly log: ReplicaLog;
  readonly status: 'up' | 'recovering' | 'down';
  readonly leader: ReplicaRef | null;
  readonly progress: FollowProgress;
  readonly apply: ApplyState;
  readonly host: { persist(done: (arg: any) => void, arg: unknown): void };
  send(to: ReplicaRef, m: ReplicaMessage): void;
  heardFromLeader(leader: ReplicaRef): void;
  after(delayUs: number, fn: (arg: any) => void, arg?: unknown): void;
  /** Reports how long an applied write took to reach this replica's B-tree after it committed. */
  lag(lagUs: number): void;
}

type Msg<K extends ReplicaMessage['kind']> = Extract<ReplicaMessage, { kind: K }>;

/** How much of the leader's log this replica is known to hold. Only this file writes it. */
export interface FollowProgress {
  /** Invariant: the log's records up to `matched` equal the current leader's. */
  readonly matched: number;
  /** Eventual reads are served only once the replica caught up with a leader's commit. */
  readonly caughtUp: boolean;
}

type Progress = { -readonly [K in keyof FollowProgress]: FollowProgress[K] };

export function newFollowProgress(): FollowProgress {
  return { matched: 0, caughtUp: true };
}

/**
 * A new term (its leader's log may differ beyond what was applied) or a crash (the log keeps only
 * what was applied, and eventual reads wait until the replica has caught up again).
 */
export function forgetMatch(r: FollowerReplica, crashed: boolean): void {
  const p = r.progress as Progress;
  p.matched = r.log.applied;
  if (crashed) p.caughtUp = false;
}

function caughtUpIfApplied(r: FollowerReplica): void {
  if (!r.progress.caughtUp && r.log.applied >= r.log.commit) (r.progress as Progress).caughtUp = true;
}

/** A follower's apply pipeline. */
export interface ApplyState {
  /** Records up to this index have an apply scheduled. */
  scheduled: number;
  /** When the last scheduled apply runs (applies keep log order). */
  lastUs: number;
  delay: Sampler;
}

export function onHeartbeat(r: FollowerReplica, m: Msg<'heartbeat'>): void {
  if (m.term < r.term) return r.send(m.from, { kind: 'heartbeat-ack', term: r.term, from: r, sentLocal: m.sentLocal, ok: false });
  r.heardFromLeader(m.from);
  r.send(m.from, { kind: 'heartbeat-ack', term: r.term, from: r, sentLocal: m.sentLocal, ok: true });
  learnCommit(r, m.commit);
}

export function onCommit(r: FollowerReplica, m: Msg<'commit'>): void {
  if (m.term < r.term) return;
  r.heardFromLeader(m.from);
  learnCommit(r, m.commit);
}

export function onAppend(r: FollowerReplica, m: Msg<'append'>): void {
  if (m.term < r.term) return r.send(m.from, { kind: 'append-ack', term: r.term, from: r, ok: false, index: r.log.lastIndex });
  r.heardFromLeader(m.from);
  const log = r.log;
  if (m.prevIndex > log.lastIndex || log.termAt(m.prevIndex) !== m.prevTerm) {
    return r.send(m.from, { kind: 'append-ack', term: r.term, from: r, ok: false, index: log.conflictHint(m.prevIndex) });
  }
  const n = m.records.length;
  let pending = false;
  for (let i = 0; i < n; i++) {
    const rec = m.records[i];
    if (rec.index <= log.lastIndex) {
      if (log.at(rec.index) === rec) continue; // already held (a resend)
      log.truncate(rec.index - 1); // a diverged tail from an older term: the leader's log wins
    }
    log.push(rec);
    pending = true;
    const inc = r.node.incarnation;
    const last = i === n - 1;
    r.host.persist((a: PersistDone) => r.node.gate(persisted, a, inc), { r, rec, last });
  }
  const end = m.prevIndex + n;
  if (end > r.progress.matched) (r.progress as Progress).matched = end;
  learnCommit(r, m.commit);
  if (!pending) ack(r);
}

interface PersistDone {
  r: FollowerReplica;
  rec: LogRecord;
  last: boolean;
}

function persisted(a: PersistDone): void {
  const r = a.r;
  if (!r.log.persistedRecord(a.rec)) return;
  scheduleApply(r);
  if (a.last) ack(r);
}

/** Tells the leader how far this replica durably holds the leader's log. */
function ack(r: FollowerReplica): void {
  if (r.leader === null || r.leader === r || r.status !== 'up') return;
  const index = Math.min(r.log.persisted, r.progress.matched);
  const leader = r.peers.find((p) => p === r.leader);
  if (leader !== undefined) checkLogMatch(r, leader, index);
  r.send(r.leader, { kind: 'append-ack', term: r.term, from: r, ok: true, index });
}

function learnCommit(r: FollowerReplica, commit: number): void {
  const log = r.log;
  if (commit > log.commit) log.commit = commit;
  scheduleApply(r);
  caughtUpIfApplied(r);
}

/** Schedules the apply of every record known committed, held durably and matching the leader's log. */
export function scheduleApply(r: FollowerReplica): void {
  const log = r.log;
  const s = r.apply;
  // Invariant: only committed records are applied, so a B-tree never holds a write a later
  // leader could drop.
  const target = Math.min(log.commit, r.progress.matched, log.persisted);
  if (target <= s.scheduled) return;
  const now = r.now();
  for (let i = s.scheduled + 1; i <= target; i++) {
    let at = now + Math.round(s.delay());
    if (at < s.lastUs) at = s.lastUs;
    s.lastUs = at;
    r.after(at - now, applyUpTo, { r, index: i });
  }
  s.scheduled = target;
}

function applyUpTo(a: { r: FollowerReplica; index: number }): void {
  const r = a.r;
  const log = r.log;
  const now = r.now();
  while (log.applied < a.index && log.applied < log.persisted && log.applied < log.commit) {
    const rec = log.applyNext();
    if (rec.keyIndex >= 0 && rec.commitUs >= 0) r.lag(now - rec.commitUs);
  }
  caughtUpIfApplied(r);
}
