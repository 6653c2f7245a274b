// What one RDS instance holds: its log (received change records, of which a prefix is durable)
// and the values its database shows (the log applied up to some LSN).
// Models: a crash loses the volatile tail (received but not persisted) and the applied state,
// which crash recovery rebuilds by replaying the durable log. Leaves out: pages and checkpoints
// as data structures (checkpoints only set how much redo recovery replays).

import { invariant } from '../../sim/invariant.ts';
import type { LogEntry } from './log-entry.ts';

export class InstanceData {
  /** Received change records; index i holds LSN i + 1. */
  log: LogEntry[] = [];
  /** Invariant: persistedLsn <= log.length (checked as each record is persisted). */
  persistedLsn = 0;
  /** Invariant: appliedLsn <= persistedLsn: only durable records are applied (checked per apply). */
  appliedLsn = 0;
  /** Value of each key as of appliedLsn (NaN = never written). */
  values: Float64Array;

  constructor(keyCount: number) {
    this.values = new Float64Array(keyCount).fill(NaN);
  }

  read(keyIndex: number): number | null {
    const v = this.values[keyIndex];
    return v === v ? v : null;
  }

  /** Applies the next record in LSN order. */
  applyNext(): LogEntry {
    if (this.appliedLsn >= this.persistedLsn) invariant(false, `rds: applying lsn ${this.appliedLsn + 1} beyond the persisted lsn ${this.persistedLsn}`);
    const e = this.log[this.appliedLsn];
    this.values[e.keyIndex] = e.value;
    this.appliedLsn++;
    return e;
  }

  /** Records that the log is durable up to `lsn` (the log device completes in order). */
  persistedUpTo(lsn: number): void {
    if (lsn > this.log.length) invariant(false, `rds: persisted lsn ${lsn} beyond the log's ${this.log.length} records`);
    this.persistedLsn = lsn;
  }

  /** Drops records above `lsn` (a diverged or volatile tail), rolling the values back with them. */
  truncate(lsn: number): void {
    if (lsn >= this.log.length) return;
    this.log.length = lsn;
    if (this.persistedLsn > lsn) this.persistedLsn = lsn;
    if (this.appliedLsn > lsn) this.replay(lsn);
  }

  /** Rebuilds the values by applying the log from the start up to `lsn`. */
  replay(lsn: number): void {
    this.values.fill(NaN);
    this.appliedLsn = 0;
    while (this.appliedLsn < lsn) this.applyNext();
  }

  /** A crash: only the durable prefix survives, and nothing is applied until recovery. */
  crash(): void {
    this.log.length = this.persistedLsn;
    this.values.fill(NaN);
    this.appliedLsn = 0;
  }

  /** Becomes a copy of another instance's state (a rebuild from a snapshot of it). */
  copyFrom(other: InstanceData): void {
    this.log = other.log.slice(0, other.persistedLsn);
    this.persistedLsn = this.log.length;
    this.values.fill(NaN);
    this.appliedLsn = 0;
    this.replay(this.log.length);
  }

  /** Bytes of redo written after `sinceUs` (what crash recovery must replay). */
  redoBytesSince(sinceUs: number): number {
    let bytes = 0;
    for (let i = this.persistedLsn - 1; i >= 0; i--) {
      const e = this.log[i];
      if (e.commitUs >= 0 && e.commitUs < sinceUs) break;
      bytes += e.bytes;
    }
    return bytes;
  }
}
