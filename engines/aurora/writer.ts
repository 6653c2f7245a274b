// The writer's view of the volume (REFERENCE-FIGURES.md A8, A9, A11, A12): a write becomes a redo
// record with the next LSN and a backlink to its PG's previous record, shipped to the PG's 6
// segments (and to the replicas). A record is durable once `write_quorum` segments persisted it;
// the durable point (VDL) advances in LSN order over durable records, and a write is acknowledged
// when the VDL passes it, so the commit waits for the 4th acknowledgement, an order statistic,
// and one slow segment does not slow it. A read goes to one segment known to hold its PG through
// the last committed record, at the VDL as read point, and is answered only once a read quorum of
// its PG confirmed that no newer writer exists (read-fence.ts): a writer that storage fenced, or
// that cannot reach enough of its volume to tell, answers no reads.
// When the oldest record stays short of its quorum for `write_quorum_timeout`, the pending writes
// fail (their outcome unknown) and the volume is recovered by read quorum (recovery.ts). A PG that
// answered with fewer than `write_quorum` segments then refuses writes at once, while reads go on,
// until probes (or a repair) find enough segments again.
// Leaves out: group commit batching and the LAL stall (a write beyond it is refused instead).

import { invariant } from '../../sim/invariant.ts';
import { call, type Call } from '../../sim/rpc.ts';
import type { EndpointRequest } from '../../sim/endpoint-driver.ts';
import type { AttemptResult } from '../../sim/operation.ts';
import type { Network } from '../../sim/network.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { COPIES, type AuroraOptions } from './options.ts';
import { CONTROL_BYTES, REDO_HEADER_BYTES, REQUEST_OVERHEAD_BYTES, batchBytes, type RedoRecord } from './redo.ts';
import { VolumeRecovery, type RecoveryResult } from './recovery.ts';
import { countAck } from './quorum.ts';
import { ReplicaFeed, type FeedTarget } from './replica-feed.ts';
import type { StorageNode, WriteBatch, WriteReply } from './storage-node.ts';
import type { PageReader, PageResult } from './page-reader.ts';
import type { Volume } from './volume.ts';
import type { WriterEpochs } from './writer-epochs.ts';
import { WriterHealth } from './writer-health.ts';
import { ReadFence, type FenceResult } from './read-fence.ts';

type ClientCall = Call<EndpointRequest, AttemptResult>;

/** What a writer is handed: its instance's node and page reader, the volume, and its peers. */
export interface WriterParts {
  opts: Pick<
    AuroraOptions,
    'writeQuorum' | 'readQuorum' | 'lsnAllocationLimit' | 'storageTimeoutUs' | 'writeQuorumTimeoutUs' | 'writerEpochCheck' | 'quorumProbeIntervalUs'
  >;
  network: Network;
  now: () => number;
  events: DomainEvents;
  volume: Volume<StorageNode>;
  /** The run-time check that one writer commits per epoch. */
  epochs: WriterEpochs;
  /** The instance's node (the writer's messages leave from it, its timers run on it). */
  node: SimNode;
  reader: PageReader;
  /** The replicas to stream to when the volume opens (available ones, this instance left out). */
  replicas(): readonly FeedTarget[];
  /** Storage or a read fence showed a newer writer: the instance is to stop being the writer. */
  deposed(): void;
  /** With a global database: the records one advance of the durable point committed, in LSN order (to ship to the secondaries). */
  committedRecords?(records: RedoRecord[]): void;
}

export type WriterState = 'recovering' | 'open' | 'unavailable' | 'stopped';

interface Pending {
  rec: RedoRecord;
  /** Slots that persisted it, as bits. */
  acked: number;
  count: number;
  call: ClientCall;
  createdUs: number;
}

export class WriterVolume {
  state: WriterState = 'recovering';
  vdl = 0;
  nextLsn = 1;
  /** Last LSN allocated in each PG (the next record's backlink). */
  readonly pgPrev: Float64Array;
  /** Last committed LSN in each PG (what a segment must hold to serve a read). */
  readonly pgCommitted: Float64Array;
  /** Segment complete LSNs as last reported, by pg * 6 + slot. */
  readonly segScl: Float64Array;
  readonly feed: ReplicaFeed;
  readonly health: WriterHealth;
  readonly fence: ReadFence;
  private pending: Pending[] = [];
  private head = 0;
  private quorumTimer = -1;
  private recovery: VolumeRecovery | null = null;
  /** The epoch this writer last told the epochs check it commits under. */
  private claimedEpoch = -1;

  private readonly name: string;

  constructor(
    private readonly parts: WriterParts,
    public epoch: number,
    /** Called when the volume first opens for writes (after the first recovery, or fresh). */
    private readonly opened: () => void,
  ) {
    this.name = parts.node.name;
    const pgs = parts.volume.pgs.length;
    this.pgPrev = new Float64Array(pgs);
    this.pgCommitted = new Float64Array(pgs);
    this.segScl = new Float64Array(pgs * COPIES);
    this.feed = new ReplicaFeed(parts.network, parts.now, parts.node, epoch, () => ({ vdl: this.vdl, pgCommitted: this.pgCommitted, inFlight: this.inFlight(), nextLsn: this.nextLsn }));
    this.health = new WriterHealth(parts, this);
    this.fence = new ReadFence(parts, this);
  }

  private get now(): number {
    return this.parts.now();
  }

  /** Segments heard from since the last recovery (what the read fence asks first). */
  get alive(): Uint8Array {
    return this.health.alive;
  }

  /** A brand-new volume: nothing to recover. */
  openFresh(): void {
    this.health.allAlive();
    this.open('fresh');
  }

  private openedOnce = false;

  /** It had the volume open and lost it (no read quorum): the instance reports itself unhealthy. */
  get lostVolume(): boolean {
    return this.openedOnce && this.state === 'unavailable';
  }

  private open(how: 'recovered' | 'fresh'): void {
    this.state = 'open';
    // Replicas (re)join under the current epoch: a snapshot drops what a recovery truncated.
    this.feed.epoch = this.epoch;
    for (const r of this.parts.replicas()) this.feed.attach(r);
    const events = this.parts.events;
    const refusing = this.health.degradedCount;
    if (how === 'recovered') {
      events('volume-recovered', this.name, `durable point LSN ${this.vdl}; ${refusing === 0 ? 'every PG has its write quorum' : `${refusing} PGs below the write quorum refuse writes`}`);
    }
    if (!this.openedOnce) {
      this.openedOnce = true;
      this.opened();
    } else if (refusing === 0) {
      events('recovered', this.name, 'volume recovered by read quorum: writes resume');
    }
  }

  // ---- writes ------------------------------------------------------------------------------

  write(c: ClientCall, keyIndex: number, value: number, sizeBytes: number): void {
    if (this.state !== 'open') return refuse(c, this.state === 'recovering' ? 'volume-recovering' : 'volume-unavailable');
    const pg = this.parts.volume.pgOf(keyIndex);
    if (this.health.degraded[pg] === 1) return refuse(c, 'write-quorum-unavailable');
    if (this.nextLsn > this.allocationBase() + this.parts.opts.lsnAllocationLimit) return refuse(c, 'lsn-allocation-limit');
    const rec: RedoRecord = {
      lsn: this.nextLsn++,
      pg,
      prevLsn: this.pgPrev[pg],
      epoch: this.epoch,
      keyIndex,
      value,
      bytes: sizeBytes + REDO_HEADER_BYTES,
      commitUs: -1,
      stored: false,
      truncated: false,
      copies: 0,
    };
    this.pgPrev[pg] = rec.lsn;
    this.pending.push({ rec, acked: 0, count: 0, call: c, createdUs: this.now });
    this.ship(rec);
    this.feed.record(rec);
    this.armQuorumTimer();
  }

  /** LSNs may run up to LAL above this: the durable point, or the end of the last truncated range (void, so complete). */
  private allocationBase(): number {
    const t = this.parts.volume.truncations;
    return t.length === 0 ? this.vdl : Math.max(this.vdl, t[t.length - 1].endLsn);
  }

  private gcPoint(): number {
    return Math.min(this.vdl, this.feed.minReadPoint());
  }

  /** Sends a record to the segments of its PG (except those in `skip`, as slot bits). */
  private ship(rec: RedoRecord, skip = 0): void {
    const batch: WriteBatch = { epoch: this.epoch, pg: rec.pg, records: [rec], vdl: this.vdl, gcPoint: this.gcPoint() };
    const bytes = batchBytes(batch.records);
    const net = this.parts.network;
    const members = this.parts.volume.pgs[rec.pg].members;
    for (let slot = 0; slot < members.length; slot++) {
      if ((skip & (1 << slot)) !== 0) continue;
      const member = members[slot];
      call<WriteBatch, WriteReply>(net, this.parts.node, member.node, bytes, member.onWrite, batch, this.onWriteReply);
    }
  }

  private readonly onWriteReply = (r: WriteReply): void => {
    if (this.state === 'stopped') return;
    if (r.kind === 'stale') {
      if (r.epoch > this.epoch) this.parts.deposed();
      return;
    }
    if (r.kind === 'not-member') return;
    this.segmentReport(r.from, r.pg, r.scl, r.lsn);
  };

  /** A segment persisted `lsn` (0: none in particular) and holds its PG through `scl`. */
  segmentReport(member: StorageNode, pg: number, scl: number, lsn = 0): void {
    const slot = this.parts.volume.pgs[pg].slotOf(member);
    if (slot < 0 || this.state === 'stopped') return;
    const i = pg * COPIES + slot;
    if (scl > this.segScl[i]) this.segScl[i] = scl;
    this.health.heard(pg, slot);
    countAck(this.pending, this.head, pg, slot, lsn, scl);
    this.advance();
  }

  /** Commits, in LSN order, every record that reached its write quorum. */
  private advance(): void {
    const quorum = this.parts.opts.writeQuorum;
    const now = this.now;
    let advanced = false;
    const shipped: RedoRecord[] | null = this.parts.committedRecords === undefined ? null : [];
    // Invariant: a write is acknowledged only once the durable point passed it, and the durable
    // point only passes records that reached their write quorum, in LSN order (A9).
    while (this.head < this.pending.length && this.pending[this.head].count >= quorum) {
      const p = this.pending[this.head++];
      // (The message is built only when the check fails: a template per commit costs ~20% of a run.)
      if (p.rec.copies < quorum || p.rec.truncated) invariant(false, `aurora: LSN ${p.rec.lsn} acknowledged with ${p.rec.copies} of ${COPIES} segments holding it${p.rec.truncated ? ', after a recovery truncated it' : ''}`);
      if (this.claimedEpoch !== this.epoch) {
        this.parts.epochs.claim(this.epoch, this.name);
        this.claimedEpoch = this.epoch;
      }
      this.vdl = p.rec.lsn;
      p.rec.commitUs = now;
      this.pgCommitted[p.rec.pg] = p.rec.lsn;
      p.call.respond(REQUEST_OVERHEAD_BYTES, { ok: true, value: p.rec.value });
      shipped?.push(p.rec);
      advanced = true;
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    if (advanced) {
      this.feed.vdl(this.vdl);
      this.parts.volume.committed(this.vdl);
      if (shipped !== null) this.parts.committedRecords!(shipped);
    }
  }

  private inFlight(): RedoRecord[] {
    return this.pending.slice(this.head).map((p) => p.rec);
  }

  // ---- reads ---------------------------------------------------------------------------------

  read(c: ClientCall, keyIndex: number): void {
    if (this.state !== 'open') return refuse(c, this.state === 'recovering' ? 'volume-recovering' : 'volume-unavailable');
    const pg = this.parts.volume.pgOf(keyIndex);
    const need = this.pgCommitted[pg];
    const reader = this.parts.reader;
    const order = reader.order(pg, (slot) => this.segScl[pg * COPIES + slot] >= need && this.health.alive[pg * COPIES + slot] === 1);
    // The page read and the epoch check run in parallel; the answer waits for both.
    let page: PageResult | null = null;
    // The epoch check is off by default: Aurora's published read path trusts the writer's own
    // state, and the control plane stops a replaced writer before promoting one (synchronously here).
    let fenced: FenceResult | null = this.parts.opts.writerEpochCheck ? null : 'ok';
    const both = () => {
      if (page === null || fenced === null) return;
      if (fenced === 'deposed') return refuse(c, 'deposed');
      if (fenced === 'unconfirmed') return refuse(c, 'writer-unconfirmed');
      if (page.ok) c.respond(REQUEST_OVERHEAD_BYTES + c.req.op.sizeBytes, { ok: true, value: page.value });
      else refuse(c, page.error);
    };
    reader.read({ pg, keyIndex, readPoint: this.vdl, need }, order, (r) => {
      page = r;
      both();
    });
    if (fenced !== null) return;
    this.fence.confirm(pg, (r) => {
      if (r === 'deposed' && this.state !== 'stopped') this.parts.deposed();
      fenced = r;
      both();
    });
  }

  // ---- losing and regaining the write quorum -------------------------------------------------

  private armQuorumTimer(): void {
    if (this.quorumTimer >= 0 || this.head >= this.pending.length) return;
    this.quorumTimer = this.parts.node.setTimer(this.parts.opts.storageTimeoutUs, this.checkQuorum);
  }

  /**
   * Every `storage_timeout` while writes are pending: resend records to the segments that have
   * not acknowledged them (a lost message is lost for good), and give up on the volume when the
   * oldest record has been short of its quorum for `write_quorum_timeout`.
   */
  private readonly checkQuorum = (): void => {
    this.quorumTimer = -1;
    if (this.state !== 'open' || this.head >= this.pending.length) return;
    const { opts } = this.parts;
    const now = this.now;
    const p = this.pending[this.head];
    if (now - p.createdUs < opts.writeQuorumTimeoutUs) {
      for (let k = this.head; k < this.pending.length; k++) {
        const q = this.pending[k];
        if (now - q.createdUs >= opts.storageTimeoutUs) this.ship(q.rec, q.acked);
      }
      return this.armQuorumTimer();
    }
    this.parts.events(
      'quorum-lost',
      this.name,
      `pg-${p.rec.pg}: ${p.count} of ${COPIES} segments persisted LSN ${p.rec.lsn} within ${opts.writeQuorumTimeoutUs / 1000} ms; pending writes fail and the volume is recovered by read quorum`,
    );
    this.failPending('write-quorum-lost');
    this.recover(this.epoch + 1, this.vdl);
  };

  /** Fails every write not yet committed: it may or may not survive the recovery. */
  private failPending(error: string): void {
    for (let k = this.head; k < this.pending.length; k++) this.pending[k].call.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error, maybeApplied: true });
    this.pending = [];
    this.head = 0;
  }

  /** Crash recovery of the volume under a new epoch, from a point known durable. */
  recover(epoch: number, lowerBound: number): void {
    this.state = 'recovering';
    this.epoch = epoch;
    if (this.quorumTimer >= 0) this.parts.node.cancelTimer(this.quorumTimer);
    this.quorumTimer = -1;
    this.recovery = new VolumeRecovery(this.parts, this.parts.node, epoch, lowerBound, {
      done: (r) => this.recovered(r),
      unavailable: (pgs, answered) => {
        if (this.state !== 'recovering') return;
        this.state = 'unavailable';
        this.parts.events(
          'volume-unavailable',
          this.name,
          `${pgs.length} PGs below the read quorum of ${this.parts.opts.readQuorum} (pg-${pgs[0]}: ${answered[0]} of ${COPIES} segments answer); reads and writes wait`,
        );
      },
      stale: (e) => {
        if (e > this.epoch) this.parts.deposed();
      },
    });
    this.recovery.start();
  }

  private recovered(r: RecoveryResult): void {
    this.recovery = null;
    this.vdl = r.vdl;
    this.nextLsn = r.nextLsn;
    this.pgPrev.set(r.pgTails);
    this.pgCommitted.set(r.pgTails);
    r.views.forEach((v, i) => (this.segScl[i] = v === null ? 0 : Math.min(v.scl, r.pgTails[Math.floor(i / COPIES)])));
    this.health.afterRecovery(r.views);
    for (const pg of this.parts.volume.pgs) for (const m of pg.members) this.parts.network.send(this.parts.node, m.node, CONTROL_BYTES, m.onTruncate, pg.index);
    this.open('recovered');
  }

  /** Stops being the writer (a crash, or deposed): `reply` fails the pending writes if still alive. */
  stop(reply: boolean): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.recovery?.cancel();
    this.health.stop();
    this.fence.stop(reply);
    if (this.quorumTimer >= 0 && this.parts.node.isUp) this.parts.node.cancelTimer(this.quorumTimer);
    if (reply) this.failPending('deposed');
    else this.pending = [];
  }
}

function refuse(c: ClientCall, error: string): void {
  c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error, maybeApplied: false });
}
