// The writer's side of replication and commit. A write becomes a change record with the next
// LSN; it is persisted on the writer's log device and shipped to followers. It commits (becomes
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

import type { Call } from '../../sim/rpc.ts';
import { RECORD_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES, type LogEntry } from './log-entry.ts';
import type { ClientReply, ClientRequest, DbInstance } from './instance.ts';
import type { RdsCluster } from './cluster.ts';

export type ReplicationMode = 'sync' | 'semi-sync' | 'async';

const PROBE_BYTES = 60;

export interface FollowerLink {
  readonly inst: DbInstance;
  readonly mode: ReplicationMode;
  /** Highest LSN the follower said it persisted. */
  acked: number;
  /** Highest LSN shipped to it. */
  sent: number;
  lastAckUs: number;
  /** Counts in the commit rule (sync and semi-sync only): caught up and not timed out. */
  inSync: boolean;
}

export type FollowerMessage = { kind: 'ack'; lsn: number; gap: boolean } | { kind: 'stale'; epoch: number };

interface PendingCommit {
  entry: LogEntry;
  call: Call<ClientRequest, ClientReply>;
}

export class WriterStream {
  readonly followers: FollowerLink[] = [];
  private pending: PendingCommit[] = [];
  private head = 0;
  private waitingSinceUs = -1;
  private stopped = false;
  private tickTimer = -1;

  constructor(
    readonly cluster: RdsCluster,
    readonly writer: DbInstance,
    readonly epoch: number,
  ) {
    this.tickTimer = writer.node.setTimer(cluster.opts.replicationRetryUs, this.tick);
  }

  stop(): void {
    this.stopped = true;
    this.writer.node.cancelTimer(this.tickTimer);
  }

  attach(inst: DbInstance, mode: ReplicationMode): void {
    // Reconcile: keep only the prefix the follower shares with the writer's log.
    const mine = this.writer.data.log;
    const theirs = inst.data.log;
    let common = 0;
    const n = Math.min(mine.length, theirs.length);
    while (common < n && mine[common] === theirs[common]) common++;
    inst.data.truncate(common);
    inst.leader = this.writer;
    const acked = inst.data.persistedLsn;
    // A follower that is behind catches up first; only then do commits wait for it.
    const inSync = mode !== 'async' && acked >= this.writer.data.persistedLsn;
    this.followers.push({ inst, mode, acked, sent: acked, lastAckUs: this.cluster.sim.scheduler.now, inSync });
    this.publishSyncState();
  }

  detach(inst: DbInstance): void {
    const i = this.followers.findIndex((f) => f.inst === inst);
    if (i >= 0) this.followers.splice(i, 1);
    this.publishSyncState();
  }

  /** Tells the control plane which standby (Multi-AZ) counts in the commit rule, if any. */
  publishSyncState(): void {
    const f = this.followers.find((x) => x.mode === 'sync' && x.inSync);
    this.cluster.control.syncReported(this, f === undefined ? null : f.inst);
  }

  /** A client write, after its service time: create, persist, ship, and commit when allowed. */
  write(keyIndex: number, value: number, bytes: number, call: Call<ClientRequest, ClientReply>): void {
    const data = this.writer.data;
    this.cluster.safety.acceptsWrite(this.writer, this.epoch);
    const entry: LogEntry = { lsn: data.log.length + 1, epoch: this.epoch, keyIndex, value, bytes: bytes + RECORD_OVERHEAD_BYTES, commitUs: -1 };
    data.log.push(entry);
    this.pending.push({ entry, call });
    this.writer.device.write(this.persisted, entry);
    for (const f of this.followers) if (f.mode !== 'async' && f.sent === entry.lsn - 1) this.ship(f, [entry]);
  }

  private readonly persisted = (e: LogEntry): void => {
    if (this.stopped || this.writer.data.log[e.lsn - 1] !== e) return;
    this.writer.data.persistedUpTo(e.lsn);
    this.tryCommit();
  };

  /** A follower's acknowledgement (or its news that a newer writer exists). */
  onMessage(from: DbInstance, m: FollowerMessage): void {
    if (this.stopped) return;
    if (m.kind === 'stale') return this.cluster.control.writerDeposed(this.writer);
    const f = this.followers.find((x) => x.inst === from);
    if (f === undefined) return;
    if (m.lsn > f.acked) {
      f.acked = m.lsn;
      f.lastAckUs = this.cluster.sim.scheduler.now;
    }
    if (!f.inSync && f.mode !== 'async' && f.acked >= this.writer.data.persistedLsn) {
      f.inSync = true;
      this.publishSyncState();
      this.cluster.sim.events.emit('replication-synchronous', { node: f.inst.name, domain: 'db', detail: `caught up with ${this.writer.name}; commits wait for it again` });
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
    const now = this.cluster.sim.scheduler.now;
    while (this.head < this.pending.length) {
      const p = this.pending[this.head];
      if (data.persistedLsn < p.entry.lsn) break;
      if (!this.replicated(p.entry.lsn)) {
        if (this.waitingSinceUs < 0) this.waitingSinceUs = now;
        break;
      }
      this.waitingSinceUs = -1;
      this.head++;
      p.entry.commitUs = now;
      if (this.cluster.control.writer === this.writer) this.cluster.safety.acknowledged(p.entry);
      // Invariant: commits apply in LSN order, so the writer's values are the committed prefix.
      while (data.appliedLsn < p.entry.lsn) data.applyNext();
      p.call.respond(REQUEST_OVERHEAD_BYTES, { ok: true, value: p.entry.value });
      for (const f of this.followers) if (f.mode === 'async' && f.sent === p.entry.lsn - 1) this.ship(f, [p.entry]);
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  /** Periodic: resend to silent streams, and stop waiting for followers silent too long. */
  private readonly tick = (): void => {
    if (this.stopped) return;
    const { opts, sim } = this.cluster;
    const now = sim.scheduler.now;
    for (const f of this.followers) {
      const target = f.mode === 'async' ? this.writer.data.appliedLsn : this.writer.data.log.length;
      if (f.acked < target && now - f.lastAckUs >= opts.replicationRetryUs) this.probe(f);
    }
    const limit = this.cluster.type === 'rds-multi-az' ? opts.standbyTimeoutUs : opts.semiSyncTimeoutUs;
    if (this.waitingSinceUs >= 0 && now - this.waitingSinceUs >= limit) {
      // Followers that let the oldest commit wait this long stop counting until they catch up.
      const lsn = this.pending[this.head]?.entry.lsn ?? 0;
      for (const f of this.followers) {
        if (f.inSync && f.acked < lsn) {
          f.inSync = false;
          sim.events.emit('replication-asynchronous', { node: f.inst.name, domain: 'db', detail: `no acknowledgement for ${limit / 1e6} s; ${this.writer.name} commits without it` });
        }
      }
      this.publishSyncState();
      this.waitingSinceUs = -1;
      this.tryCommit();
    }
    this.tickTimer = this.writer.node.setTimer(opts.replicationRetryUs, this.tick);
  };

  /** Asks a silent follower where it is; its answer (an ack with `gap`) triggers the resend. */
  private probe(f: FollowerLink): void {
    f.lastAckUs = this.cluster.sim.scheduler.now; // one probe per retry interval
    const head = f.mode === 'async' ? this.writer.data.appliedLsn : this.writer.data.log.length;
    this.cluster.ship(this.writer, f.inst, { from: this.writer, epoch: this.epoch, entries: [], headLsn: head }, PROBE_BYTES);
  }

  /** Go-back-N: ship everything after what the follower acknowledged. */
  private resend(f: FollowerLink): void {
    const log = this.writer.data.log;
    const upTo = f.mode === 'async' ? this.writer.data.appliedLsn : log.length;
    if (f.acked >= upTo) return;
    f.lastAckUs = this.cluster.sim.scheduler.now; // do not probe again before the retry interval
    this.ship(f, log.slice(f.acked, upTo));
  }

  private ship(f: FollowerLink, entries: LogEntry[]): void {
    if (entries.length === 0) return;
    let bytes = 0;
    for (const e of entries) bytes += e.bytes;
    f.sent = entries[entries.length - 1].lsn;
    this.cluster.ship(this.writer, f.inst, { from: this.writer, epoch: this.epoch, entries, headLsn: f.sent }, bytes);
  }
}
