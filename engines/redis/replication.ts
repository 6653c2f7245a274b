// Asynchronous primary-replica replication with offsets (REFERENCE-FIGURES.md D #72, #77, #79).
//   Primary: every write it applies becomes a stream entry (repl-log.ts) sent to each attached
//     replica; the client's reply does not wait for replicas unless `wait_replicas` (WAIT n): then
//     it waits until n replicas acknowledged the entry's offset, and after `wait_timeout` replies
//     an error (the write stays applied: the outcome is unknown to the client). Every
//     repl_ping_replica_period it pings its replicas with its offset.
//   Replica: applies entries that extend its head; on anything else (a gap after a partition, a
//     primary that restarted empty or diverged, a new primary after a failover) it asks for a
//     resynchronisation with its head (PSYNC), again every second until answered. It acknowledges
//     its offset every second (REPLCONF ACK); a primary process that has no link with it (it
//     restarted) answers with a reset, which makes the replica resynchronise too. The primary
//     sends the missing entries when the replica's head is on its chain within the backlog
//     (partial), else a snapshot of its dataset after full_sync + size / full_sync_rate, then
//     what it wrote meanwhile (full). A full resync replaces the replica's data: an old primary's
//     writes that never reached the new one are gone.
// Leaves out: chained replication, diskless-sync options, replica output-buffer limits, and the
// replication timeout (a silent link is noticed through the next entry or ping).

import type { Call } from '../../sim/rpc.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { RedisNode } from './redis-node.ts';
import { entriesSince, nextEntry, offsetOf, type EntryReason, type ReplEntry } from './repl-log.ts';
import { SMALL_BYTES, REPLY_OVERHEAD_BYTES, type Command, type CommandReply, type ReplMessage } from './messages.ts';
import { checkChainStep } from './safety-invariants.ts';

/** How often a replica waiting for a resynchronisation asks again, and acknowledges its offset (replicationCron). */
const REPLICA_CRON_US = 1_000_000;

interface PendingWait {
  offset: number;
  deadlineLocal: number;
  call: Call<Command, CommandReply>;
}

export class Replication {
  /** Primary: attached replicas and the offset each acknowledged. */
  private readonly attached = new Map<number, number>();
  /** Primary: replicas with a full resynchronisation in progress. */
  private readonly fullSyncs = new Set<number>();
  private waits: PendingWait[] = [];
  private waitHead = 0;
  private lastPingLocal: number;
  /** Replica: last time anything came from its primary over the link (data age). */
  lastInteractionLocal: number;
  /** Replica: when it asked for a resynchronisation still unanswered, or -1. */
  private syncAskedLocal = -1;
  private lastAckLocal = 0;
  private readonly fullSyncBase: Sampler;

  constructor(private readonly n: RedisNode) {
    const now = n.localNow();
    this.lastPingLocal = now;
    this.lastInteractionLocal = now;
    this.fullSyncBase = sampler(n.cluster.opts.fullSync, n.rng);
  }

  private get opts() {
    return this.n.cluster.opts;
  }

  private send(to: number, m: ReplMessage, bytes: number): void {
    const target = this.n.cluster.members[to];
    this.n.cluster.sim.network.send(this.n.node, target.node, bytes, target.onRepl, m);
  }

  get resyncing(): boolean {
    return this.syncAskedLocal >= 0;
  }

  // ---- primary -----------------------------------------------------------------------------

  /** Appends an entry to this primary's stream and sends it to the attached replicas. */
  append(keyIndex: number, value: number | null, sizeBytes: number, expireAtLocal: number, reason: EntryReason): ReplEntry {
    const n = this.n;
    const e = nextEntry(n.head, keyIndex, value, sizeBytes, expireAtLocal, n.cluster.sim.scheduler.now, reason);
    n.head = e;
    const bytes = e.offset - offsetOf(e.prev);
    for (const r of this.attached.keys()) this.send(r, { kind: 'entry', from: n.idx, entry: e }, bytes);
    return e;
  }

  /** A replica in sync from the start (the cluster is created with its replicas attached). */
  attachInSync(replica: number): void {
    this.attached.set(replica, this.n.offset);
  }

  /** WAIT: reply once enough replicas acknowledged `offset`. */
  waitFor(offset: number, call: Call<Command, CommandReply>): void {
    const t = this.opts.waitTimeoutUs;
    this.waits.push({ offset, deadlineLocal: t > 0 ? this.n.localNow() + t : Infinity, call });
    this.releaseWaits();
  }

  private acked(offset: number): number {
    let k = 0;
    for (const a of this.attached.values()) if (a >= offset) k++;
    return k;
  }

  private releaseWaits(): void {
    const need = this.opts.waitReplicas;
    while (this.waitHead < this.waits.length && this.acked(this.waits[this.waitHead].offset) >= need) {
      this.waits[this.waitHead++].call.respond(REPLY_OVERHEAD_BYTES, { ok: true, value: null });
    }
    this.compactWaits();
  }

  private compactWaits(): void {
    if (this.waitHead > 256 && this.waitHead * 2 > this.waits.length) {
      this.waits = this.waits.slice(this.waitHead);
      this.waitHead = 0;
    }
  }

  /** Replies to every pending WAIT with an error: the write is applied here, its fate unknown. */
  failWaits(error: string): void {
    for (let i = this.waitHead; i < this.waits.length; i++) this.waits[i].call.respond(REPLY_OVERHEAD_BYTES, { ok: false, error, maybeApplied: true });
    this.waits = [];
    this.waitHead = 0;
  }

  private onPsync(from: number, head: ReplEntry | null): void {
    const n = this.n;
    if (n.role !== 'primary' || this.fullSyncs.has(from)) return;
    // A replica with no history (PSYNC ? -1: no replication ID) always gets a full resync.
    const entries = head === null && n.head !== null ? null : entriesSince(n.head, head, this.opts.replBacklogBytes);
    const replica = n.cluster.members[from];
    if (entries !== null) {
      this.attached.set(from, offsetOf(head));
      this.send(from, { kind: 'partial', from: n.idx, entries }, SMALL_BYTES + bytesOf(entries));
      if (entries.length > 0) replica.emit('partial-sync', `from ${n.name}: ${entries.length} entries from offset ${offsetOf(head)}`);
      return;
    }
    // Full: a snapshot now (the fork), sent when written and transferred.
    this.attached.delete(from);
    this.fullSyncs.add(from);
    const snapshot = n.data.clone();
    const snapHead = n.head;
    const delayUs = Math.round(this.fullSyncBase() + (snapshot.usedBytes / this.opts.fullSyncBytesPerS) * 1e6);
    replica.emit('full-sync', `from ${n.name}: ${snapshot.size} keys, ${snapshot.usedBytes} bytes; offset ${offsetOf(head)} not on its chain within the backlog`);
    n.node.defer(delayUs, () => {
      this.fullSyncs.delete(from);
      if (n.role !== 'primary') return;
      this.send(from, { kind: 'full', from: n.idx, snapshot, head: snapHead }, SMALL_BYTES + snapshot.usedBytes);
      const since = entriesSince(n.head, snapHead, Infinity) ?? [];
      this.send(from, { kind: 'partial', from: n.idx, entries: since }, SMALL_BYTES + bytesOf(since));
      this.attached.set(from, offsetOf(snapHead));
    });
  }

  /** No longer a primary: detach the replicas, fail the pending WAITs. */
  stopPrimary(): void {
    this.attached.clear();
    this.fullSyncs.clear();
    this.failWaits('demoted');
  }

  // ---- replica -----------------------------------------------------------------------------

  /** Asks the current primary for a resynchronisation from this node's head. */
  requestSync(): void {
    const n = this.n;
    if (n.role !== 'replica' || n.primaryOf < 0) return;
    this.syncAskedLocal = n.localNow();
    this.send(n.primaryOf, { kind: 'psync', from: n.idx, head: n.head }, SMALL_BYTES);
  }

  private apply(e: ReplEntry): void {
    const n = this.n;
    // Invariant: a replica's head only moves along its primary's chain (callers check e.prev === head).
    checkChainStep(n, e);
    if (e.value === null) n.data.delete(e.keyIndex);
    else n.data.set(e.keyIndex, e.value, e.sizeBytes, e.expireAtLocal, n.localNow());
    n.head = e;
    if (e.reason === 'write') n.cluster.ctx.replicationLag(n.name, n.cluster.sim.scheduler.now - e.commitUs);
    n.failover.offsetAdvanced();
  }

  private ack(): void {
    this.send(this.n.primaryOf, { kind: 'ack', from: this.n.idx, offset: this.n.offset }, SMALL_BYTES);
  }

  readonly onMessage = (m: ReplMessage): void => {
    const n = this.n;
    if (m.kind === 'psync') return this.onPsync(m.from, m.head);
    if (m.kind === 'ack') {
      if (this.attached.has(m.from)) {
        this.attached.set(m.from, Math.max(this.attached.get(m.from)!, m.offset));
        this.releaseWaits();
      } else if (!this.fullSyncs.has(m.from)) {
        // No such link here (this process restarted, or is no primary): the replica's connection resets.
        this.send(m.from, { kind: 'reset', from: n.idx }, SMALL_BYTES);
      }
      return;
    }
    // From a primary: only this replica's current primary is listened to.
    if (n.role !== 'replica' || m.from !== n.primaryOf) return;
    this.lastInteractionLocal = n.localNow();
    switch (m.kind) {
      case 'entry':
        if (this.resyncing) return;
        if (m.entry.prev === n.head) {
          this.apply(m.entry);
          if (this.opts.waitReplicas > 0) this.ack();
        } else if (m.entry.offset > n.offset) this.requestSync();
        return;
      case 'repl-ping':
        if (!this.resyncing && m.offset !== n.offset) this.requestSync();
        else if (!this.resyncing) this.ack();
        return;
      case 'reset':
        if (!this.resyncing) this.requestSync();
        return;
      case 'full':
        n.data = m.snapshot;
        n.head = m.head;
        return;
      case 'partial':
        for (const e of m.entries) {
          if (e.prev === n.head) this.apply(e);
          else if (e.offset > n.offset) return this.requestSync();
        }
        this.syncAskedLocal = -1;
        this.ack();
        return;
    }
  };

  /** The replication part of the node's cron. */
  cron(now: number): void {
    const n = this.n;
    if (n.role === 'primary') {
      if (now - this.lastPingLocal >= this.opts.replPingReplicaPeriodUs) {
        this.lastPingLocal = now;
        for (const r of this.attached.keys()) this.send(r, { kind: 'repl-ping', from: n.idx, offset: n.offset }, SMALL_BYTES);
      }
      while (this.waitHead < this.waits.length && this.waits[this.waitHead].deadlineLocal <= now) {
        const w = this.waits[this.waitHead++];
        w.call.respond(REPLY_OVERHEAD_BYTES, { ok: false, error: `wait-timeout (${this.acked(w.offset)} of ${this.opts.waitReplicas} replicas)`, maybeApplied: true });
      }
      this.compactWaits();
    } else if (this.resyncing) {
      if (now - this.syncAskedLocal >= REPLICA_CRON_US) this.requestSync();
    } else if (n.primaryOf >= 0 && now - this.lastAckLocal >= REPLICA_CRON_US) {
      // REPLCONF ACK every second: also how a replica finds its primary's process gone.
      this.lastAckLocal = now;
      this.ack();
    }
  }

  /** The process died: links and pending work are gone. */
  reset(): void {
    this.attached.clear();
    this.fullSyncs.clear();
    this.waits = [];
    this.waitHead = 0;
    this.syncAskedLocal = -1;
    const now = this.n.localNow();
    this.lastPingLocal = now;
    this.lastInteractionLocal = now;
  }
}

function bytesOf(entries: readonly ReplEntry[]): number {
  let b = 0;
  for (const e of entries) b += e.offset - offsetOf(e.prev);
  return b;
}
