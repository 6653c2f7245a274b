// Aurora Global Database's storage-level replication between regions: the primary's replication
// server ships every committed redo record, in commit order and numbered, over the inter-region
// link to each secondary's replication agent; the agent writes its own copy of each record to the
// secondary volume's 6 segments (the same 4-of-6 write quorum) and acknowledges, cumulatively, the
// last record its volume made durable. The server keeps what is not yet acknowledged and resends
// it from the acknowledged point when an acknowledgement is overdue (a lost message, a partition),
// so replication lag is the link's delay plus the secondary's persist and apply, and the records
// in that window are what an unplanned failover loses (RPO). Commit on the primary never waits
// for a secondary (asynchronous).
// The server runs on the primary's control-plane host (the storage service's replication server,
// in the primary region); the agent on its secondary's host (in the secondary region). After a
// planned switchover the old primary's volume gets an agent too, fed by the new primary: that
// agent first recovers the volume by read quorum under its own epoch (fencing the old writer and
// truncating what it left uncommitted), then continues the volume's log where it ends.
// Leaves out: compression and batching across commits (one message per advance of the durable
// point), and the secondary storage's repair (its node failures are not re-replicated).

import { call } from '../../sim/rpc.ts';
import type { Network } from '../../sim/network.ts';
import type { SimNode } from '../../sim/node.ts';
import { invariant } from '../../sim/invariant.ts';
import { ACK_BYTES, CONTROL_BYTES, batchBytes, type RedoRecord } from './redo.ts';
import { ReplicaFeed } from './replica-feed.ts';
import { VolumeRecovery } from './recovery.ts';
import { countAck } from './quorum.ts';
import type { StorageNode, WriteBatch, WriteReply } from './storage-node.ts';
import type { Volume } from './volume.ts';
import { COPIES, type AuroraOptions } from './options.ts';

/** Records shipped in one message: `firstSeq` numbers the first, the others follow it. */
export interface ShipMessage {
  firstSeq: number;
  records: readonly RedoRecord[];
}

/** The agent's cumulative acknowledgement: every record through `seq` is durable on its volume. */
export interface ShipAck {
  seq: number;
}

/** An acknowledgement overdue this long makes the server resend from the acknowledged point. */
export const SHIP_RETRY_US = 500_000;

/** A fresh secondary's agent epoch on its volume: below every writer epoch, so a promoted writer's recovery fences it. */
export const AGENT_EPOCH = 1;

/** The primary side: what is committed and not yet durable on the secondary. */
export class ReplicationServer {
  /** Records numbered ackedSeq + 1 .. nextSeq - 1, in commit order. */
  private unacked: RedoRecord[] = [];
  private nextSeq = 1;
  private ackedSeq = 0;
  private lastProgressUs = 0;
  private timer = -1;
  private stopped = false;
  /** Runs when the secondary acknowledged every record shipped (a switchover waits for it). */
  onSynced: (() => void) | null = null;

  constructor(
    private readonly network: Network,
    private readonly now: () => number,
    /** The replication server's host in the primary region. */
    readonly node: SimNode,
    private readonly agent: ReplicationAgent,
  ) {}

  /** Every committed record reached the secondary's volume. */
  get synced(): boolean {
    return this.ackedSeq === this.nextSeq - 1;
  }

  /** Committed records to replicate, in LSN order. */
  ship(records: readonly RedoRecord[]): void {
    if (this.stopped || records.length === 0) return;
    if (this.synced) this.lastProgressUs = this.now();
    const firstSeq = this.nextSeq;
    for (const r of records) this.unacked.push(r);
    this.nextSeq += records.length;
    this.send(firstSeq, records);
    this.arm();
  }

  /** Replication ends (the primary is detached or switched over): nothing more is shipped. */
  stop(): void {
    this.stopped = true;
    if (this.timer >= 0) this.node.cancelTimer(this.timer);
    this.timer = -1;
  }

  private send(firstSeq: number, records: readonly RedoRecord[]): void {
    const m: ShipMessage = { firstSeq, records };
    this.network.send(this.node, this.agent.node, batchBytes(records), this.agent.onShip, m);
  }

  private arm(): void {
    if (this.timer < 0 && !this.stopped) this.timer = this.node.setTimer(SHIP_RETRY_US, this.check);
  }

  /** No progress for SHIP_RETRY_US with records outstanding: resend them all from the acknowledged point. */
  private readonly check = (): void => {
    this.timer = -1;
    if (this.stopped || this.synced) return;
    if (this.now() - this.lastProgressUs >= SHIP_RETRY_US) {
      this.lastProgressUs = this.now();
      this.send(this.ackedSeq + 1, this.unacked.slice());
    }
    this.arm();
  };

  readonly onAck = (a: ShipAck): void => {
    if (a.seq <= this.ackedSeq) return;
    // Invariant: the agent acknowledges only records the server shipped.
    invariant(a.seq < this.nextSeq, `aurora global: ack of record ${a.seq}, only ${this.nextSeq - 1} shipped`);
    this.unacked.splice(0, a.seq - this.ackedSeq);
    this.ackedSeq = a.seq;
    this.lastProgressUs = this.now();
    if (this.synced && this.onSynced !== null) {
      const then = this.onSynced;
      this.onSynced = null;
      then();
    }
  };
}

interface Pending {
  rec: RedoRecord;
  seq: number;
  acked: number;
  count: number;
  sentUs: number;
}

/** The secondary side: writes copies of the shipped records to its volume and streams them to its readers. */
export class ReplicationAgent {
  /** Durable point of the secondary volume (its LSN space is its own: copies are numbered anew). */
  vdl = 0;
  private nextLsn = 1;
  private readonly pgPrev: Float64Array;
  private readonly pgCommitted: Float64Array;
  private expectedSeq = 1;
  private pending: Pending[] = [];
  private head = 0;
  private timer = -1;
  private stopped = false;
  /** False while the agent of a demoted primary still recovers its volume (shipments wait for the resend). */
  private ready = true;
  /** Where acknowledgements go (set once the server exists). */
  server: ReplicationServer | null = null;
  /** The stream to the secondary's readers (their writer, until a promotion). */
  readonly feed: ReplicaFeed;

  constructor(
    private readonly parts: {
      opts: Pick<AuroraOptions, 'writeQuorum' | 'storageTimeoutUs'>;
      network: Network;
      now: () => number;
      volume: Volume<StorageNode>;
    },
    readonly node: SimNode,
    /** Its epoch on the volume (what its writes carry). */
    private readonly epoch: number = AGENT_EPOCH,
  ) {
    const pgs = parts.volume.pgs.length;
    this.pgPrev = new Float64Array(pgs);
    this.pgCommitted = new Float64Array(pgs);
    this.feed = new ReplicaFeed(parts.network, parts.now, node, epoch, () => ({
      vdl: this.vdl,
      pgCommitted: this.pgCommitted,
      inFlight: this.pending.slice(this.head).map((p) => p.rec),
      nextLsn: this.nextLsn,
    }));
  }

  /** Everything received is durable on the secondary volume. */
  get caughtUp(): boolean {
    return this.head === this.pending.length;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer >= 0) this.node.cancelTimer(this.timer);
    this.timer = -1;
  }

  /**
   * A volume that had a writer (the old primary's): recover it by read quorum under this agent's
   * epoch first, then continue its log after the durable point; `done` runs once it can take records.
   */
  resume(opts: Pick<AuroraOptions, 'storageTimeoutUs' | 'readQuorum' | 'lsnAllocationLimit'>, done: () => void): void {
    this.ready = false;
    const { network, volume } = this.parts;
    const recovery = new VolumeRecovery({ opts, network, volume }, this.node, this.epoch, 0, {
      done: (r) => {
        this.vdl = r.vdl;
        this.nextLsn = r.nextLsn;
        this.pgPrev.set(r.pgTails);
        this.pgCommitted.set(r.pgTails);
        for (const pg of volume.pgs) for (const m of pg.members) network.send(this.node, m.node, CONTROL_BYTES, m.onTruncate, pg.index);
        this.ready = true;
        done();
      },
      unavailable: () => {},
      stale: () => this.stop(),
    });
    recovery.start();
  }

  readonly onShip = (m: ShipMessage): void => {
    if (this.stopped || !this.ready) return;
    // A gap (a message lost on the link): the acknowledgement tells the server where to resend from.
    if (m.firstSeq > this.expectedSeq) return this.ack(this.durableSeq());
    const before = this.expectedSeq;
    for (let i = this.expectedSeq - m.firstSeq; i < m.records.length; i++) this.copy(m.records[i], this.expectedSeq++);
    // Nothing new (a resend after a lost acknowledgement): acknowledge again, or it resends for good.
    if (this.expectedSeq === before) this.ack(this.durableSeq());
    this.arm();
  };

  /** The secondary's own record of a primary's committed write, stamped with the primary's commit time (lag counts from it). */
  private copy(src: RedoRecord, seq: number): void {
    const pg = src.pg;
    const rec: RedoRecord = {
      lsn: this.nextLsn++,
      pg,
      prevLsn: this.pgPrev[pg],
      epoch: this.epoch,
      keyIndex: src.keyIndex,
      value: src.value,
      bytes: src.bytes,
      commitUs: src.commitUs,
      stored: false,
      truncated: false,
      copies: 0,
    };
    this.pgPrev[pg] = rec.lsn;
    this.pending.push({ rec, seq, acked: 0, count: 0, sentUs: this.parts.now() });
    this.write(rec, 0);
    this.feed.record(rec);
  }

  private write(rec: RedoRecord, skip: number): void {
    const batch: WriteBatch = { epoch: this.epoch, pg: rec.pg, records: [rec], vdl: this.vdl, gcPoint: Math.min(this.vdl, this.feed.minReadPoint()) };
    const bytes = batchBytes(batch.records);
    const members = this.parts.volume.pgs[rec.pg].members;
    for (let slot = 0; slot < members.length; slot++) {
      if ((skip & (1 << slot)) !== 0) continue;
      call<WriteBatch, WriteReply>(this.parts.network, this.node, members[slot].node, bytes, members[slot].onWrite, batch, this.onWriteReply);
    }
  }

  private readonly onWriteReply = (r: WriteReply): void => {
    if (this.stopped) return;
    // A promoted writer's recovery fenced this agent's epoch: it is done.
    if (r.kind === 'stale') return this.stop();
    if (r.kind !== 'ack') return;
    const slot = this.parts.volume.pgs[r.pg].slotOf(r.from);
    if (slot < 0) return;
    countAck(this.pending, this.head, r.pg, slot, r.lsn, r.scl);
    this.advance();
  };

  /** The durable point passes, in LSN order, every copy that reached the write quorum. */
  private advance(): void {
    let advanced = false;
    while (this.head < this.pending.length && this.pending[this.head].count >= this.parts.opts.writeQuorum) {
      const p = this.pending[this.head++];
      this.vdl = p.rec.lsn;
      this.pgCommitted[p.rec.pg] = p.rec.lsn;
      advanced = true;
    }
    if (!advanced) return;
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    this.feed.vdl(this.vdl);
    this.parts.volume.committed(this.vdl);
    this.ack(this.durableSeq());
  }

  /** The last shipped record the secondary volume holds durably. */
  private durableSeq(): number {
    return this.head < this.pending.length ? this.pending[this.head].seq - 1 : this.expectedSeq - 1;
  }

  private ack(seq: number): void {
    const s = this.server;
    if (s !== null) this.parts.network.send(this.node, s.node, ACK_BYTES, s.onAck, { seq } satisfies ShipAck);
  }

  private arm(): void {
    if (this.timer < 0 && !this.stopped && !this.caughtUp) this.timer = this.node.setTimer(this.parts.opts.storageTimeoutUs, this.resend);
  }

  /** Copies short of their quorum past `storage_timeout` go again to the segments that have not acknowledged. */
  private readonly resend = (): void => {
    this.timer = -1;
    if (this.stopped) return;
    const now = this.parts.now();
    for (let k = this.head; k < this.pending.length; k++) {
      const p = this.pending[k];
      if (now - p.sentUs < this.parts.opts.storageTimeoutUs || p.count >= COPIES) continue;
      p.sentUs = now;
      this.write(p.rec, p.acked);
    }
    this.arm();
  };
}
