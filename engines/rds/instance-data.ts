// What one RDS instance holds: its log (received change records, of which a prefix is durable)
// and the values its database shows (the log applied up to some LSN).
// Models: a crash loses the volatile tail (received but not persisted) and the applied state,
// which crash recovery rebuilds by replaying the durable log from the log checkpoint
// (log-checkpoint.ts: records below it are dropped from every log, their effect kept in one
// snapshot). Leaves out: pages as data structures (checkpoints only set how much redo recovery
// replays and how much log is held).

import { invariant } from '../../sim/invariant.ts';
import type { LogEntry } from './log-entry.ts';

/** A run of a log's records created by one stream, from `fromLsn` up to the next run's start. */
export interface OriginRun {
  origin: number;
  fromLsn: number;
}
import { LogCheckpoint, type CheckpointedLog } from './log-checkpoint.ts';

export class InstanceData implements CheckpointedLog {
  /** Received change records above the checkpoint; index i holds LSN checkpoint.base + i + 1. */
  private records: LogEntry[] = [];
  /** Invariant: checkpoint.base <= persistedLsn <= lastLsn (checked as each record is persisted). */
  persistedLsn = 0;
  /** Invariant: checkpoint.base <= appliedLsn <= persistedLsn: only durable records are applied (checked per apply). */
  appliedLsn = 0;
  /** Value of each key as of appliedLsn (NaN = never written). */
  values: Float64Array;
  readonly checkpoint: LogCheckpoint;

  constructor(keyCount: number, checkpoint?: LogCheckpoint) {
    this.values = new Float64Array(keyCount).fill(NaN);
    this.checkpoint = checkpoint ?? new LogCheckpoint(keyCount);
    this.checkpoint.register(this);
  }

  /** The LSN of the last record received (0 when none). */
  get lastLsn(): number {
    return this.checkpoint.base + this.records.length;
  }

  /** The record at `lsn`, or undefined above the log's end (or below the checkpoint). */
  entry(lsn: number): LogEntry | undefined {
    return this.records[lsn - 1 - this.checkpoint.base];
  }

  /** Does the log hold this very record (not another one at its LSN)? Every log holds those below the checkpoint. */
  holds(e: LogEntry): boolean {
    return e.lsn <= this.checkpoint.base || this.entry(e.lsn) === e;
  }

  /** Receives the next record (LSN lastLsn + 1). */
  append(e: LogEntry): void {
    this.records.push(e);
  }

  /** Records above `fromLsn` up to `toLsn`, in LSN order. */
  slice(fromLsn: number, toLsn: number): LogEntry[] {
    this.checkpoint.check(fromLsn, 'reading the log');
    const base = this.checkpoint.base;
    return this.records.slice(fromLsn - base, toLsn - base);
  }

  /** Every record above the checkpoint up to `toLsn` (what a promotion commits, what survives). */
  recordsUpTo(toLsn: number): LogEntry[] {
    return this.slice(this.checkpoint.base, toLsn);
  }

  dropTo(lsn: number): void {
    this.records.splice(0, lsn - this.checkpoint.base);
  }

  /** The log above the checkpoint as runs of origins (what a writer's attach message carries). */
  history(): OriginRun[] {
    const runs: OriginRun[] = [];
    let last = -1;
    for (let i = 0; i < this.records.length; i++) {
      const e = this.records[i];
      if (e.origin !== last) runs.push({ origin: (last = e.origin), fromLsn: e.lsn });
    }
    return runs;
  }

  /**
   * The last LSN up to which this log agrees with a writer's log, given that log's runs of
   * origins and length: a record with the writer's origin at its LSN is the writer's record.
   */
  agreesUpTo(theirs: readonly OriginRun[], theirLastLsn: number): number {
    let common = this.checkpoint.base;
    const n = Math.min(this.lastLsn, theirLastLsn);
    let run = 0;
    while (common < n) {
      const lsn = common + 1;
      while (run + 1 < theirs.length && theirs[run + 1].fromLsn <= lsn) run++;
      if (run >= theirs.length || this.entry(lsn)!.origin !== theirs[run].origin) break;
      common = lsn;
    }
    return common;
  }

  read(keyIndex: number): number | null {
    const v = this.values[keyIndex];
    return v === v ? v : null;
  }

  /** Applies the next record in LSN order. */
  applyNext(): LogEntry {
    if (this.appliedLsn >= this.persistedLsn) invariant(false, `rds: applying lsn ${this.appliedLsn + 1} beyond the persisted lsn ${this.persistedLsn}`);
    const e = this.entry(this.appliedLsn + 1)!;
    this.values[e.keyIndex] = e.value;
    this.appliedLsn++;
    return e;
  }

  /** Records that the log is durable up to `lsn` (the log device completes in order). */
  persistedUpTo(lsn: number): void {
    if (lsn > this.lastLsn) invariant(false, `rds: persisted lsn ${lsn} beyond the log's ${this.lastLsn} records`);
    this.persistedLsn = lsn;
  }

  /** Drops records above `lsn` (a diverged or volatile tail), rolling the values back with them. */
  truncate(lsn: number): void {
    if (lsn >= this.lastLsn) return;
    this.checkpoint.check(lsn, 'truncating the log');
    this.records.length = lsn - this.checkpoint.base;
    if (this.persistedLsn > lsn) this.persistedLsn = lsn;
    if (this.appliedLsn > lsn) this.replay(lsn);
  }

  /** Rebuilds the values by applying the log from the checkpoint up to `lsn`. */
  replay(lsn: number): void {
    this.restoreCheckpoint();
    while (this.appliedLsn < lsn) this.applyNext();
  }

  /** A crash: only the durable prefix survives, and nothing above the checkpoint is applied until recovery. */
  crash(): void {
    this.records.length = this.persistedLsn - this.checkpoint.base;
    this.restoreCheckpoint();
  }

  private restoreCheckpoint(): void {
    this.values.set(this.checkpoint.values);
    this.appliedLsn = this.checkpoint.base;
  }

  /** Bytes of redo written after `sinceUs` (what crash recovery must replay). */
  redoBytesSince(sinceUs: number): number {
    // The checkpoint never passes a record committed after the last redo checkpoint, so the
    // walk ends at such a record before it reaches the checkpoint (log-checkpoint.ts).
    let bytes = 0;
    for (let lsn = this.persistedLsn; lsn > this.checkpoint.base; lsn--) {
      const e = this.entry(lsn)!;
      if (e.commitUs >= 0 && e.commitUs < sinceUs) break;
      bytes += e.bytes;
    }
    return bytes;
  }
}
