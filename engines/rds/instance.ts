// One RDS DB instance: a node with a service queue, a log device, its data, a role (writer,
// standby, reader, replica) and a status (available, starting, down). It serves client
// requests, and as a follower it receives change records, persists them, acknowledges them and
// applies them (at once for a block-level standby, through one apply thread for readers and
// read replicas, so their lag grows with write load). The control plane changes it only by
// commands arriving over the network (control-messages.ts) and hears of it only by its health
// answers and reports; a writer makes it a follower only by an attach message (writer-stream.ts).
// It knows the current epoch only from what it received (commands, attaches, its own promotion),
// and refuses change records from an older epoch's writer; the epoch it knows survives a crash
// (it is kept with the log).
// Leaves out: SQL, transactions spanning keys, and the binlog/redo distinction.

import type { Call } from '../../sim/rpc.ts';
import { serveCommand } from '../../sim/command.ts';
import type { SimNode } from '../../sim/node.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler, type Distribution } from '../../sim/distribution.ts';
import { InstanceData } from './instance-data.ts';
import type { LogCheckpoint } from './log-checkpoint.ts';
import { LogDevice } from './log-device.ts';
import { REQUEST_OVERHEAD_BYTES, type LogEntry } from './log-entry.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { Scheduler } from '../../sim/scheduler.ts';
import type { RdsOptions } from './options.ts';
import type { HealthAnswer, InstanceReport, InstanceRole, InstanceStatus, ReplicationMode } from './control-messages.ts';
import type * as Messages from './instance-messages.ts';
import type { ClientReply, ClientRequest, FollowerMessage } from './instance-messages.ts';

export type { InstanceRole, InstanceStatus } from './control-messages.ts';
export type ReplicationBatch = Messages.ReplicationBatch<DbInstance>;
export type AttachRequest = Messages.AttachRequest<DbInstance>;
export type WriterRole = Messages.WriterRole<DbInstance>;

const ACK_BYTES = 60;
const HEALTH_CHECK_BYTES = 64;

export interface InstanceParts {
  opts: Pick<RdsOptions, 'service' | 'replicaApply' | 'checkpointIntervalUs' | 'redoReplayBytesPerS'>;
  /** Latency of one write on the instance's log device: EBS, or a DB cluster's local NVMe SSD. */
  logLatency: Distribution;
  keyCount: number;
  /** The log checkpoint every instance of the deployment shares. */
  checkpoint: LogCheckpoint;
  rng: Rng;
  scheduler: Scheduler;
  network: Pick<Network, 'send'>;
  /** One draw of the engine start-up time. */
  startTime(): number;
  lag(replica: string, lagUs: number): void;
  /** Sends a report to the control plane (a message from this instance's node). */
  report(from: DbInstance, r: InstanceReport): void;
  /** A replication stream for this instance as the writer of `epoch`. */
  newStream(inst: DbInstance, epoch: number): WriterRole & { attach(f: DbInstance, mode: ReplicationMode): void; detach(f: DbInstance): void; publishSyncState(): void };
}

export class DbInstance {
  readonly data: InstanceData;
  role: InstanceRole;
  status: InstanceStatus = 'available';
  readonly service: ServiceQueue;
  readonly applier: ServiceQueue;
  /**
   * The writer's sessions while flow control delays commits: as many as the service's workers,
   * each holding a write for the delay before it goes to the log, so the write rate is at most
   * sessions / delay. Unused (and drawing nothing) while there is no delay.
   */
  private readonly sessions: ServiceQueue;
  readonly device: LogDevice;
  /** Set while this instance is the writer. */
  stream: ReturnType<InstanceParts['newStream']> | null = null;
  /** The writer this instance follows, when it follows one (set by that writer's attach). */
  private following: DbInstance | null = null;
  /** The newest epoch this instance has heard of: a writer of an older one is refused. */
  private knownEpoch = 0;
  /** A promotion waiting for the relay log to drain: reported ready once applied and `delayUs` later. */
  private pendingPromotion: { seq: number; delayUs: number } | null = null;
  /** A drain (MySQL failover) waiting for the relay log: reported once applied. */
  private pendingDrain: number | null = null;

  constructor(
    readonly node: SimNode,
    private readonly parts: InstanceParts,
    role: InstanceRole,
  ) {
    const { opts, rng } = parts;
    this.data = new InstanceData(parts.keyCount, parts.checkpoint);
    this.role = role;
    node.roles = [role];
    this.service = new ServiceQueue(node, opts.service.workers, sampler(opts.service.time, rng));
    this.applier = new ServiceQueue(node, 1, sampler(opts.replicaApply, rng));
    this.sessions = new ServiceQueue(node, opts.service.workers, () => 0);
    this.device = new LogDevice(node, parts.scheduler, sampler(parts.logLatency, rng));
    // The host agent tells the control plane it is back; the control plane says what it starts as.
    node.hooks = { onCrash: () => this.crashed(), onRestart: () => parts.report(this, { kind: 'restarted' }) };
  }

  /** A message to the writer `to` (it reaches that writer's stream, if it still has one). */
  private send(to: DbInstance, m: FollowerMessage): void {
    this.parts.network.send(this.node, to.node, ACK_BYTES, (msg: FollowerMessage) => to.stream?.onMessage(this, msg), m);
  }

  /** The host agent answers a health check with the instance's status (only while the process runs). */
  readonly onHealthCheck = (c: Call<number, HealthAnswer<DbInstance>>): void =>
    c.respond(HEALTH_CHECK_BYTES, { from: this, role: this.role, status: this.status, persistedLsn: this.data.persistedLsn, appliedLsn: this.data.appliedLsn });

  get name(): string {
    return this.node.name;
  }

  /** The writer it follows (its own field: only an attach it received sets it). */
  get leader(): DbInstance | null {
    return this.following;
  }

  setRole(role: InstanceRole): void {
    this.role = role;
    this.node.roles = [role];
  }

  // ---- commands from the control plane -------------------------------------------------------

  /** A command arrived: answered at once, 1 when carried out (or under way), 0 when refused. */
  readonly onCommand = (c: Call<Messages.InstanceCommand<DbInstance>, number>): void => serveCommand(c, this.node, ACK_BYTES, this.obey);

  private readonly obey = (m: Messages.InstanceCommand<DbInstance>): boolean => {
    this.learnEpoch(m.epoch);
    switch (m.kind) {
      case 'promote':
        return this.promote(m.seq, m.startEngine, m.delayUs);
      case 'become-writer':
        if (this.status !== 'available') return false;
        this.becomeWriter(m.epoch, m.followers);
        return true;
      case 'step-down':
        this.stream?.stop();
        this.stream = null;
        this.setRole(m.role);
        return true;
      case 'start':
        if (this.status !== 'down') return false;
        this.setRole(m.role);
        this.startEngine(() => this.parts.report(this, { kind: 'engine-started' }));
        return true;
      case 'drain':
        if (this.status === 'down' || this.role !== 'reader') return false;
        this.pendingDrain = m.seq;
        this.promotionDrained();
        return true;
      case 'attach':
        if (this.stream === null) return false;
        this.stream.detach(m.follower);
        this.stream.attach(m.follower, m.mode);
        return true;
      default:
        return false;
    }
  };

  private promote(seq: number, startEngine: boolean, delayUs: number): boolean {
    if (this.status === 'down' || this.role === 'writer' || this.role === 'retired') return false;
    this.following = null;
    const ready = () => this.parts.report(this, { kind: 'promotion-ready', seq });
    // Block-level standby: the engine starts on it and runs crash recovery.
    if (startEngine) this.startEngine(ready);
    else {
      this.pendingPromotion = { seq, delayUs };
      this.promotionDrained();
    }
    return true;
  }

  /** A promotion waiting for the relay log goes on once the apply thread has drained it. */
  private promotionDrained(): void {
    if (this.pendingDrain !== null && this.applyBacklog === 0) {
      const seq = this.pendingDrain;
      this.pendingDrain = null;
      this.parts.report(this, { kind: 'drained', seq });
    }
    const p = this.pendingPromotion;
    if (p === null || this.applyBacklog > 0) return;
    this.pendingPromotion = null;
    const ready = () => this.parts.report(this, { kind: 'promotion-ready', seq: p.seq });
    if (p.delayUs > 0) this.node.defer(p.delayUs, ready);
    else ready();
  }

  /** The initial topology (before the run): the writer of `epoch` with its followers. */
  beginAsWriter(epoch: number, followers: readonly { inst: DbInstance; mode: ReplicationMode }[]): void {
    this.becomeWriter(epoch, followers);
  }

  /** Takes writes under `epoch`: what it holds is the history now, and `followers` replicate from it. */
  private becomeWriter(epoch: number, followers: readonly { inst: DbInstance; mode: ReplicationMode }[]): void {
    this.learnEpoch(epoch);
    this.setRole('writer');
    this.following = null;
    // Records it holds but the old writer never acknowledged are durable now: they commit.
    const now = this.parts.scheduler.now;
    // (Records below the log checkpoint were committed before it passed them.)
    for (const e of this.data.recordsUpTo(this.data.lastLsn)) if (e.commitUs < 0) e.commitUs = now;
    this.applyBacklogNow();
    this.stream?.stop();
    const stream = this.parts.newStream(this, epoch);
    this.stream = stream;
    for (const f of followers) stream.attach(f.inst, f.mode);
    // Invariant: the control plane's sync standby is what this writer reports, never a previous writer's view.
    stream.publishSyncState();
  }

  /** Does the database process accept client connections now? */
  acceptsConnections(): boolean {
    return this.node.isUp && this.status === 'available' && this.role !== 'retired';
  }

  // ---- client requests -------------------------------------------------------------------

  readonly onRequest = (c: Call<ClientRequest, ClientReply>): void => {
    const refusal = this.refusal(c);
    if (refusal !== null) return c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: refusal, maybeApplied: false });
    this.service.submit(this.serve, c);
  };

  private refusal(c: Call<ClientRequest, ClientReply>): string | null {
    if (!c.req.conn.validAt(this.node)) return 'connection-reset';
    if (this.status !== 'available') return 'unavailable';
    // A writer whose engine started after a restart takes writes once the control plane's
    // become-writer command has arrived (it holds no replication stream until then).
    if (c.req.op.kind === 'write' && this.role === 'writer' && this.stream === null) return 'unavailable';
    if (c.req.op.kind === 'write' && this.role !== 'writer') return 'read-only';
    if (this.role === 'standby' || this.role === 'retired') return 'unavailable';
    // A demoted writer (its role taken while it was frozen or down) follows no one yet: its data
    // is neither current nor catching up, so it serves nothing until it has rejoined.
    if (this.role !== 'writer' && this.following === null) return 'unavailable';
    return null;
  }

  private readonly serve = (c: Call<ClientRequest, ClientReply>): void => {
    // The role may have changed while the request waited in the queue.
    const refusal = this.refusal(c);
    if (refusal !== null) return c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: refusal, maybeApplied: false });
    const op = c.req.op;
    if (op.kind === 'read') {
      return c.respond(REQUEST_OVERHEAD_BYTES + op.sizeBytes, { ok: true, value: this.data.read(op.keyIndex) });
    }
    const delayUs = this.stream!.throttleUs();
    if (delayUs > 0) return this.sessions.submit(this.writeDelayed, c, delayUs);
    this.stream!.write(op.keyIndex, op.value!, op.sizeBytes, c);
  };

  /** A write held by flow control: it goes to the log now, if this is still the writer. */
  private readonly writeDelayed = (c: Call<ClientRequest, ClientReply>): void => {
    const refusal = this.refusal(c);
    if (refusal !== null) return c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: refusal, maybeApplied: false });
    const op = c.req.op;
    this.stream!.write(op.keyIndex, op.value!, op.sizeBytes, c);
  };

  // ---- following a writer ------------------------------------------------------------------

  private learnEpoch(epoch: number): void {
    if (epoch > this.knownEpoch) this.knownEpoch = epoch;
  }

  /**
   * A writer asks this instance to follow it. A writer of an older epoch than one it heard of is
   * told so; otherwise it keeps the prefix of its log it shares with the writer's (dropping a
   * diverged tail), follows it, and answers with the LSN it persisted. While its engine is down
   * (restarted, not started) it does not answer: the writer asks again.
   */
  readonly onAttach = (m: AttachRequest): void => {
    if (this.status === 'down') return;
    if (m.epoch < this.knownEpoch) return this.send(m.from, { kind: 'stale', epoch: this.knownEpoch });
    this.learnEpoch(m.epoch);
    if (this.stream !== null && m.from !== this) {
      // It still wrote as an older epoch's writer (its step-down did not arrive): it stops.
      this.stream.stop();
      this.stream = null;
    }
    this.data.truncate(this.data.agreesUpTo(m.history, m.lastLsn));
    this.following = m.from;
    this.send(m.from, { kind: 'attached', lsn: this.data.persistedLsn });
  };

  /**
   * A mirrored sync from the writer this standby follows: written on its volume, then answered.
   * From any other writer (or while down) it is not answered: that writer's standby timeout
   * drops the mirror.
   */
  readonly onMirror = (m: Messages.MirrorRequest<DbInstance>): void => {
    if (m.from !== this.following || m.epoch < this.knownEpoch || this.status === 'down') return;
    this.device.write(this.mirrorWritten, m);
  };

  private readonly mirrorWritten = (m: Messages.MirrorRequest<DbInstance>): void => {
    this.parts.network.send(this.node, m.from.node, ACK_BYTES, m.reply);
  };

  /** A batch of change records from a writer; stale writers are told so and ignored. */
  readonly onReplicate = (b: ReplicationBatch): void => {
    if (b.from !== this.following || b.epoch < this.knownEpoch || this.status === 'down') {
      this.send(b.from, { kind: 'stale', epoch: this.knownEpoch });
      return;
    }
    const data = this.data;
    for (const e of b.entries) {
      if (e.lsn <= data.lastLsn) {
        if (data.holds(e)) continue; // a duplicate from a resend
        data.truncate(e.lsn - 1); // a diverged tail: the writer's history wins
      }
      if (e.lsn !== data.lastLsn + 1) {
        // A gap: something was lost on the way. Say where we are so the writer resends from there.
        this.send(b.from, { kind: 'ack', lsn: data.persistedLsn, gap: true });
        return;
      }
      data.append(e);
      this.device.write(this.persisted, e);
    }
    // A probe (or a batch that still leaves us short): say where we are.
    if (b.entries.length === 0) this.send(b.from, { kind: 'ack', lsn: data.persistedLsn, gap: data.lastLsn < b.headLsn });
  };

  private readonly persisted = (e: LogEntry): void => {
    if (this.data.entry(e.lsn) !== e) return; // truncated while it was being written
    this.data.persistedUpTo(e.lsn);
    // The acknowledgement also says how far the apply thread is (the writer's flow control reads
    // it), while it applies: a reader whose engine is still starting applies nothing and reports
    // no apply position (MySQL shows no lag for a stopped SQL thread).
    if (this.following !== null) this.send(this.following, { kind: 'ack', lsn: e.lsn, gap: false, ...(this.status === 'available' ? { applied: this.data.appliedLsn } : {}) });
    if (this.role === 'standby') {
      // Block-level replication: the standby's volume simply holds the data.
      while (this.data.appliedLsn < this.data.persistedLsn) this.data.applyNext();
    } else {
      this.applier.submit(this.applyOne);
    }
  };

  private readonly applyOne = (): void => {
    if (this.data.appliedLsn >= this.data.persistedLsn) return;
    const e = this.data.applyNext();
    const now = this.parts.scheduler.now;
    this.parts.lag(this.name, e.commitUs >= 0 ? now - e.commitUs : 0);
    // Records persisted while it was the writer had no apply job (the writer applies at commit):
    // a demoted writer that follows again applies them too, or a promotion waiting for its relay
    // log to drain would wait for good.
    if (this.applier.queued === 0 && this.data.appliedLsn < this.data.persistedLsn) this.applier.submit(this.applyOne);
    this.promotionDrained();
  };

  /** Applies every persisted record now (a promoted reader draining its relay log). */
  private applyBacklogNow(): void {
    while (this.data.appliedLsn < this.data.persistedLsn) this.data.applyNext();
  }

  /** Records waiting for the apply thread. */
  private get applyBacklog(): number {
    return this.data.persistedLsn - this.data.appliedLsn;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  private crashed(): void {
    this.status = 'down';
    this.onStarted = null;
    this.data.crash();
    this.stream?.stop();
    this.stream = null;
    this.service.reset();
    this.applier.reset();
    this.sessions.reset();
    this.pendingPromotion = null;
    this.pendingDrain = null;
  }

  /** What to do once the engine that is starting is up (a promotion replaces a rejoin). */
  private onStarted: (() => void) | null = null;

  /** Starts the database engine: start-up time, then crash recovery replaying redo. */
  private startEngine(then: () => void): void {
    const { opts, scheduler } = this.parts;
    if (this.status === 'starting' && this.onStarted !== null) {
      // Already starting (a restarted standby being promoted): one start-up, the newer purpose.
      this.onStarted = then;
      return;
    }
    this.status = 'starting';
    this.onStarted = then;
    const now = scheduler.now;
    const lastCheckpointUs = Math.floor(now / opts.checkpointIntervalUs) * opts.checkpointIntervalUs;
    const redoUs = (this.data.redoBytesSince(lastCheckpointUs) / opts.redoReplayBytesPerS) * 1e6;
    const startUs = Math.round(this.parts.startTime() + redoUs);
    this.node.defer(startUs, () => {
      this.data.replay(this.data.persistedLsn);
      this.status = 'available';
      const done = this.onStarted!;
      this.onStarted = null;
      done();
    });
  }
}
