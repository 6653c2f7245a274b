// The writer's side of replication and commit. A write becomes a change record with the next
// LSN; it is persisted on the writer's log device (`log_syncs` syncs in turn, each mirrored to a
// Multi-AZ standby's volume while it is in sync: log-syncs.ts) and shipped to followers. It commits (becomes
// visible and is acknowledged) in LSN order once it is durable locally and the replication mode
// allows it:
//   sync       (Multi-AZ instance): the standby has persisted it;
//   semi-sync  (Multi-AZ DB cluster): at least one reader has persisted it;
//   async      (read replicas): never waited for; shipped after commit.
// A sync or semi-sync follower that stays silent past its timeout is dropped from the commit
// rule (the writer goes on alone, as MySQL semi-sync falls back to async) until it catches up.
// A stream whose acknowledgements stop is probed (a small message with the writer's head LSN)
// each `replication_retry`; the follower answers with its position and the writer ships the rest
// from there (go-back-N), so a cut-off follower costs probes, not repeated copies of the backlog.
// A follower joins by an attach message from the writer's host: it carries the writer's epoch and
// its log as runs of origins (instance-data.ts), the follower keeps the prefix it shares, takes
// the writer as its leader and answers with the LSN it persisted; streaming starts from there.
// Until that answer the follower gets nothing and counts in no commit rule; a follower that is
// down or cut off gets the attach again every `replication_retry`, the stream's resend interval.
// Semi-sync followers' acknowledgements also carry how far they have applied: each tick the
// writer turns the worst such lag into a flow-control delay on its commits (flow-control.ts).

import type { Call } from '../../sim/rpc.ts';
import { RECORD_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES, type LogEntry } from './log-entry.ts';
import type { AttachRequest, DbInstance, ReplicationBatch, WriterRole } from './instance.ts';
import type { ClientReply, ClientRequest, FollowerMessage } from './instance-messages.ts';
import type { FollowerLink } from './follower-link.ts';
import type { Network } from '../../sim/network.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import type { RdsOptions } from './options.ts';
import type { AcknowledgedFloor } from './log-checkpoint.ts';
import { FlowControl } from './flow-control.ts';
import { LogSyncs, type MirrorWait } from './log-syncs.ts';

export type ReplicationMode = 'sync' | 'semi-sync' | 'async';

const PROBE_BYTES = 60;
/** A mirrored block write's request to the standby (its data counts once, on the stream). */
const MIRROR_BYTES = 60;
/** An attach message: a header, and a few bytes per run of origins in the writer's log. */
const ATTACH_BYTES = 64;
const ATTACH_RUN_BYTES = 16;
/** How often (in commits) the stream asks the log checkpoint to move: cheap when it cannot. */
const CHECKPOINT_EVERY_COMMITS = 1024;
/** Weight of the newest tick in a reader's smoothed apply rate (flow control's estimate). */
const APPLY_RATE_SMOOTHING = 0.2;

/** The control plane as a writer's stream reports to it. */
export interface StreamReports {
  /**
   * Which followers count in the commit rule now: the synchronous standby (Multi-AZ instance) or
   * the semi-synchronous readers in sync (Multi-AZ cluster). Empty: the writer commits alone.
   */
  syncReported(from: WriterStream, inSync: DbInstance[]): void;
  /** A follower said a newer writer exists. */
  writerDeposed(writer: DbInstance): void;
  /** Is `inst` the writer the control plane names (only its acknowledgements count as promises)? */
  isWriter(inst: DbInstance): boolean;
}

/** The runtime checks a stream reports its writes and acknowledgements to. */
export interface StreamSafety {
  acceptsWrite(inst: DbInstance, epoch: number): void;
  acknowledged(e: LogEntry): void;
}

export interface StreamParts {
  opts: Pick<RdsOptions, 'replicationRetryUs' | 'checkpointIntervalUs' | 'flowControlTargetLagUs' | 'logSyncs'>;
  /** The writer's sessions that take a flow-control delay at once (instance.ts). */
  sessions: number;
  /** How long a commit waits for a silent sync or semi-sync follower before going on without it. */
  followerTimeoutUs: number;
  network: Pick<Network, 'send'>;
  now: () => number;
  events: DomainEvents;
  safety: StreamSafety;
  control: StreamReports;
}

interface PendingCommit {
  entry: LogEntry;
  call: Call<ClientRequest, ClientReply>;
}

export class WriterStream implements WriterRole, AcknowledgedFloor {
  readonly followers: FollowerLink[] = [];
  private pending: PendingCommit[] = [];
  private head = 0;
  private waitingSinceUs = -1;
  private stopped = false;
  private tickTimer = -1;
  private commitsSinceCheckpoint = 0;
  private readonly flow: FlowControl;
  private readonly syncs: LogSyncs;

  constructor(
    private readonly parts: StreamParts,
    readonly writer: DbInstance,
    readonly epoch: number,
    /** This stream's serial: the origin of the records it creates. */
    readonly origin: number,
  ) {
    this.flow = new FlowControl(parts.opts.flowControlTargetLagUs, parts.sessions);
    this.syncs = new LogSyncs(writer.device, parts.opts.logSyncs, { active: () => this.mirror(), send: (e, done, w) => this.sendMirror(e, done, w) }, parts.now, this.persisted, (us, fn) => writer.node.defer(us, fn));
    this.tickTimer = writer.node.setTimer(parts.opts.replicationRetryUs, this.tick);
    writer.data.checkpoint.streamStarted(this);
  }

  stop(): void {
    this.stopped = true;
    this.syncs.stop();
    this.writer.node.cancelTimer(this.tickTimer);
    this.writer.data.checkpoint.streamStopped(this);
  }

  lowestAcked(): number {
    let lsn = this.writer.data.persistedLsn;
    for (const f of this.followers) if (f.acked < lsn) lsn = f.acked;
    return lsn;
  }

  /** Starts replicating to `inst`: the attach message goes out now, streaming follows its answer. */
  attach(inst: DbInstance, mode: ReplicationMode): void {
    // Until the follower answers, its acknowledged floor is the checkpoint every log shares.
    const base = this.writer.data.checkpoint.base;
    const f: FollowerLink = { inst, mode, acked: base, applied: base, appliedAtTick: base, applyPerS: -1, appliedHeardUs: -Infinity, sent: base, lastAckUs: this.parts.now(), inSync: false, attaching: true };
    this.followers.push(f);
    this.sendAttach(f);
  }

  private sendAttach(f: FollowerLink): void {
    f.lastAckUs = this.parts.now(); // one attach per retry interval
    const data = this.writer.data;
    const history = data.history();
    const m: AttachRequest = { from: this.writer, epoch: this.epoch, history, lastLsn: data.lastLsn };
    this.parts.network.send(this.writer.node, f.inst.node, ATTACH_BYTES + ATTACH_RUN_BYTES * history.length, f.inst.onAttach, m);
  }

  /** The follower kept what it shares with this writer's log and persisted up to `lsn`: stream the rest. */
  private attached(f: FollowerLink, lsn: number): void {
    f.attaching = false;
    f.acked = lsn;
    f.applied = lsn;
    f.appliedAtTick = lsn;
    f.sent = lsn;
    f.lastAckUs = this.parts.now();
    // A follower that is behind catches up first; only then do commits wait for it.
    f.inSync = f.mode !== 'async' && lsn >= this.writer.data.persistedLsn;
    if (f.inSync) this.publishSyncState();
    this.resend(f);
  }

  detach(inst: DbInstance): void {
    const i = this.followers.findIndex((f) => f.inst === inst);
    if (i >= 0) this.followers.splice(i, 1);
    this.syncs.release(this.mirror());
    this.publishSyncState();
  }

  /** The synchronous standby whose volume mirrors the writer's now: in sync and attached (null: none). */
  private mirror(): DbInstance | null {
    for (const f of this.followers) if (f.mode === 'sync' && f.inSync && !f.attaching) return f.inst;
    return null;
  }

  /** One mirrored sync: the standby writes it on its volume and answers; the answer completes it. */
  private sendMirror(e: LogEntry, done: (w: MirrorWait) => void, w: MirrorWait): void {
    const standby = w.mirror as DbInstance;
    const reply = () => {
      if (!this.stopped) done(w);
    };
    this.parts.network.send(this.writer.node, standby.node, MIRROR_BYTES, standby.onMirror, { from: this.writer, epoch: this.epoch, lsn: e.lsn, reply });
  }

  /** Tells the control plane which followers count in the commit rule. */
  publishSyncState(): void {
    const inSync: DbInstance[] = [];
    for (const f of this.followers) if (f.inSync && f.mode !== 'async') inSync.push(f.inst);
    this.parts.control.syncReported(this, inSync);
  }

  /** A client write, after its service time: create, persist, ship, and commit when allowed. */
  write(keyIndex: number, value: number, bytes: number, call: Call<ClientRequest, ClientReply>): void {
    const data = this.writer.data;
    this.parts.safety.acceptsWrite(this.writer, this.epoch);
    const entry: LogEntry = { lsn: data.lastLsn + 1, epoch: this.epoch, origin: this.origin, keyIndex, value, bytes: bytes + RECORD_OVERHEAD_BYTES, commitUs: -1 };
    data.append(entry);
    data.checkpoint.created(entry);
    this.pending.push({ entry, call });
    this.syncs.persist(entry);
    for (const f of this.followers) if (f.mode !== 'async' && !f.attaching && f.sent === entry.lsn - 1) this.ship(f, [entry]);
  }

  private readonly persisted = (e: LogEntry): void => {
    if (this.stopped || this.writer.data.entry(e.lsn) !== e) return;
    this.writer.data.persistedUpTo(e.lsn);
    this.tryCommit();
  };

  /** A follower's answer to the attach, its acknowledgement, or its news that a newer writer exists. */
  onMessage(from: DbInstance, m: FollowerMessage): void {
    if (this.stopped) return;
    if (m.kind === 'stale') return this.parts.control.writerDeposed(this.writer);
    const f = this.followers.find((x) => x.inst === from);
    if (f === undefined) return;
    if (m.kind === 'attached') {
      if (f.attaching) return this.attached(f, m.lsn);
      // The answer to a repeated attach: the follower's position, as an acknowledgement says it.
      m = { kind: 'ack', lsn: m.lsn, gap: true };
    }
    // Acknowledgements from before the attach was answered belong to an earlier link.
    if (f.attaching) return;
    if (m.lsn > f.acked) {
      f.acked = m.lsn;
      f.lastAckUs = this.parts.now();
    }
    if (m.kind === 'ack' && m.applied !== undefined) {
      if (m.applied > f.applied) f.applied = m.applied;
      f.appliedHeardUs = this.parts.now();
    }
    if (!f.inSync && f.mode !== 'async' && f.acked >= this.writer.data.persistedLsn) {
      f.inSync = true;
      this.publishSyncState();
      this.parts.events('replication-synchronous', f.inst.name, `caught up with ${this.writer.name}; commits wait for it again`);
    }
    if (m.gap) this.resend(f);
    this.tryCommit();
  }

  /** The commit rule: every in-sync sync follower, and one in-sync semi-sync follower if any. */
  private replicated(lsn: number): boolean {
    let semi = false;
    for (const f of this.followers) {
      if (!f.inSync) continue;
      if (f.mode === 'sync' && f.acked < lsn) return false;
      if (f.mode === 'semi-sync') {
        if (f.acked >= lsn) return true;
        semi = true;
      }
    }
    return !semi;
  }

  private tryCommit(): void {
    const data = this.writer.data;
    const now = this.parts.now();
    while (this.head < this.pending.length) {
      const p = this.pending[this.head];
      if (data.persistedLsn < p.entry.lsn) break;
      if (!this.replicated(p.entry.lsn)) {
        if (this.waitingSinceUs < 0) this.waitingSinceUs = now;
        break;
      }
      this.waitingSinceUs = -1;
      this.head++;
      this.commitsSinceCheckpoint++;
      p.entry.commitUs = now;
      if (this.parts.control.isWriter(this.writer)) this.parts.safety.acknowledged(p.entry);
      // Invariant: commits apply in LSN order, so the writer's values are the committed prefix.
      while (data.appliedLsn < p.entry.lsn) data.applyNext();
      p.call.respond(REQUEST_OVERHEAD_BYTES, { ok: true, value: p.entry.value });
      for (const f of this.followers) if (f.mode === 'async' && !f.attaching && f.sent === p.entry.lsn - 1) this.ship(f, [p.entry]);
    }
    if (this.commitsSinceCheckpoint >= CHECKPOINT_EVERY_COMMITS) {
      this.commitsSinceCheckpoint = 0;
      const ci = this.parts.opts.checkpointIntervalUs;
      data.checkpoint.advance(Math.floor(now / ci) * ci);
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  /** Periodic: resend to silent streams, and stop waiting for followers silent too long. */
  private readonly tick = (): void => {
    if (this.stopped) return;
    const { opts } = this.parts;
    const now = this.parts.now();
    for (const f of this.followers) {
      if (now - f.lastAckUs < opts.replicationRetryUs) continue;
      if (f.attaching) this.sendAttach(f);
      else if (f.acked < (f.mode === 'async' ? this.writer.data.appliedLsn : this.writer.data.lastLsn)) this.probe(f);
    }
    this.regulate(now);
    const limit = this.parts.followerTimeoutUs;
    const mirrorWaitUs = this.syncs.oldestWaitUs();
    if (mirrorWaitUs >= limit) {
      // The standby has not written a mirrored sync this long: it stops counting, and the
      // writer's syncs go on without it.
      for (const f of this.followers) {
        if (f.mode === 'sync' && f.inSync) {
          f.inSync = false;
          this.parts.events('replication-asynchronous', f.inst.name, `no mirrored write for ${limit / 1e6} s; ${this.writer.name} commits without it`);
        }
      }
      this.publishSyncState();
      this.syncs.release(this.mirror());
    }
    if (this.waitingSinceUs >= 0 && now - this.waitingSinceUs >= limit) {
      // Followers that let the oldest commit wait this long stop counting until they catch up.
      const lsn = this.pending[this.head]?.entry.lsn ?? 0;
      for (const f of this.followers) {
        if (f.inSync && f.acked < lsn) {
          f.inSync = false;
          this.parts.events('replication-asynchronous', f.inst.name, `no acknowledgement for ${limit / 1e6} s; ${this.writer.name} commits without it`);
        }
      }
      this.publishSyncState();
      this.syncs.release(this.mirror());
      this.waitingSinceUs = -1;
      this.tryCommit();
    }
    this.tickTimer = this.writer.node.setTimer(opts.replicationRetryUs, this.tick);
  };

  /** The delay flow control adds to each commit now (0: none). */
  throttleUs(): number {
    return this.flow.delayUs;
  }

  /** Flow control: the worst apply lag among the semi-sync readers in sync, against the target. */
  private regulate(now: number): void {
    const data = this.writer.data;
    let worstUs = 0;
    let worst: FollowerLink | null = null;
    let worstRate = 0;
    const periodS = this.parts.opts.replicationRetryUs / 1e6;
    for (const f of this.followers) {
      if (f.mode !== 'semi-sync' || f.attaching || !f.inSync) continue;
      const tickRate = (f.applied - f.appliedAtTick) / periodS;
      f.appliedAtTick = f.applied;
      // One tick holds a few hundred applies at most: smoothing keeps their noise out of the estimate.
      const ratePerS = (f.applyPerS = f.applyPerS < 0 ? tickRate : f.applyPerS + APPLY_RATE_SMOOTHING * (tickRate - f.applyPerS));
      // Acknowledgements come with every record it persists: with none for a tick the writer
      // commits next to nothing, and the position it last heard is too old to judge by.
      if (now - f.appliedHeardUs > periodS * 1e6) continue;
      const next = data.entry(f.applied + 1);
      if (next === undefined || next.commitUs < 0) continue;
      // The lag of what it applies now (the oldest record it has not applied), or, when longer,
      // the lag a record committed now will have: the committed backlog at its apply rate. The
      // second sees a growing lag as soon as it starts, the first only once the records applied
      // were committed after it started (by then the backlog holds the lag for that much longer).
      const backlog = data.appliedLsn - f.applied;
      const aheadUs = ratePerS > 0 ? (backlog / ratePerS) * 1e6 : 0;
      const lagUs = Math.max(now - next.commitUs, aheadUs);
      if (lagUs > worstUs) {
        worstUs = lagUs;
        worst = f;
        worstRate = ratePerS;
      }
    }
    const change = this.flow.update(worstUs, worstRate);
    const target = `${this.flow.targetLagUs / 1e6} s`;
    if (change === 'engaged') this.parts.events('flow-control-on', this.writer.name, `${worst!.inst.name} lags ${Math.round(worstUs / 1e3) / 1e3} s (target ${target}): commits are delayed`);
    else if (change === 'released') this.parts.events('flow-control-off', this.writer.name, `readers' lag under the target ${target}: commits are no longer delayed`);
  }

  /** Asks a silent follower where it is; its answer (an ack with `gap`) triggers the resend. */
  private probe(f: FollowerLink): void {
    f.lastAckUs = this.parts.now(); // one probe per retry interval
    const head = f.mode === 'async' ? this.writer.data.appliedLsn : this.writer.data.lastLsn;
    this.send(f.inst, { from: this.writer, epoch: this.epoch, entries: [], headLsn: head }, PROBE_BYTES);
  }

  /** Go-back-N: ship everything after what the follower acknowledged. */
  private resend(f: FollowerLink): void {
    const data = this.writer.data;
    const upTo = f.mode === 'async' ? data.appliedLsn : data.lastLsn;
    if (f.acked >= upTo) return;
    f.lastAckUs = this.parts.now(); // do not probe again before the retry interval
    this.ship(f, data.slice(f.acked, upTo));
  }

  private ship(f: FollowerLink, entries: LogEntry[]): void {
    if (entries.length === 0) return;
    let bytes = 0;
    for (const e of entries) bytes += e.bytes;
    f.sent = entries[entries.length - 1].lsn;
    this.send(f.inst, { from: this.writer, epoch: this.epoch, entries, headLsn: f.sent }, bytes);
  }

  /** Change records (or a probe) from the writer to a follower. */
  private send(to: DbInstance, batch: ReplicationBatch, bytes: number): void {
    this.parts.network.send(this.writer.node, to.node, bytes, to.onReplicate, batch);
  }
}
