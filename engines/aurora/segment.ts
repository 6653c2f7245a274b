// One segment: a storage node's copy of one protection group. It holds the PG's redo records
// linked by their backlinks into a chain; its segment complete LSN (SCL) is the highest LSN
// through which it holds every record of the PG. A record whose backlink points above the SCL
// waits (a hole) until gossip with a peer segment fills the gap. Reads are served at a read point
// from per-key versions; versions at or below the GC point (the lowest read point of the writer
// and the replicas) are coalesced to the newest one. A recovery's truncation voids a range of LSNs.
// Leaves out: pages and their coalescing cost, checksums and scrubbing, and the S3 backup.

import { invariant } from '../../sim/invariant.ts';
import type { RedoRecord } from './redo.ts';
import type { VersionIndex } from './version-index.ts';
import type { Truncation } from './volume.ts';

/** What a segment tells a recovery: enough for the writer to find the durable point. */
export interface SegmentView {
  scl: number;
  knownVdl: number;
  /** LSNs held above knownVdl (in the chain or waiting above a hole). */
  lsns: number[];
  /** Highest LSN held at or below knownVdl. */
  below: number;
}

/** Records a peer sends to fill a hole: all it holds after `fromLsn` (coalesced below its floor). */
export interface CatchUp {
  records: RedoRecord[];
  scl: number;
  floor: number;
  floorRecord: number;
}

export class Segment {
  /** Segment complete LSN. */
  scl = 0;
  /** Highest writer epoch seen; records of older epochs are refused. */
  epoch = 0;
  /** The durable point the writer last announced. */
  knownVdl = 0;
  /** Versions at or below this may be coalesced (the writer announces it). */
  gcPoint = 0;
  /** Chain records at or below this have been dropped from `chain` (their versions stay coalesced). */
  floor = 0;
  /** Highest LSN of a chain record at or below `floor`. */
  floorRecord = 0;
  /** How many of the volume's truncations this segment applied. */
  truncationsSeen = 0;
  /** The segment must reach this LSN to be complete (a backlink or a truncation told it so). */
  wantLsn = 0;
  /** Chain records above `floor`, ascending. */
  private chain: RedoRecord[] = [];
  private chainHead = 0;
  /** Records above a hole, by backlink. */
  private pending = new Map<number, RedoRecord>();

  constructor(
    readonly pg: number,
    private readonly index: VersionIndex,
  ) {}

  hasHole(): boolean {
    return this.wantLsn > this.scl;
  }

  /** Adds a persisted record of this PG. Returns false if it was already held. */
  add(rec: RedoRecord): boolean {
    if (rec.lsn <= this.scl) return false;
    const waiting = this.pending.get(rec.prevLsn);
    if (waiting !== undefined) return false;
    rec.copies++;
    if (rec.prevLsn === this.scl) {
      this.link(rec);
      this.drain();
    } else {
      // Invariant: a backlink below the SCL would mean the chain diverged from the writer's, which
      // applying every truncation before accepting records rules out.
      if (!(rec.prevLsn > this.scl)) invariant(false, `pg-${this.pg}: record ${rec.lsn} links to ${rec.prevLsn} below SCL ${this.scl}`);
      this.pending.set(rec.prevLsn, rec);
      if (rec.prevLsn > this.wantLsn) this.wantLsn = rec.prevLsn;
    }
    return true;
  }

  private link(rec: RedoRecord): void {
    this.chain.push(rec);
    this.scl = rec.lsn;
  }

  private drain(): void {
    for (let next = this.pending.get(this.scl); next !== undefined; next = this.pending.get(this.scl)) {
      this.pending.delete(this.scl);
      this.link(next);
    }
  }

  /** The writer's announcements: its durable point and GC point. Drops chain records below both. */
  announce(vdl: number, gcPoint: number): void {
    if (vdl > this.knownVdl) this.knownVdl = vdl;
    if (gcPoint > this.gcPoint) this.gcPoint = gcPoint;
    if (this.gcPoint > this.index.gcPoint) this.index.gcPoint = this.gcPoint;
    const limit = Math.min(this.gcPoint, this.scl);
    const chain = this.chain;
    while (this.chainHead < chain.length && chain[this.chainHead].lsn <= limit) this.floorRecord = chain[this.chainHead++].lsn;
    if (limit > this.floor) this.floor = limit;
    if (this.chainHead > 1024 && this.chainHead * 2 > chain.length) {
      this.chain = chain.slice(this.chainHead);
      this.chainHead = 0;
    }
  }

  /** The record holding a key's value as of `readPoint` (never below the GC point), or null if never written. */
  read(keyIndex: number, readPoint: number): RedoRecord | null {
    return this.index.read(keyIndex, Math.min(readPoint, this.scl));
  }

  view(): SegmentView {
    const lsns: number[] = [];
    let below = this.floorRecord;
    for (let i = this.chainHead; i < this.chain.length; i++) {
      const l = this.chain[i].lsn;
      if (l > this.knownVdl) lsns.push(l);
      else below = l;
    }
    for (const r of this.pending.values()) {
      if (r.lsn > this.knownVdl) lsns.push(r.lsn);
      else if (r.lsn > below) below = r.lsn;
    }
    return { scl: this.scl, knownVdl: this.knownVdl, lsns, below };
  }

  /** Applies a recovery's truncation: records in its range are void; the SCL falls back below it. */
  applyTruncation(t: Truncation): void {
    const inRange = (r: RedoRecord) => r.lsn > t.afterLsn && r.lsn <= t.endLsn;
    if (this.epoch < t.epoch) this.epoch = t.epoch;
    for (const [prev, r] of [...this.pending]) if (inRange(r)) this.pending.delete(prev);
    const kept: RedoRecord[] = [];
    for (let i = this.chainHead; i < this.chain.length; i++) if (!inRange(this.chain[i])) kept.push(this.chain[i]);
    this.chain = kept;
    this.chainHead = 0;
    if (this.scl > t.afterLsn && this.scl <= t.endLsn) this.scl = kept.length > 0 ? kept[kept.length - 1].lsn : this.floorRecord;
    this.wantLsn = Math.max(Math.min(this.wantLsn, t.afterLsn), t.pgTails[this.pg]);
    this.truncationsSeen++;
    this.drain();
  }

  /** Records a peer missing everything after `fromLsn` needs from this segment. */
  catchUpFrom(fromLsn: number): CatchUp {
    const records: RedoRecord[] = [];
    if (fromLsn >= this.floor) {
      for (let i = this.chainHead; i < this.chain.length; i++) if (this.chain[i].lsn > fromLsn) records.push(this.chain[i]);
    } else {
      // The peer is behind our floor: send every version it lacks (older ones are coalesced away).
      records.push(...this.index.since(fromLsn, this.scl));
    }
    return { records, scl: this.scl, floor: this.floor, floorRecord: this.floorRecord };
  }

  /** Takes a peer's records: afterwards this segment is complete through the peer's SCL. */
  catchUp(c: CatchUp, isTruncated: (lsn: number) => boolean): void {
    if (c.scl <= this.scl) return;
    for (const r of c.records) {
      if (r.lsn <= this.scl || isTruncated(r.lsn)) continue;
      if (this.pending.get(r.prevLsn) !== r) r.copies++;
      this.pending.delete(r.prevLsn);
      this.chain.push(r);
    }
    this.scl = c.scl;
    if (c.floor > this.floor) {
      this.floor = c.floor;
      this.floorRecord = Math.max(this.floorRecord, c.floorRecord);
    }
    if (c.floor > this.gcPoint) this.gcPoint = c.floor;
    // Drop what the peer's records made redundant, and anything left below the floor.
    for (const [prev, r] of [...this.pending]) if (r.lsn <= this.scl) this.pending.delete(prev);
    this.announce(0, 0);
    this.drain();
  }

  /** Copies another segment's whole state (a repair). */
  copyFrom(src: Segment): void {
    this.epoch = src.epoch;
    this.knownVdl = src.knownVdl;
    this.truncationsSeen = src.truncationsSeen;
    this.wantLsn = src.scl;
    this.catchUp(src.catchUpFrom(0), () => false);
  }
}
