// DynamoDB Streams, one shard per partition: every committed write of the partition becomes a
// stream record, in commit order (so in order per item), exactly once, kept for the retention
// time (24 hours, as AWS documents) and then dropped whether or not it was read.
// Models: a record appended when the partition's leader commits the write (the log index makes it
// exactly once across leader changes: a record re-committed by a new leader was appended already),
// records read from a position, trimming by age. Leaves out: the stream service's own nodes and
// faults (the shard is reachable whatever the partition's state), shard rollover and child shards
// after a split, the view type (keys only, new and old images: the value written is kept), and
// the stream's own read throttling.

export interface StreamRecord {
  readonly keyIndex: number;
  readonly value: number;
  /** When the write committed: the record's ApproximateCreationDateTime. */
  readonly createdUs: number;
}

export class StreamShard {
  private records: StreamRecord[] = [];
  /** records[0] is the shard's record number `base`. */
  private base = 0;
  /** The highest log index appended. Invariant: only grows. */
  private appendedIndex = 0;
  /** Records dropped unread at the end of their retention. */
  expired = 0;

  constructor(private readonly retentionUs: number) {}

  /** The write at log `index` committed at `createdUs`; a no-op or an index already seen adds nothing. */
  append(index: number, keyIndex: number, value: number, createdUs: number): boolean {
    if (keyIndex < 0 || index <= this.appendedIndex) return false;
    this.appendedIndex = index;
    this.records.push({ keyIndex, value, createdUs });
    return true;
  }

  /** The shard's next record number (one past its newest). */
  get end(): number {
    return this.base + this.records.length;
  }

  /** Up to `max` records from record number `from` (a position trimmed away starts at the oldest kept). */
  read(from: number, max: number): { records: StreamRecord[]; next: number } {
    const start = Math.max(from, this.base);
    const records = this.records.slice(start - this.base, start - this.base + max);
    return { records, next: start + records.length };
  }

  /** Drops records older than the retention; counts those past `readUpTo` (never read) as expired. */
  trim(nowUs: number, readUpTo: number): void {
    let n = 0;
    while (n < this.records.length && nowUs - this.records[n].createdUs > this.retentionUs) n++;
    if (n === 0) return;
    this.expired += Math.max(0, this.base + n - Math.max(readUpTo, this.base));
    this.records = this.records.slice(n);
    this.base += n;
  }
}
