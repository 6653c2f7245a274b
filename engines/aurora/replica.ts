// An Aurora replica's side of the redo stream (REFERENCE-FIGURES.md A13, A14): records arrive as
// the writer creates them; the replica's single apply thread applies them in LSN order, but only
// those at or below the durable point the writer announced, so a replica never shows a write that
// could still be truncated. Its read point is the last LSN it applied (the announced durable point
// once it has applied everything); it reads pages from the shared volume at that point. Each
// applied record is a replication-lag sample: apply time minus the writer's commit time. A gap in
// the stream (a lost message), or a stream of a newer epoch than the one it joined (the join of
// a writer's recovery was lost), makes it ask the writer for a fresh snapshot, every second until
// one arrives.
// Leaves out: the replica's buffer cache and per-page invalidation costs beyond the apply time.

import { sampler } from '../../sim/distribution.ts';
import { invariant } from '../../sim/invariant.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { CONTROL_BYTES, type RedoRecord } from './redo.ts';
import type { FeedTarget, StreamMessage } from './replica-feed.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { AuroraOptions } from './options.ts';
import type { PeerNews, ReadPointFeedback } from './peer-news.ts';

/** The writer as a replica reaches it: its node, and its handlers for a resync request and read-point feedback. */
export interface FollowedWriter {
  readonly node: FeedTarget['node'];
  readonly onResync: (from: PeerNews) => void;
  readonly onFeedback: (m: ReadPointFeedback) => void;
}

export interface ReplicaParts {
  opts: Pick<AuroraOptions, 'protectionGroups' | 'replicaApply'>;
  network: Network;
  now: () => number;
  rng: Rng;
  /** The instance this applier runs in (where the writer's answers go). */
  self: FeedTarget;
  /** The instance's news of itself as its messages carry it (its role and status now). */
  news(): PeerNews;
  /** The writer the control plane names (null during a failover). */
  writer(): FollowedWriter | null;
  /** Reports one replication-lag sample. */
  lag(lagUs: number): void;
}

/** How often a replica reports its read point to the writer. */
const FEEDBACK_INTERVAL_US = 100_000;
/** A join request unanswered this long is sent again (it or its snapshot may have been lost). */
const JOIN_RETRY_US = 1_000_000;

interface ApplyJob {
  gen: number;
  rec: RedoRecord;
}

export class ReplicaApplier {
  /** Epoch of the writer followed; -1 before a snapshot arrived. */
  epoch = -1;
  knownVdl = 0;
  appliedLsn = 0;
  /** Last applied LSN of each PG (what a segment must hold for a read at the read point). */
  readonly pgApplied: Float64Array;
  private buffer: RedoRecord[] = [];
  /** The LSN the next streamed record must have. */
  private expected = 0;
  private head = 0;
  private submitted = 0;
  private gen = 0;
  private readonly applier: ServiceQueue;
  private feedbackTimer = -1;
  private joinTimer = -1;

  private readonly inst: FeedTarget;

  constructor(private readonly parts: ReplicaParts) {
    this.inst = parts.self;
    this.pgApplied = new Float64Array(parts.opts.protectionGroups);
    this.applier = new ServiceQueue(parts.self.node, 1, sampler(parts.opts.replicaApply, parts.rng));
  }

  get joined(): boolean {
    return this.epoch >= 0;
  }

  /** The LSN reads are served at. */
  readPoint(): number {
    return this.submitted === this.head && this.head === this.buffer.length ? this.knownVdl : this.appliedLsn;
  }

  /** Forgets the stream (a crash, a promotion, or a new writer to follow). */
  reset(): void {
    this.epoch = -1;
    this.buffer = [];
    this.head = 0;
    this.submitted = 0;
    this.gen++;
    this.applier.reset();
    if (this.feedbackTimer >= 0) this.inst.node.cancelTimer(this.feedbackTimer);
    this.feedbackTimer = -1;
    if (this.joinTimer >= 0) this.inst.node.cancelTimer(this.joinTimer);
    this.joinTimer = -1;
  }

  onStream(m: StreamMessage): void {
    if (m.kind === 'join') {
      this.reset();
      this.epoch = m.epoch;
      this.knownVdl = m.vdl;
      this.appliedLsn = m.vdl;
      this.pgApplied.set(m.pgCommitted);
      this.buffer = m.records.slice();
      this.expected = m.next;
      this.feedbackTimer = this.inst.node.setTimer(FEEDBACK_INTERVAL_US, this.feedback);
      return this.pump();
    }
    if (m.epoch !== this.epoch) {
      // Joined, and the stream now carries a newer epoch: the writer recovered the volume (or a
      // new one opened it) and its join to this replica was lost on the way. Without a snapshot
      // it would ignore the stream for good; it asks for one (and again until one arrives).
      if (this.epoch >= 0 && m.epoch > this.epoch) this.resync();
      return;
    }
    if (m.kind === 'vdl') {
      if (m.vdl > this.knownVdl) this.knownVdl = m.vdl;
      return this.pump();
    }
    for (const rec of m.records) {
      if (rec.lsn < this.expected) continue;
      if (rec.lsn > this.expected) return this.resync();
      this.buffer.push(rec);
      this.expected++;
    }
    this.pump();
  }

  /** The commit time of the oldest committed record received and not applied, or null. */
  oldestUnappliedCommitUs(): number | null {
    for (let i = this.head; i < this.buffer.length; i++) if (this.buffer[i].commitUs >= 0 && !this.buffer[i].truncated) return this.buffer[i].commitUs;
    return null;
  }

  private pump(): void {
    // Invariant: a replica applies only records at or below the durable point it was told (A13).
    while (this.submitted < this.buffer.length && this.buffer[this.submitted].lsn <= this.knownVdl) {
      const job: ApplyJob = { gen: this.gen, rec: this.buffer[this.submitted++] };
      this.applier.submit(this.applyOne, job);
    }
  }

  private readonly applyOne = (job: ApplyJob): void => {
    if (job.gen !== this.gen) return;
    const rec = job.rec;
    // Invariant: a replica never applies beyond the durable point, nor a record a recovery voided.
    if (rec.lsn > this.knownVdl || rec.commitUs < 0 || rec.truncated) invariant(false, `aurora: ${this.inst.node.name} applies LSN ${rec.lsn} beyond the durable point ${this.knownVdl} or not committed`);
    this.head++;
    this.appliedLsn = rec.lsn;
    this.pgApplied[rec.pg] = rec.lsn;
    if (rec.commitUs >= 0) this.parts.lag(this.parts.now() - rec.commitUs);
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.submitted -= this.head;
      this.head = 0;
    }
  };

  /** A gap in the stream: ask the writer for a snapshot (it answers with a join). */
  private resync(): void {
    const w = this.parts.writer();
    if (w !== null) this.requestJoin(w);
  }

  /** Asks `w` for a snapshot of its stream (a gap, or the control plane said to follow it). */
  requestJoin(w: FollowedWriter): void {
    this.epoch = -2; // ignore the stream until the snapshot arrives
    this.parts.network.send(this.inst.node, w.node, CONTROL_BYTES, w.onResync, this.parts.news());
    if (this.joinTimer < 0) this.joinTimer = this.inst.node.setTimer(JOIN_RETRY_US, this.retryJoin);
  }

  /** Still waiting for the snapshot: ask again (a partition, or a writer still recovering, kept it). */
  private readonly retryJoin = (): void => {
    this.joinTimer = -1;
    if (this.epoch === -2) this.resync();
  };

  private readonly feedback = (): void => {
    const w = this.parts.writer();
    if (w !== null && this.joined) this.parts.network.send(this.inst.node, w.node, CONTROL_BYTES, w.onFeedback, { ...this.parts.news(), readPoint: this.readPoint() });
    this.feedbackTimer = this.inst.node.setTimer(FEEDBACK_INTERVAL_US, this.feedback);
  };
}
