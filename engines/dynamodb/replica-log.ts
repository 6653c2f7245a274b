// What one partition replica holds: its write-ahead log (records from leaders, of which a prefix is
// durable), how far it knows the log is committed, and its B-tree: the values of its keys as of
// the records applied so far. Records are shared by reference between the replicas that hold
// them; a no-op record (keyIndex -1) opens each new term.
// The log holds records above `base` only: the ones at or below it were applied (and so are
// durable) on every replica of the group and dropped (log-trim.ts); the B-tree holds what they did.
// Models: a crash loses the log's volatile tail and what the replica knew of commits; the B-tree
// and the durable log survive. Leaves out: WAL archiving to S3, snapshots to seed a new replica,
// and item sizes beyond one number per record.

import { invariant } from '../../sim/invariant.ts';
import type { Stamp } from './item-stamp.ts';

export interface LogRecord {
  readonly index: number;
  readonly term: number;
  /** The key it writes; -1 for a term's opening no-op. */
  readonly keyIndex: number;
  readonly value: number;
  readonly bytes: number;
  /** When the leader committed it (-1 until then). */
  commitUs: number;
  /** With appending writes (item-collections.ts): what it adds to its key's item collection. */
  readonly growth?: number;
  /** Global tables: the write's stamp (last writer wins), and for a write from another region, its origin. */
  readonly stamp?: Stamp;
  readonly originRegion?: number;
  readonly originCommitUs?: number;
}

export class ReplicaLog {
  /** The records above `base`: the one at index i is records[i - base - 1]. */
  records: LogRecord[] = [];
  /** Invariant: base <= applied; records at or below base are dropped. */
  base = 0;
  /** The term of the record at `base` (0 before any drop). */
  private baseTerm = 0;
  /** Invariant: applied <= commit and applied <= persisted <= lastIndex. */
  persisted = 0;
  /** Highest index this replica knows to be committed. */
  commit = 0;
  applied = 0;
  /** The B-tree: key index -> value, as of `applied`. */
  readonly values = new Map<number, number>();
  /** With appending writes: key index -> bytes its item collection grew by, as of `applied` (null until one grows). */
  private grown: Map<number, number> | null = null;
  /** Global tables: the stamp of each key's value in the B-tree. */
  readonly stamps = new Map<number, Stamp>();

  /**
   * A log replica's starting log: `from`'s records up to `upTo`, durable (copying them is what
   * its creation takes). It applies nothing: its B-tree stays empty.
   */
  static copyOf(from: ReplicaLog, upTo: number): ReplicaLog {
    const log = new ReplicaLog();
    log.base = from.base;
    log.baseTerm = from.baseTerm;
    log.records = from.records.slice(0, upTo - from.base);
    log.persisted = upTo;
    log.commit = from.base;
    log.applied = from.base;
    return log;
  }

  get lastIndex(): number {
    return this.base + this.records.length;
  }

  get lastTerm(): number {
    return this.records.length === 0 ? this.baseTerm : this.records[this.records.length - 1].term;
  }

  /** The record at `index`, or undefined when the log does not hold it (at or below base, or past its end). */
  at(index: number): LogRecord | undefined {
    return index > this.base ? this.records[index - this.base - 1] : undefined;
  }

  /** The records from index `from` to `to`, both included (all above base). */
  slice(from: number, to: number): LogRecord[] {
    if (from <= this.base) this.belowBase(from, 'read');
    return this.records.slice(from - this.base - 1, to - this.base);
  }

  push(r: LogRecord): void {
    this.records.push(r);
  }

  termAt(index: number): number {
    if (index === this.base) return this.baseTerm;
    if (index < this.base) this.belowBase(index, 'term of');
    return index <= this.lastIndex ? this.records[index - this.base - 1].term : -1;
  }

  private belowBase(index: number, what: string): never {
    invariant(false, `dynamodb: ${what} log record ${index}, dropped (the log holds records above ${this.base})`);
  }

  /**
   * Drops the records at or below `index`, every one applied here (and, as log-trim.ts checks, on
   * every replica of the group); returns them.
   */
  dropTo(index: number): LogRecord[] {
    if (index <= this.base) return [];
    if (index > this.applied) invariant(false, `dynamodb: dropping log records up to ${index}, beyond applied ${this.applied}`);
    const dropped = this.records.splice(0, index - this.base);
    this.baseTerm = dropped[dropped.length - 1].term;
    this.base = index;
    return dropped;
  }

  /** Is a log ending at (lastTerm, lastIndex) at least as up to date as this one? */
  notNewerThan(lastTerm: number, lastIndex: number): boolean {
    return lastTerm > this.lastTerm || (lastTerm === this.lastTerm && lastIndex >= this.lastIndex);
  }

  read(keyIndex: number): number | null {
    return this.values.get(keyIndex) ?? null;
  }

  /** Drops records after `index` (a diverged tail). Committed records are never dropped. */
  truncate(index: number): void {
    if (index >= this.lastIndex) return;
    if (index < this.applied) invariant(false, `dynamodb: truncating the log at ${index} drops applied records (applied ${this.applied})`);
    this.records.length = index - this.base;
    if (this.persisted > index) this.persisted = index;
  }

  /** A record became durable; the durable prefix grows only contiguously. */
  persistedRecord(r: LogRecord): boolean {
    if (this.at(r.index) !== r || r.index !== this.persisted + 1) return false;
    this.persisted = r.index;
    return true;
  }

  /** Applies the next record to the B-tree and returns it. */
  applyNext(): LogRecord {
    // Invariant: applied <= commit and applied <= persisted, checked as the B-tree moves.
    if (this.applied >= this.commit || this.applied >= this.persisted) invariant(false, `dynamodb: applying record ${this.applied + 1} beyond commit ${this.commit} or persisted ${this.persisted}`);
    const r = this.records[this.applied - this.base];
    if (r.keyIndex >= 0) this.values.set(r.keyIndex, r.value);
    if (r.stamp !== undefined) this.stamps.set(r.keyIndex, r.stamp);
    if (r.growth !== undefined) {
      this.grown ??= new Map();
      this.grown.set(r.keyIndex, (this.grown.get(r.keyIndex) ?? 0) + r.growth);
    }
    this.applied++;
    return r;
  }

  /** What the key's item collection grew by: as applied here, plus what the log holds beyond that. */
  grownBytes(keyIndex: number): number {
    let bytes = this.grown?.get(keyIndex) ?? 0;
    for (let i = this.applied - this.base; i < this.records.length; i++) {
      const r = this.records[i];
      if (r.keyIndex === keyIndex && r.growth !== undefined) bytes += r.growth;
    }
    return bytes;
  }

  /** Where a leader should resume after a mismatch at `prevIndex`: before the conflicting term. */
  conflictHint(prevIndex: number): number {
    if (prevIndex > this.lastIndex) return this.lastIndex;
    const term = this.termAt(prevIndex);
    let i = prevIndex;
    while (i > this.applied && this.termAt(i) === term) i--;
    return i;
  }

  /** A crash: only the durable prefix and the B-tree survive. */
  crash(): void {
    this.records.length = this.persisted - this.base;
    this.commit = this.applied;
  }
}
