// What one partition replica holds: its write-ahead log (records from leaders, of which a prefix is
// durable), how far it knows the log is committed, and its B-tree: the values of its keys as of
// the records applied so far. Records are shared by reference between the replicas that hold
// them; the record at index i is log[i - 1]; a no-op record (keyIndex -1) opens each new term.
// Models: a crash loses the log's volatile tail and what the replica knew of commits; the B-tree
// and the durable log survive. Leaves out: WAL archiving to S3, log truncation and snapshots
// (the whole log stays in memory), and item sizes beyond one number per record.

import { invariant } from '../../sim/invariant.ts';

export interface LogRecord {
  readonly index: number;
  readonly term: number;
  /** The key it writes; -1 for a term's opening no-op. */
  readonly keyIndex: number;
  readonly value: number;
  readonly bytes: number;
  /** When the leader committed it (-1 until then). */
  commitUs: number;
}

export class ReplicaLog {
  records: LogRecord[] = [];
  /** Invariant: applied <= commit and applied <= persisted <= records.length. */
  persisted = 0;
  /** Highest index this replica knows to be committed. */
  commit = 0;
  applied = 0;
  /** The B-tree: key index -> value, as of `applied`. */
  readonly values = new Map<number, number>();

  get lastIndex(): number {
    return this.records.length;
  }

  get lastTerm(): number {
    return this.records.length === 0 ? 0 : this.records[this.records.length - 1].term;
  }

  termAt(index: number): number {
    return index === 0 ? 0 : index <= this.records.length ? this.records[index - 1].term : -1;
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
    if (index >= this.records.length) return;
    if (index < this.applied) invariant(false, `dynamodb: truncating the log at ${index} drops applied records (applied ${this.applied})`);
    this.records.length = index;
    if (this.persisted > index) this.persisted = index;
  }

  /** A record became durable; the durable prefix grows only contiguously. */
  persistedRecord(r: LogRecord): boolean {
    if (this.records[r.index - 1] !== r || r.index !== this.persisted + 1) return false;
    this.persisted = r.index;
    return true;
  }

  /** Applies the next record to the B-tree and returns it. */
  applyNext(): LogRecord {
    // Invariant: applied <= commit and applied <= persisted, checked as the B-tree moves.
    if (this.applied >= this.commit || this.applied >= this.persisted) invariant(false, `dynamodb: applying record ${this.applied + 1} beyond commit ${this.commit} or persisted ${this.persisted}`);
    const r = this.records[this.applied];
    if (r.keyIndex >= 0) this.values.set(r.keyIndex, r.value);
    this.applied++;
    return r;
  }

  /** Where a leader should resume after a mismatch at `prevIndex`: before the conflicting term. */
  conflictHint(prevIndex: number): number {
    if (prevIndex > this.records.length) return this.records.length;
    const term = this.termAt(prevIndex);
    let i = prevIndex;
    while (i > this.applied && this.termAt(i) === term) i--;
    return i;
  }

  /** A crash: only the durable prefix and the B-tree survive. */
  crash(): void {
    this.records.length = this.persisted;
    this.commit = this.applied;
  }
}
