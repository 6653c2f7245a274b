// The values of a protection group's keys, by version: each stored redo record, indexed once per PG.
// Every segment complete through an LSN holds exactly the PG's records at or below it, so a segment
// serves a read at a point it is complete through by looking the value up here; the segment's own
// state (its SCL, its chain) decides whether it may answer. Versions at or below the GC point (the
// lowest read point of the writer and the replicas) are coalesced to the newest one.
// A version coalesced away can never be read again: every read looks up at least the GC point, where
// a newer version of its key is (committed, so no recovery voids it). Its value is reported
// unreadable then (EngineContext.valueUnreadable; the measurement keeps it for the reads in flight).
// Invariant: the GC point only rises, and never above a durable point a writer reached.
// Leaves out: pages (a key's value is its own page).

import type { RedoRecord } from './redo.ts';

export class VersionIndex {
  /** Per key, its stored versions in LSN order (a single record when it has one). */
  private readonly versions = new Map<number, RedoRecord | RedoRecord[]>();
  /** Versions at or below this may be coalesced. */
  gcPoint = 0;

  constructor(
    /** A version was coalesced away: no read can return its value from now on (null: not told). */
    private readonly unreadable: ((value: number) => void) | null = null,
  ) {}

  add(rec: RedoRecord): void {
    const v = this.versions.get(rec.keyIndex);
    if (v === undefined) return void this.versions.set(rec.keyIndex, rec);
    if (!Array.isArray(v)) {
      const vs = v.lsn < rec.lsn ? [v, rec] : [rec, v];
      this.versions.set(rec.keyIndex, vs);
      return this.coalesce(rec.keyIndex, vs);
    }
    let i = v.length;
    while (i > 0 && v[i - 1].lsn > rec.lsn) i--;
    v.splice(i, 0, rec);
    this.coalesce(rec.keyIndex, v);
  }

  private coalesce(key: number, vs: RedoRecord[]): void {
    let drop = 0;
    while (drop + 1 < vs.length && vs[drop + 1].lsn <= this.gcPoint) drop++;
    if (drop > 0) {
      if (this.unreadable !== null) for (let i = 0; i < drop; i++) this.unreadable(vs[i].value);
      vs.splice(0, drop);
    }
    if (vs.length === 1) this.versions.set(key, vs[0]);
  }

  /** A recovery voided this record. */
  drop(rec: RedoRecord): void {
    const v = this.versions.get(rec.keyIndex);
    if (v === rec) this.versions.delete(rec.keyIndex);
    else if (Array.isArray(v)) {
      const i = v.indexOf(rec);
      if (i >= 0) v.splice(i, 1);
      if (v.length === 1) this.versions.set(rec.keyIndex, v[0]);
    }
  }

  /** The record holding a key's value as of `at` (never below the GC point), or null. */
  read(keyIndex: number, at: number): RedoRecord | null {
    const v = this.versions.get(keyIndex);
    if (v === undefined) return null;
    const point = Math.max(at, this.gcPoint);
    if (!Array.isArray(v)) return v.lsn <= point ? v : null;
    for (let i = v.length - 1; i >= 0; i--) if (v[i].lsn <= point) return v[i];
    return null;
  }

  /** Records a segment behind `fromLsn` needs, up to `upTo`: the newest version at or below the GC point and all after. */
  since(fromLsn: number, upTo: number): RedoRecord[] {
    const out: RedoRecord[] = [];
    for (const v of this.versions.values()) {
      if (!Array.isArray(v)) {
        if (v.lsn > fromLsn && v.lsn <= upTo) out.push(v);
        continue;
      }
      let i = 0;
      while (i + 1 < v.length && v[i + 1].lsn <= this.gcPoint) i++;
      for (; i < v.length; i++) if (v[i].lsn > fromLsn && v[i].lsn <= upTo) out.push(v[i]);
    }
    return out.sort((a, b) => a.lsn - b.lsn);
  }
}
