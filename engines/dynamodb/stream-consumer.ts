// A Lambda-style consumer of a DynamoDB stream: one poller per shard, as Lambda's event source
// mapping runs it. It polls the shard every `pollIntervalUs` (AWS: 4 times a second) while the
// shard is empty; when records are there it takes up to `batchSize` of them (AWS's default is 100)
// and "invokes the function" on the batch, which takes `invokeUs` plus `perRecordUs` per record;
// once the function returns, it polls again at once. One batch per shard at a time (a
// parallelization factor of 1), so a consumer slower than the shard's write rate falls behind and
// the iterator age grows until the load drops.
// Counters (engine time-series columns): stream_records (written to the stream),
// stream_records_processed, stream_records_expired (dropped unread at the end of the retention)
// and stream_iterator_age_ms_max, the age of the last record of each batch when the batch was
// read (Lambda's IteratorAge), the largest in the interval.
// Leaves out: function errors and retries (bisecting batches, on-failure destinations), batching
// windows, tumbling windows, several functions on one stream, and the consumer's own location
// (it is not a node: faults do not reach it).

import type { Scheduler } from '../../sim/scheduler.ts';
import type { StreamShard } from './stream-shard.ts';

export interface StreamConsumerConfig {
  batchSize: number;
  pollIntervalUs: number;
  invokeUs: number;
  perRecordUs: number;
  retentionUs: number;
}

export const STREAM_COUNTERS = ['stream_records', 'stream_records_processed', 'stream_records_expired', 'stream_iterator_age_ms_max'] as const;

/** How often each shard is trimmed of records past their retention. */
const TRIM_EVERY_US = 60_000_000;

export class ShardPoller {
  /** The next record number to read. */
  private position = 0;
  private expiredCounted = 0;

  constructor(
    private readonly shard: StreamShard,
    private readonly cfg: StreamConsumerConfig,
    private readonly scheduler: Scheduler,
    private readonly count: (counter: string, amount: number) => void,
  ) {}

  start(): void {
    this.scheduler.after(this.cfg.pollIntervalUs, poll, this);
    this.scheduler.after(TRIM_EVERY_US, trim, this);
  }

  /** One poll: a batch to process, or the next poll after the interval. */
  poll(): void {
    const now = this.scheduler.now;
    const { records, next } = this.shard.read(this.position, this.cfg.batchSize);
    if (records.length === 0) {
      this.scheduler.after(this.cfg.pollIntervalUs, poll, this);
      return;
    }
    this.position = next;
    this.count('stream_iterator_age_ms_max', (now - records[records.length - 1].createdUs) / 1000);
    const busyUs = this.cfg.invokeUs + this.cfg.perRecordUs * records.length;
    this.scheduler.after(busyUs, processed, { poller: this, n: records.length });
  }

  done(n: number): void {
    this.count('stream_records_processed', n);
    this.poll();
  }

  trim(): void {
    this.shard.trim(this.scheduler.now, this.position);
    if (this.shard.expired > this.expiredCounted) {
      this.count('stream_records_expired', this.shard.expired - this.expiredCounted);
      this.expiredCounted = this.shard.expired;
    }
    this.scheduler.after(TRIM_EVERY_US, trim, this);
  }
}

function poll(p: ShardPoller): void {
  p.poll();
}

function processed(x: { poller: ShardPoller; n: number }): void {
  x.poller.done(x.n);
}

function trim(p: ShardPoller): void {
  p.trim();
}
