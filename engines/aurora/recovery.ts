// Crash recovery of the volume by read quorum (REFERENCE-FIGURES.md A10, A12, A16): the
// recovering writer asks every segment of every PG what it holds, under its new epoch (which
// fences any older writer: a segment refuses records of an older epoch from then on). Once every
// PG has answered with a read quorum (waiting up to `storage_timeout` for the rest), it computes:
//   the complete point VCL: from the highest durable point any segment was told, the highest
//     LSN below which every record is held by some answering segment (or was truncated before);
//   the durable point VDL: the highest consistency point at or below the VCL;
//   each PG's last record at or below the VDL (where the PG's backlinks resume).
// Everything in (VDL, VDL + LAL] is truncated: no writer can have allocated beyond it, so a late
// record of the old epoch can never resurface. Any write quorum meets any read quorum
// (Vr + Vw > V), so every acknowledged record is found and kept.
// A PG that cannot muster a read quorum leaves the volume unavailable: the query is resent to
// the silent segments every `storage_timeout` until it can.
// Leaves out: undo of uncommitted transactions (every write is its own transaction), and
// re-replicating records found only on some segments to a full write quorum before opening
// (gossip spreads them afterwards).

import { call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import { COPIES } from './options.ts';
import { completePoint, durablePoint } from './quorum.ts';
import { CONTROL_BYTES } from './redo.ts';
import type { SegmentView } from './segment.ts';
import type { QueryReply, StorageNode } from './storage-node.ts';
import type { Volume } from './volume.ts';
import type { Network } from '../../sim/network.ts';
import type { AuroraOptions } from './options.ts';

export interface RecoveryParts {
  opts: Pick<AuroraOptions, 'storageTimeoutUs' | 'readQuorum' | 'lsnAllocationLimit'>;
  network: Network;
  volume: Volume<StorageNode>;
}

export interface RecoveryResult {
  vdl: number;
  /** The first LSN the writer may allocate. */
  nextLsn: number;
  pgTails: number[];
  /** What each segment said (pg * 6 + slot), or null if it did not answer. */
  views: (SegmentView | null)[];
}

export interface RecoveryListener {
  done(r: RecoveryResult): void;
  /** Some PGs lack a read quorum: the volume can serve nothing until they have one. */
  unavailable(pgs: number[], answered: number[]): void;
  /** A segment has seen a newer epoch: another writer took over. */
  stale(epoch: number): void;
}

export class VolumeRecovery {
  private readonly views: (SegmentView | null)[];
  private readonly answered: number[];
  private answers = 0;
  private finished = false;
  private timer = -1;

  constructor(
    private readonly parts: RecoveryParts,
    private readonly node: SimNode,
    private readonly epoch: number,
    /** A point already known durable (the recovering instance's last VDL). */
    private readonly lowerBound: number,
    private readonly listener: RecoveryListener,
  ) {
    const pgs = parts.volume.pgs.length;
    this.views = new Array(pgs * COPIES).fill(null);
    this.answered = new Array(pgs).fill(0);
  }

  start(): void {
    this.queryMissing();
  }

  cancel(): void {
    this.finished = true;
    if (this.timer >= 0) this.node.cancelTimer(this.timer);
  }

  private queryMissing(): void {
    const { volume, network } = this.parts;
    for (const pg of volume.pgs) {
      pg.members.forEach((member, slot) => {
        if (this.views[pg.index * COPIES + slot] !== null) return;
        call<{ pg: number; epoch: number }, QueryReply>(network, this.node, member.node, CONTROL_BYTES, member.onQuery, { pg: pg.index, epoch: this.epoch }, (r) => this.answer(pg.index, member, r));
      });
    }
    this.timer = this.node.setTimer(this.parts.opts.storageTimeoutUs, this.tick);
  }

  private answer(pg: number, member: StorageNode, r: QueryReply): void {
    if (this.finished) return;
    if (!r.ok) {
      if (r.epoch > this.epoch) {
        this.cancel();
        this.listener.stale(r.epoch);
      }
      return;
    }
    const slot = this.parts.volume.pgs[pg].slotOf(member);
    if (slot < 0 || this.views[pg * COPIES + slot] !== null) return;
    this.views[pg * COPIES + slot] = r.view;
    this.answered[pg]++;
    if (++this.answers === this.views.length) this.finish();
  }

  private readonly tick = (): void => {
    this.timer = -1;
    if (this.finished) return;
    const short: number[] = [];
    this.answered.forEach((n, pg) => {
      if (n < this.parts.opts.readQuorum) short.push(pg);
    });
    if (short.length === 0) return this.finish();
    this.listener.unavailable(short, short.map((pg) => this.answered[pg]));
    this.queryMissing();
  };

  private finish(): void {
    this.cancel();
    const { volume, opts } = this.parts;
    let start = this.lowerBound;
    for (const v of this.views) if (v !== null && v.knownVdl > start) start = v.knownVdl;
    const present = new Set<number>();
    for (const v of this.views) if (v !== null) for (const l of v.lsns) if (l > start) present.add(l);
    const vcl = completePoint(start, present, volume.truncations);
    // Every record is a whole mini-transaction here, so every present LSN is a consistency point.
    const vdl = durablePoint(vcl, present, start);
    const pgTails = volume.pgs.map((pg) => {
      let tail = 0;
      for (let slot = 0; slot < COPIES; slot++) {
        const v = this.views[pg.index * COPIES + slot];
        if (v === null) continue;
        if (v.below > tail) tail = v.below;
        for (const l of v.lsns) if (l <= vdl && l > tail) tail = l;
      }
      return tail;
    });
    // No writer allocated more than LAL above its durable point or the last truncated range.
    const last = volume.truncations[volume.truncations.length - 1];
    const endLsn = Math.max(vdl, last?.endLsn ?? 0) + opts.lsnAllocationLimit;
    volume.truncate({ afterLsn: vdl, endLsn, epoch: this.epoch, pgTails });
    this.listener.done({ vdl, nextLsn: endLsn + 1, pgTails, views: this.views });
  }
}
