// A storage node: a simulated host holding segments of many protection groups. On the foreground
// path it only receives a redo batch (its service queue), persists it (its SSD, completions in
// order) and acknowledges with the segment's complete LSN; reads are served from a segment at the
// reader's read point. In the background a segment with a hole asks a peer segment of its PG for
// the missing records (gossip). It answers a recovery's query with what it holds, and refuses
// records from a writer epoch older than one it has seen (fencing a deposed writer), and tells a
// writer about to answer a read the highest epoch it has seen (read-fence.ts).
// Leaves out: coalescing into pages, S3 backup, scrubbing, and the cost of gossip on the SSD
// (records caught up from a peer are durable when they arrive).

import { call, type Call } from '../../sim/rpc.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import type { Endpoint } from '../../sim/endpoint.ts';
import type { Rng } from '../../sim/rng.ts';
import type { SimNode } from '../../sim/node.ts';
import { ACK_BYTES, batchBytes, CONTROL_BYTES, REQUEST_OVERHEAD_BYTES, type RedoRecord } from './redo.ts';
import { Segment, type CatchUp, type SegmentView } from './segment.ts';
import type { Volume } from './volume.ts';
import type { Network } from '../../sim/network.ts';
import type { AuroraOptions } from './options.ts';

export interface WriteBatch {
  epoch: number;
  pg: number;
  records: RedoRecord[];
  vdl: number;
  gcPoint: number;
}
export type WriteReply = { kind: 'ack'; from: StorageNode; pg: number; lsn: number; scl: number } | { kind: 'stale'; epoch: number } | { kind: 'not-member' };
export interface ReadRequest {
  pg: number;
  keyIndex: number;
  readPoint: number;
  /** The segment must hold every record of the PG through this LSN. */
  need: number;
}
export type ReadReply = { ok: true; value: number | null } | { ok: false; why: 'behind' | 'not-member' };
export type QueryReply = { ok: true; view: SegmentView } | { ok: false; epoch: number };

/** A segment's report that gossip advanced it, sent to the writer it last heard from. */
export interface StorageReport {
  from: StorageNode;
  to: Endpoint;
  pg: number;
  scl: number;
}

export interface StorageNodeParts {
  opts: Pick<AuroraOptions, 'storageService' | 'persistLatency' | 'gossipIntervalUs' | 'storageTimeoutUs'>;
  network: Network;
  now: () => number;
  rng: Rng;
  /** Runs at the writer's node when a report arrives there. */
  onReport: (m: StorageReport) => void;
}

export class StorageNode {
  /** This node's segments, by PG. */
  readonly segments = new Map<number, Segment>();
  readonly service: ServiceQueue;
  private readonly persistLatency: Sampler;
  private readonly rng: Rng;
  private lastPersistUs = 0;
  /** Segments with a catch-up request in flight or a retry armed. */
  private gossiping = new Set<number>();
  /** The writer each segment last heard from (where gossip progress is reported). */
  private reportTo = new Map<number, Endpoint>();

  private volume!: Volume<StorageNode>;
  private readonly opts: StorageNodeParts['opts'];
  private readonly network: Network;
  private readonly now: () => number;
  private readonly onReport: (m: StorageReport) => void;
  /** Told when this node's process dies (its repair copies in and out stop there). */
  private readonly crashWatchers: (() => void)[] = [];

  constructor(
    readonly node: SimNode,
    parts: StorageNodeParts,
  ) {
    const opts = (this.opts = parts.opts);
    this.network = parts.network;
    this.now = parts.now;
    this.onReport = parts.onReport;
    this.rng = parts.rng;
    this.service = new ServiceQueue(node, opts.storageService.workers, sampler(opts.storageService.time, this.rng));
    this.persistLatency = sampler(opts.persistLatency, this.rng);
    node.hooks = { onCrash: () => this.crashed(), onRestart: () => this.restarted() };
  }

  /** The volume whose segments this node holds (built once every storage node exists). */
  joinVolume(volume: Volume<StorageNode>): void {
    this.volume = volume;
  }

  get name(): string {
    return this.node.name;
  }

  /** This node's segment of `pg` if it is still a member of it, with every truncation applied. */
  private member(pg: number): Segment | null {
    const seg = this.segments.get(pg);
    if (seg === undefined || this.volume.pgs[pg].members.indexOf(this) < 0) return null;
    const truncations = this.volume.truncations;
    while (seg.truncationsSeen < truncations.length) seg.applyTruncation(truncations[seg.truncationsSeen]);
    return seg;
  }

  // ---- foreground: receive, persist, acknowledge --------------------------------------------

  readonly onWrite = (c: Call<WriteBatch, WriteReply>): void => this.service.submit(this.receive, c);

  private readonly receive = (c: Call<WriteBatch, WriteReply>): void => {
    const b = c.req;
    const seg = this.member(b.pg);
    if (seg === null) return c.respond(ACK_BYTES, { kind: 'not-member' });
    if (b.epoch < seg.epoch) return c.respond(ACK_BYTES, { kind: 'stale', epoch: seg.epoch });
    seg.epoch = b.epoch;
    this.reportTo.set(b.pg, c.caller);
    // Invariant: the SSD completes writes in order, so what is persisted is a prefix of what arrived.
    const now = this.now();
    let t = now + Math.round(this.persistLatency());
    if (t < this.lastPersistUs) t = this.lastPersistUs;
    this.lastPersistUs = t;
    this.node.defer(t - now, this.persisted, c);
  };

  private readonly persisted = (c: Call<WriteBatch, WriteReply>): void => {
    const b = c.req;
    const seg = this.member(b.pg);
    if (seg === null) return c.respond(ACK_BYTES, { kind: 'not-member' });
    // A recovery may have truncated while this was on the SSD: voided records are dropped.
    const volume = this.volume;
    for (const r of b.records) {
      if (volume.isTruncated(r.lsn)) continue;
      if (seg.add(r)) volume.stored(r);
    }
    seg.announce(b.vdl, b.gcPoint);
    c.respond(ACK_BYTES, { kind: 'ack', from: this, pg: b.pg, lsn: b.records[b.records.length - 1].lsn, scl: seg.scl });
    if (seg.hasHole()) this.gossipSoon(b.pg);
  };

  readonly onRead = (c: Call<ReadRequest, ReadReply>): void => this.service.submit(this.serveRead, c);

  private readonly serveRead = (c: Call<ReadRequest, ReadReply>): void => {
    const r = c.req;
    const seg = this.member(r.pg);
    if (seg === null) return c.respond(CONTROL_BYTES, { ok: false, why: 'not-member' });
    if (seg.scl < r.need) {
      if (r.need > seg.wantLsn) seg.wantLsn = r.need;
      this.gossipSoon(r.pg);
      return c.respond(CONTROL_BYTES, { ok: false, why: 'behind' });
    }
    const rec = seg.read(r.keyIndex, r.readPoint);
    c.respond(REQUEST_OVERHEAD_BYTES + (rec === null ? 0 : rec.bytes), { ok: true, value: rec === null ? null : rec.value });
  };

  // ---- recovery and probes ----------------------------------------------------------------

  /** A recovery's query: adopt its epoch (fencing older writers) and say what this segment holds. */
  readonly onQuery = (c: Call<{ pg: number; epoch: number }, QueryReply>): void => {
    const seg = this.member(c.req.pg);
    if (seg === null) return; // not a member any more: silence, as from a dead node
    if (c.req.epoch < seg.epoch) return c.respond(CONTROL_BYTES, { ok: false, epoch: seg.epoch });
    seg.epoch = c.req.epoch;
    this.reportTo.set(c.req.pg, c.caller);
    const view = seg.view();
    c.respond(CONTROL_BYTES + 8 * view.lsns.length, { ok: true, view });
  };

  /** After a recovery decided its truncation: apply it, and fill any hole it reveals. */
  readonly onTruncate = (pg: number): void => {
    const seg = this.member(pg);
    if (seg !== null && seg.hasHole()) this.gossipSoon(pg);
  };

  /** A writer's check before it answers a read: the highest writer epoch this segment has seen (-1: not a member). */
  readonly onEpochCheck = (c: Call<number, number>): void => {
    const seg = this.member(c.req);
    c.respond(CONTROL_BYTES, seg === null ? -1 : seg.epoch);
  };

  /** A liveness probe: a health check (PG -1), or the writer's probe of one segment (answers its SCL). */
  readonly onPing = (c: Call<number, number>): void => {
    if (c.req < 0) return c.respond(CONTROL_BYTES, 0); // a health check: the node is up
    const seg = this.member(c.req);
    c.respond(CONTROL_BYTES, seg === null ? -1 : seg.scl);
  };

  // ---- background: gossip -------------------------------------------------------------------

  /**
   * A hole may be a record still on its way (workers finish out of order): look again after
   * `gossip_interval`, and only then ask a peer.
   */
  private gossipSoon(pg: number): void {
    if (this.gossiping.has(pg) || !this.node.isUp) return;
    this.gossiping.add(pg);
    this.node.setTimer(this.opts.gossipIntervalUs, () => {
      this.gossiping.delete(pg);
      this.gossip(pg);
    });
  }

  /** Asks a peer segment for what this one misses (one request at a time per segment). */
  gossip(pg: number): void {
    if (this.gossiping.has(pg) || !this.node.isUp) return;
    const seg = this.member(pg);
    if (seg === null || !seg.hasHole()) return;
    const peers = this.volume.pgs[pg].members.filter((m) => m !== this);
    const peer = peers[this.rng.int(peers.length)];
    this.gossiping.add(pg);
    let answered = false;
    const retry = () => {
      this.gossiping.delete(pg);
      this.gossip(pg);
    };
    call<{ pg: number; fromLsn: number }, CatchUp | null>(this.network, this.node, peer.node, CONTROL_BYTES, peer.onCatchUpRequest, { pg, fromLsn: seg.scl }, (reply) => {
      if (answered) return;
      answered = true;
      if (reply !== null) this.caughtUp(pg, reply);
      if (this.member(pg)?.hasHole()) this.node.setTimer(this.opts.gossipIntervalUs, retry);
      else this.gossiping.delete(pg);
    });
    this.node.setTimer(this.opts.storageTimeoutUs, () => {
      if (answered) return;
      answered = true;
      this.node.setTimer(this.opts.gossipIntervalUs, retry);
    });
  }

  readonly onCatchUpRequest = (c: Call<{ pg: number; fromLsn: number }, CatchUp | null>): void => {
    const seg = this.member(c.req.pg);
    if (seg === null || seg.scl <= c.req.fromLsn) return c.respond(CONTROL_BYTES, null);
    const up = seg.catchUpFrom(c.req.fromLsn);
    c.respond(batchBytes(up.records), up);
  };

  private caughtUp(pg: number, up: CatchUp): void {
    const seg = this.member(pg);
    if (seg === null) return;
    const volume = this.volume;
    const before = seg.scl;
    seg.catchUp(up, (lsn) => volume.isTruncated(lsn));
    for (const r of up.records) if (r.lsn > before && r.lsn <= seg.scl && !r.truncated) volume.stored(r);
    const writer = this.reportTo.get(pg);
    if (writer !== undefined && seg.scl > before) {
      this.network.send(this.node, writer, ACK_BYTES, this.onReport, { from: this, to: writer, pg, scl: seg.scl });
    }
  }

  // ---- repair and lifecycle ---------------------------------------------------------------

  /** Becomes the new home of a PG's segment, copied from a peer (a repair). */
  adopt(pg: number, from: Segment): Segment {
    const seg = new Segment(pg, this.volume.pgs[pg].versions);
    seg.copyFrom(from);
    this.segments.set(pg, seg);
    return seg;
  }

  /** Runs `fn` whenever this node crashes: the links' view of what still streams (repair-transfer.ts). */
  onCrashed(fn: () => void): void {
    this.crashWatchers.push(fn);
  }

  private crashed(): void {
    this.service.reset();
    this.gossiping.clear();
    for (const fn of this.crashWatchers) fn();
  }

  private restarted(): void {
    // Segments repaired elsewhere while this node was down are no longer this node's.
    for (const pg of [...this.segments.keys()]) if (this.member(pg) === null) this.segments.delete(pg);
    this.lastPersistUs = 0;
  }
}
