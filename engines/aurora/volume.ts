// The shared storage volume: a concatenation of protection groups (PGs), each of 6 segments, 2 in
// each of 3 AZs, on 6 distinct storage nodes (a node holds segments of many PGs). A key belongs to
// one PG by a stable hash of its name. The volume's metadata, kept by the storage control plane,
// is which node holds each segment (it changes when a failed node's segments are repaired
// elsewhere) and the truncation ranges recoveries decided. It also keeps, per PG, the log as
// stored (every record some segment persisted, in that order) from which the surviving history
// of each key is read at the end of a run.
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
  readonly history: RedoRecord[] = [];
  /** The values of its keys, by version (what its segments serve reads from). */
  readonly versions = new VersionIndex();

  constructor(
    readonly index: number,
    members: M[],
  ) {
    this.members = members;
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

export class Volume<M extends VolumeMember = VolumeMember> {
  readonly pgs: ProtectionGroup<M>[] = [];
  readonly truncations: Truncation[] = [];
  private readonly pgOfKey: Int32Array;

  constructor(
    keyCount: number,
    pgCount: number,
    /** Storage nodes of each volume AZ, in order. */
    readonly nodesByAz: readonly M[][],
  ) {
    this.pgOfKey = new Int32Array(keyCount);
    for (let k = 0; k < keyCount; k++) this.pgOfKey[k] = stableHash(keyName(k)) % pgCount;
    for (let p = 0; p < pgCount; p++) {
      const members: M[] = [];
      nodesByAz.forEach((nodes, az) => {
        for (const i of placement(p, az, nodes.length)) members.push(nodes[i]);
      });
      this.pgs.push(new ProtectionGroup(p, members));
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

  isTruncated(lsn: number): boolean {
    const t = this.truncations;
    for (let i = t.length - 1; i >= 0; i--) if (lsn > t[i].afterLsn && lsn <= t[i].endLsn) return true;
    return false;
  }

  /** Records a recovery's truncation: the voided records leave the stored log's history. */
  truncate(t: Truncation): void {
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
