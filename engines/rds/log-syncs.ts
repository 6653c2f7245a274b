// The log syncs a writer makes before a record is durable: `log_syncs` writes in turn on its log
// device (MySQL flushes the redo log at prepare, then the binary log). On a Multi-AZ DB instance
// the volume is mirrored block by block to the standby's in another AZ, synchronously: each sync
// completes only when the standby's volume has written it too, so each one pays a cross-AZ round
// trip and a second EBS write. A Multi-AZ DB cluster's syncs go to the instance's local NVMe SSD
// and cross no AZ (its readers get the record by replication, and commit waits for one of them).
// Models: the serial syncs and, for a mirrored volume, one message to the standby's host per sync
// and its answer after the standby's device wrote it. While the standby is not in the commit rule
// (it left sync, or it is not attached) the writer's syncs are local only, as RDS goes on alone;
// a mirrored sync with no answer within MIRROR_RETRY_US is asked again (a lost message costs a
// retransmission, as the block device's transport would, not the standby), and one still
// unanswered after the stream's standby timeout drops the standby, which releases the syncs
// waiting for it.
// Leaves out: group commit (syncs of concurrent commits batched into one), and the bytes of the
// mirrored blocks (the record's bytes count once, on the replication stream).

import type { LogEntry } from './log-entry.ts';
import type { LogDevice } from './log-device.ts';

/** The standby side of a mirrored sync: asks it to write, and calls `done` with the answer. */
export interface SyncMirror {
  /** The standby whose volume mirrors the writer's now, or null (local syncs only). */
  active(): object | null;
  send(entry: LogEntry, done: (token: MirrorWait) => void, token: MirrorWait): void;
}

/** One sync of one record, waiting for its local write and (when mirrored) the standby's. */
export interface MirrorWait {
  entry: LogEntry;
  slot: Slot;
  stage: number;
  local: boolean;
  remote: boolean;
  /** The standby this sync was mirrored to (null: local only). */
  mirror: object | null;
  sinceUs: number;
  /** When the request last went to the standby. */
  sentUs: number;
}

/** Most mirrored syncs asked again in one retry. */
const RESEND_BATCH = 64;
/**
 * A mirrored sync unanswered this long is asked again: a few times a mirror's usual round trip
 * (a cross-AZ round trip and an EBS write, about 2-5 ms), so a lost message costs about this much.
 */
export const MIRROR_RETRY_US = 10_000;

/** A record's place in persist order. */
interface Slot {
  entry: LogEntry;
  done: boolean;
}

export class LogSyncs {
  /** Syncs waiting for the standby's answer, oldest first (the standby timeout looks at the first). */
  private readonly waiting = new Set<MirrorWait>();
  /** Records in the order they were persisted, and whether their last sync is done. */
  private order: Slot[] = [];
  private head = 0;
  private stopped = false;

  constructor(
    private readonly device: LogDevice,
    private readonly syncs: number,
    private readonly mirror: SyncMirror | null,
    private readonly now: () => number,
    private readonly durable: (e: LogEntry) => void,
    /** Runs `fn` after `us` on the writer's host (dropped if it crashes). */
    private readonly after: (us: number, fn: () => void) => void,
  ) {}

  private retrying = false;

  /** While syncs wait for the standby, a retry runs every MIRROR_RETRY_US. */
  private armRetry(): void {
    if (this.retrying) return;
    this.retrying = true;
    this.after(MIRROR_RETRY_US, this.retry);
  }

  private readonly retry = (): void => {
    this.retrying = false;
    if (this.stopped || this.waiting.size === 0) return;
    this.resend(MIRROR_RETRY_US);
    this.armRetry();
  };

  /** Starts the syncs of a new record; `durable(entry)` runs after the last. */
  persist(entry: LogEntry): void {
    const slot: Slot = { entry, done: false };
    this.order.push(slot);
    this.stage(slot, 1);
  }

  /** The stream stopped: nothing more is written or asked. */
  stop(): void {
    this.stopped = true;
    this.waiting.clear();
  }

  /**
   * Asks the standby again for the oldest syncs it has not answered for `afterUs` (at most
   * RESEND_BATCH a call: a standby that is down gets a few requests, not the whole backlog).
   */
  resend(afterUs: number): void {
    const now = this.now();
    let n = 0;
    for (const w of this.waiting) {
      if (n >= RESEND_BATCH) break;
      if (now - w.sentUs < afterUs) continue;
      n++;
      w.sentUs = now;
      this.mirror!.send(w.entry, this.remoteDone, w);
    }
  }

  /** How long the oldest sync has waited for the standby (-1: none waits). */
  oldestWaitUs(): number {
    for (const w of this.waiting) return this.now() - w.sinceUs;
    return -1;
  }

  /** Syncs mirrored to a standby other than `still` (null: any) go on with their local write alone. */
  release(still: object | null): void {
    const waits = [...this.waiting].filter((w) => w.mirror !== still);
    for (const w of waits) {
      this.waiting.delete(w);
      w.remote = true;
      this.advance(w);
    }
  }

  private stage(slot: Slot, stage: number): void {
    const entry = slot.entry;
    const standby = this.mirror?.active() ?? null;
    const now = this.now();
    const w: MirrorWait = { entry, slot, stage, local: false, remote: standby === null, mirror: standby, sinceUs: now, sentUs: now };
    this.device.write(this.localDone, w);
    if (standby !== null) {
      this.waiting.add(w);
      this.mirror!.send(entry, this.remoteDone, w);
      this.armRetry();
    }
  }

  private readonly localDone = (w: MirrorWait): void => {
    w.local = true;
    this.advance(w);
  };

  private readonly remoteDone = (w: MirrorWait): void => {
    if (!this.waiting.delete(w)) return; // released already
    w.remote = true;
    this.advance(w);
  };

  private advance(w: MirrorWait): void {
    if (this.stopped || !w.local || !w.remote) return;
    if (w.stage < this.syncs) return this.stage(w.slot, w.stage + 1);
    // Invariant: records become durable in the order they were persisted ("durable up to n" is a
    // prefix), though mirror answers may arrive out of order.
    const order = this.order;
    w.slot.done = true;
    while (this.head < order.length && order[this.head].done) this.durable(order[this.head++].entry);
    if (this.head > 1024 && this.head * 2 > order.length) {
      this.order = order.slice(this.head);
      this.head = 0;
    }
  }
}
