// Global tables' asynchronous replication (MREC), the way AWS builds it on DynamoDB Streams: each
// partition's committed writes of its own region's clients go, in commit order and exactly once
// (keyed by log index), to a replication stream; for each other region a reader polls it every
// `replication_poll_interval` when it found nothing, takes up to `replication_batch_size`
// records, spends `replication_apply_time` on the batch (the replication service's own work:
// AWS publishes only that replicas are "typically" updated "within a second") and sends it over
// the inter-region link to a router of the other region's copy, which hands it to that
// partition's leader (last writer wins decides each write there). One batch at a time per reader:
// the next one starts when the last was answered; a batch unanswered within
// `replication_timeout` (a cut link, a region down) is sent again, so a record is delivered at
// least once (the leader knows a duplicate by its stamp). A paused link (pause-replication)
// holds the reader; the stream keeps what accumulates (24 hours, far beyond any scenario).
// Leaves out: replicated write capacity (rWCU) and its throttling, the stream's own service and
// faults, and the replication service's nodes (it runs beside the routers, in neither region's AZs).

import { call } from '../../sim/rpc.ts';
import type { Scheduler } from '../../sim/scheduler.ts';
import type { Network } from '../../sim/network.ts';
import type { ReplicatedItem } from './item-stamp.ts';
import { RECORD_OVERHEAD_BYTES, REQUEST_BYTES } from './messages.ts';
import type { Router } from './router.ts';
import type { DynamoOptions } from './options.ts';

/** One partition's replication stream in one region: its own clients' committed writes. */
export class ReplicationStream {
  readonly items: ReplicatedItem[] = [];
  /** The highest log index appended. Invariant: only grows. */
  private appendedIndex = 0;

  /** The write at log `index` committed; one already appended (a new leader re-committing it) adds nothing. */
  append(index: number, item: ReplicatedItem): void {
    if (index <= this.appendedIndex) return;
    this.appendedIndex = index;
    this.items.push(item);
  }
}

/** What a reader needs of the table: the copies' routers, and whether a link is paused. */
export interface SenderParts {
  opts: Pick<DynamoOptions, 'replicationPollIntervalUs' | 'replicationBatchSize' | 'replicationApplyUs' | 'replicationTimeoutUs'>;
  scheduler: Scheduler;
  network: Network;
  /** Replication from copy `from` to copy `to` is paused now. */
  paused(from: number, to: number): boolean;
  routersOf(copy: number): readonly Router[];
  /** A reader's records not yet delivered, as it polls (the interval's largest is a column). */
  backlog(records: number): void;
}

/** A batch as it crosses the link. */
export interface ReplicationBatch {
  partition: number;
  items: readonly ReplicatedItem[];
}

/** One reader: one partition's stream in copy `from`, sent to copy `to`. */
export class ReplicationSender {
  /** The stream position of the next record to send. */
  private next = 0;
  private attempt = 0;

  constructor(
    private readonly parts: SenderParts,
    private readonly stream: ReplicationStream,
    private readonly from: number,
    private readonly to: number,
    private readonly partition: number,
  ) {}

  start(): void {
    this.later();
  }

  /** Records committed and not yet delivered to the other region. */
  get backlog(): number {
    return this.stream.items.length - this.next;
  }

  private later(): void {
    this.parts.scheduler.after(this.parts.opts.replicationPollIntervalUs, this.poll);
  }

  private readonly poll = (): void => {
    const { opts, scheduler } = this.parts;
    this.parts.backlog(this.backlog);
    if (this.parts.paused(this.from, this.to) || this.next >= this.stream.items.length) return this.later();
    const items = this.stream.items.slice(this.next, this.next + opts.replicationBatchSize);
    scheduler.after(opts.replicationApplyUs, this.send, items);
  };

  private readonly send = (items: ReplicatedItem[]): void => {
    const { network, scheduler, opts } = this.parts;
    // A pause that began while the batch was being prepared holds it too.
    if (this.parts.paused(this.from, this.to)) return this.later();
    const fromRouter = this.parts.routersOf(this.from).find((r) => r.node.isUp);
    const targets = this.parts.routersOf(this.to);
    // After a failure, the next router of the other region (the last one may be down).
    const toRouter = targets[this.attempt % targets.length];
    if (fromRouter === undefined || toRouter === undefined) return this.later();
    let bytes = REQUEST_BYTES;
    for (const it of items) bytes += it.sizeBytes + RECORD_OVERHEAD_BYTES;
    const state = { done: false };
    const finish = (ok: boolean) => {
      if (state.done) return;
      state.done = true;
      if (!ok) {
        this.attempt++;
        return this.later();
      }
      this.next += items.length;
      this.poll();
    };
    const batch: ReplicationBatch = { partition: this.partition, items };
    call<ReplicationBatch, boolean>(network, fromRouter.node, toRouter.node, bytes, (c) => toRouter.serve(() => applyBatch(toRouter, c.req, (ok) => c.respond(REQUEST_BYTES, ok))), batch, finish);
    scheduler.after(opts.replicationTimeoutUs, () => finish(false));
  };
}

/** At the receiving router: the batch to its leader, as one write of several items. */
export function applyBatch(router: Router, b: ReplicationBatch, done: (ok: boolean) => void): void {
  let bytes = 0;
  for (const it of b.items) bytes += it.sizeBytes;
  router.toLeader(b.partition, { kind: 'write', keyIndex: b.items[0].keyIndex, value: null, sizeBytes: bytes, replicated: b.items }, { respond: (_bytes, r) => done(r.ok) });
}
