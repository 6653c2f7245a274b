// The shared storage volume: a concatenation of protection groups (PGs), each of 6 segments, 2 in
// each of 3 AZs, on 6 distinct storage nodes (a node holds segments of many PGs). A key belongs to
// one PG by a stable hash of its name. The volume's metadata, kept by the storage control plane,
// is which node holds each segment (it changes when a failed node's segments are repaired
// elsewhere) and the truncation ranges recoveries decided. It also keeps, per PG, the log as
// stored (every record some segment persisted, in that order) from which the surviving history
// of each key is read at the end of a run.
// A long run keeps only a window of that log: once the durable point (VDL) passes a record it is
// reported durable (EngineContext.valueDurable) and leaves the history, as do truncated records,
// so the history holds what is above the durable point (records in flight, or stored and not yet
// committed). A record below the durable point can never be voided: a recovery truncates only
// above the point it recovers to, which is never below a durable point a writer reached (checked).
// The lost-write count looks only at values not reported durable, so the surviving values of the
// trimmed records are not needed. The version index (version-index.ts) is bounded: per key, the
// versions above the GC point and the newest one at or below it; the versions it coalesces away
// are reported unreadable.
// Leaves out: volume growth (PGs are all there from the start) and the S3 backup process itself.

import { invariant } from '../../sim/invariant.ts';
import { keyName } from '../../sim/key-chooser.ts';
import { COPIES } from './options.ts';
import type { LsnRange } from './quorum.ts';
import type { RedoRecord } from './redo.ts';
import type { SimNode } from '../../sim/node.ts';
import { VersionIndex } from './version-index.ts';

/** A recovery's truncation: LSNs in (afterLsn, endLsn] are void; pgTails[p] is PG p's last record at or below afterLsn. */
export interface Truncation extends LsnRange {
  readonly epoch: number;
  readonly pgTails: readonly number[];
}

/** What the volume needs of a storage node: where it is (the storage node itself owns its segments). */
export interface VolumeMember {
  readonly node: SimNode;
}

export class ProtectionGroup<M extends VolumeMember = VolumeMember> {
  /** The node holding each segment: slots 2a and 2a+1 are in the volume's AZ a. */
  readonly members: M[];
  /** Every record some segment of this PG persisted, in the order they were first stored. */
  history: RedoRecord[] = [];
  /** History length after the last trim (a trim waits until the history grew past it). */
  trimmedLength = 0;
  /** The values of its keys, by version (what its segments serve reads from). */
  readonly versions: VersionIndex;

  constructor(
    readonly index: number,
    members: M[],
    unreadable: ((value: number) => void) | null = null,
  ) {
    this.members = members;
    this.versions = new VersionIndex(unreadable);
  }

  slotOf(node: M): number {
    return this.members.indexOf(node);
  }
}

/** FNV-1a, 32 bits: a stable hash of a key's name. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The two nodes (indexes within the AZ's nodes) holding PG `pg`'s segments in volume AZ `az`. */
export function placement(pg: number, az: number, nodesPerAz: number): [number, number] {
  const a = (2 * pg + az) % nodesPerAz;
  return [a, (a + 1) % nodesPerAz];
}

/**
 * Records a PG's history gathers past its last trim before the next: fewer passes over the
 * window (amortised O(1) a record). Outputs do not depend on it; tests make it small.
 */
export const historyTrimTuning = { minRecords: 1024, /** Records dropped so far, over every volume (tests read it). */ droppedRecords: 0 };

export class Volume<M extends VolumeMember = VolumeMember> {
  readonly pgs: ProtectionGroup<M>[] = [];
  readonly truncations: Truncation[] = [];
  private readonly pgOfKey: Int32Array;
  /** The highest durable point any writer reached: every record at or below it is committed for good. */
  private durableLsn = 0;

  constructor(
    keyCount: number,
    pgCount: number,
    /** Storage nodes of each volume AZ, in order. */
    readonly nodesByAz: readonly M[][],
    /** The write of `value` can no longer be lost (the measurement forgets its times); null keeps every record. */
    private readonly durable: ((value: number) => void) | null = null,
    /** No read can return `value` any more (a newer committed version of its key is below every read point). */
    unreadable: ((value: number) => void) | null = null,
  ) {
    this.pgOfKey = new Int32Array(keyCount);
    for (let k = 0; k < keyCount; k++) this.pgOfKey[k] = stableHash(keyName(k)) % pgCount;
    for (let p = 0; p < pgCount; p++) {
      const members: M[] = [];
      nodesByAz.forEach((nodes, az) => {
        for (const i of placement(p, az, nodes.length)) members.push(nodes[i]);
      });
      this.pgs.push(new ProtectionGroup(p, members, unreadable));
    }
    this.checkPlacement();
  }

  pgOf(keyIndex: number): number {
    return this.pgOfKey[keyIndex];
  }

  /** The volume AZ (0, 1, 2) of a slot. */
  static azOfSlot(slot: number): number {
    return slot >> 1;
  }

  /** Invariant: every PG has 6 segments, exactly 2 per AZ, on 6 distinct nodes. */
  checkPlacement(): void {
    for (const pg of this.pgs) {
      invariant(pg.members.length === COPIES, `pg-${pg.index} has ${pg.members.length} segments`);
      invariant(new Set(pg.members).size === COPIES, `pg-${pg.index} has two segments on one node`);
      pg.members.forEach((n, slot) => invariant(n.node.az === this.nodesByAz[Volume.azOfSlot(slot)][0].node.az, `pg-${pg.index} slot ${slot} is on ${n.node.name} in the wrong AZ`));
    }
  }

  /** Moves a segment to another node of the same AZ (a repair). */
  moveSegment(pg: number, slot: number, to: M): void {
    this.pgs[pg].members[slot] = to;
    this.checkPlacement();
  }

  /** A segment persisted `rec`: the first time, it joins the PG's stored log. */
  stored(rec: RedoRecord): void {
    if (rec.stored || rec.truncated) return;
    rec.stored = true;
    const pg = this.pgs[rec.pg];
    pg.history.push(rec);
    pg.versions.add(rec);
  }

  /** A writer's durable point reached `vdl`: the stored records at or below it are durable for good. */
  committed(vdl: number): void {
    if (vdl <= this.durableLsn) return;
    this.durableLsn = vdl;
    if (this.durable === null) return;
    for (const pg of this.pgs) if (pg.history.length - pg.trimmedLength >= historyTrimTuning.minRecords) this.trim(pg);
  }

  /** Drops from a PG's history the records reported durable now and the truncated ones. */
  private trim(pg: ProtectionGroup<M>): void {
    const to = this.durableLsn;
    const report = this.durable!;
    const kept: RedoRecord[] = [];
    for (const r of pg.history) {
      if (r.truncated) continue;
      if (r.lsn <= to) report(r.value);
      else kept.push(r);
    }
    historyTrimTuning.droppedRecords += pg.history.length - kept.length;
    pg.history = kept;
    pg.trimmedLength = kept.length;
  }

  isTruncated(lsn: number): boolean {
    const t = this.truncations;
    for (let i = t.length - 1; i >= 0; i--) if (lsn > t[i].afterLsn && lsn <= t[i].endLsn) return true;
    return false;
  }

  /** Records a recovery's truncation: the voided records leave the stored log's history. */
  truncate(t: Truncation): void {
    // Invariant: no recovery voids a record some writer's durable point passed (it was acknowledged,
    // and may have been reported durable to the measurement).
    if (t.afterLsn < this.durableLsn) invariant(false, `aurora: a recovery to LSN ${t.afterLsn} truncates below the durable point ${this.durableLsn} a writer reached`);
    this.truncations.push(t);
    // Records are stored roughly in LSN order, but gossip can store an older one late: scan all.
    for (const pg of this.pgs) {
      for (const r of pg.history) {
        if (r.lsn <= t.afterLsn || r.lsn > t.endLsn || r.truncated) continue;
        r.truncated = true;
        pg.versions.drop(r);
      }
    }
  }

  /** The values each key held in the surviving log (stored, not truncated), in LSN order. */
  survivingValues(): Map<number, number[]> {
    const records: RedoRecord[] = [];
    for (const pg of this.pgs) for (const r of pg.history) if (!r.truncated) records.push(r);
    records.sort((a, b) => a.lsn - b.lsn);
    const out = new Map<number, number[]>();
    for (const r of records) {
      let list = out.get(r.keyIndex);
      if (list === undefined) out.set(r.keyIndex, (list = []));
      list.push(r.value);
    }
    return out;
  }
}
