// The point below which no RDS instance's log needs its change records any more, so that a long
// run holds only a window of the log, not every write it ever took. Records at or below the
// checkpoint LSN (`base`) are dropped from every instance's log at once; what they did lives on
// in one snapshot of the key values as of `base`, from which an instance's values are rebuilt.
// A record may be dropped when every instance holds the very same record (shared by reference)
// durably and has applied it, every follower of the current writer has acknowledged it (a resend
// starts from the acknowledged LSN), and it was committed before the last redo checkpoint (crash
// recovery's redo walk stops at such a record, so it never reads below it).
// Invariant: entries at or below `base` are identical on every instance, durable and applied there,
// so no truncation, reconciliation, promotion check or replay can reach below `base`.
// What leaves with a record is reported: its value is durable for good (no failover can lose it),
// and the value it replaced in the snapshot can no longer be read from any instance, unless a
// retried write put that value in a record still held (a value belongs to one operation, not
// to one record), or the snapshot holds it again.
// Leaves out: pages and the real checkpoint's I/O (only how much redo recovery replays counts).

import { invariant } from '../../sim/invariant.ts';
import type { LogEntry } from './log-entry.ts';

/** One instance's log as the checkpoint sees it. */
export interface CheckpointedLog {
  readonly persistedLsn: number;
  readonly appliedLsn: number;
  /** The record at `lsn`, or undefined when the log does not hold it (above its end). */
  entry(lsn: number): LogEntry | undefined;
  /** Drops the records at or below `lsn` (the checkpoint moved there). */
  dropTo(lsn: number): void;
}

/** A writer's replication stream: it resends from what its followers acknowledged. */
export interface AcknowledgedFloor {
  /** The lowest LSN a follower of the stream acknowledged (its resends start above it). */
  lowestAcked(): number;
}

/** Who hears what a dropped record settles (the measurement, through the engine context). */
export interface CheckpointReports {
  /** The write of `value` is durable for good: every instance holds it, none can lose it. */
  durable(value: number): void;
  /** No instance holds `value` as a key's value any more, nor can it again. */
  unreadable(value: number): void;
}

/**
 * Records dropped together, at least: fewer moves of the retained window (amortised O(1) a
 * record). Outputs do not depend on it; tests make it small to drop records in short runs.
 */
export const checkpointTuning = { minRecords: 16384, /** Records dropped by every checkpoint so far (tests read it). */ droppedRecords: 0 };

export class LogCheckpoint {
  /** Invariant: every log holds no record at or below `base`; `values` is the state as of `base`. */
  base = 0;
  /** Each key's value as of `base` (NaN = never written). */
  readonly values: Float64Array;
  private readonly logs: CheckpointedLog[] = [];
  /**
   * Values of the records created and not yet dropped, with how many records hold each (a retried
   * write makes two). Records discarded with a diverged tail stay counted: such a value is only
   * never reported unreadable.
   */
  private readonly heldValues = new Map<number, number>();
  /** Streams still running (a stopped one resends nothing). */
  private readonly streams = new Set<AcknowledgedFloor>();

  constructor(
    keyCount: number,
    private readonly reports: CheckpointReports | null = null,
    /** Move only when at least this many records can go (tests make it small). */
    private readonly minRecords = checkpointTuning.minRecords,
  ) {
    this.values = new Float64Array(keyCount).fill(NaN);
  }

  register(log: CheckpointedLog): void {
    this.logs.push(log);
  }

  /** A writer created a record. */
  created(e: LogEntry): void {
    this.heldValues.set(e.value, (this.heldValues.get(e.value) ?? 0) + 1);
  }

  streamStarted(s: AcknowledgedFloor): void {
    this.streams.add(s);
  }

  streamStopped(s: AcknowledgedFloor): void {
    this.streams.delete(s);
  }

  /**
   * Moves the checkpoint as far as it may go: not above what every instance applied nor what
   * any running stream's followers acknowledged, nor past a record committed at or after
   * `redoSinceUs` (the last redo checkpoint: recovery replays from there). Drops the records
   * below it. A retired instance (its topology replaced by a promoted read replica) applies
   * nothing more, so it holds the checkpoint where it is.
   */
  advance(redoSinceUs: number): void {
    const logs = this.logs;
    let limit = Infinity;
    for (const l of logs) limit = Math.min(limit, l.appliedLsn);
    for (const s of this.streams) limit = Math.min(limit, s.lowestAcked());
    if (limit - this.base < this.minRecords) return;
    let lsn = this.base;
    while (lsn < limit) {
      const e = logs[0].entry(lsn + 1)!;
      if (!(e.commitUs >= 0 && e.commitUs < redoSinceUs)) break;
      let shared = true;
      for (let i = 1; i < logs.length && shared; i++) shared = logs[i].entry(lsn + 1) === e;
      if (!shared) break;
      lsn++;
    }
    if (lsn - this.base < this.minRecords) return;
    const values = this.values;
    const reports = this.reports;
    const held = this.heldValues;
    /** Values replaced in the snapshot, with their keys: unreadable unless held again. */
    const replaced: number[] = [];
    for (let l = this.base + 1; l <= lsn; l++) {
      const e = logs[0].entry(l)!;
      const before = values[e.keyIndex];
      if (before === before) replaced.push(before, e.keyIndex);
      values[e.keyIndex] = e.value;
      const n = held.get(e.value) ?? 1;
      if (n <= 1) held.delete(e.value);
      else held.set(e.value, n - 1);
      reports?.durable(e.value);
    }
    if (reports !== null) {
      for (let i = 0; i < replaced.length; i += 2) {
        const v = replaced[i];
        if (values[replaced[i + 1]] !== v && !held.has(v)) reports.unreadable(v);
      }
    }
    for (const l of logs) l.dropTo(lsn);
    checkpointTuning.droppedRecords += lsn - this.base;
    this.base = lsn;
  }

  /** Refuses an operation that would reach below the checkpoint. */
  check(lsn: number, what: string): void {
    if (lsn < this.base) invariant(false, `rds: ${what} at lsn ${lsn}, below the log checkpoint ${this.base}`);
  }
}
