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
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { Keyspace } from './keyspace.ts';
import { entriesSince, nextEntry, offsetOf, type EntryReason, type ReplEntry } from './repl-log.ts';
import { SMALL_BYTES, REPLY_OVERHEAD_BYTES, type Command, type CommandReply, type ReplMessage } from './messages.ts';
import { checkChainStep } from './safety-invariants.ts';
import type { RedisOptions } from './options.ts';

/** How often a replica waiting for a resynchronisation asks again, and acknowledges its offset (replicationCron). */
const REPLICA_CRON_US = 1_000_000;

interface PendingWait {
  offset: number;
  deadlineLocal: number;
  call: Call<Command, CommandReply>;
}

/** What replication reads of its own node, and the dataset it applies the stream to. */
export interface ReplicationHost {
  readonly idx: number;
  readonly name: string;
  readonly role: 'primary' | 'replica';
  readonly primaryOf: number;
  readonly data: Keyspace;
  /** A full resynchronisation replaces the dataset whole. */
  replaceData(snapshot: Keyspace): void;
}

/** Another node, as the replication link reaches it. */
export interface ReplicationPeer {
  readonly name: string;
  readonly node: SimNode;
  readonly onRepl: (m: ReplMessage) => void;
}

export interface ReplicationParts {
  opts: Pick<RedisOptions, 'fullSync' | 'fullSyncBytesPerS' | 'replBacklogBytes' | 'waitReplicas' | 'waitTimeoutUs' | 'replPingReplicaPeriodUs'>;
  node: SimNode;
  network: Network;
  rng: Rng;
  /** True time (an entry's commit time, replication lag). */
  now: () => number;
  events: DomainEvents;
  host: ReplicationHost;
  /** Every node of the cluster, by index (this one included). */
  peers: readonly ReplicationPeer[];
  /** A replica applied a write `lagUs` after its primary did. */
  lag(replica: string, lagUs: number): void;
  /** The replica's offset moved (a manual failover may be ready). */
  offsetAdvanced(): void;
  /** This primary appended an entry (a Global Datastore forwards it across regions); optional. */
  appended?(e: ReplEntry): void;
}

export class Replication {
  /** This node's stream: its last entry (null: empty). */
  private headEntry: ReplEntry | null = null;
  /** Primary: attached replicas and the offset each acknowledged. */
  private readonly attached = new Map<number, number>();
  /** Primary: replicas with a full resynchronisation in progress. */
  private readonly fullSyncs = new Set<number>();
  private waits: PendingWait[] = [];
  private waitHead = 0;
  private lastPingLocal: number;
  /** Replica: last time anything came from its primary over the link (data age). */
  private lastInteraction: number;
  /** Replica: when it asked for a resynchronisation still unanswered, or -1. */
  private syncAskedLocal = -1;
  private lastAckLocal = 0;
  private readonly fullSyncBase: Sampler;
  private readonly n: ReplicationHost;
  private readonly opts: ReplicationParts['opts'];

  constructor(private readonly parts: ReplicationParts) {
    this.n = parts.host;
    this.opts = parts.opts;
    const now = parts.node.localNow();
    this.lastPingLocal = now;
    this.lastInteraction = now;
    this.fullSyncBase = sampler(parts.opts.fullSync, parts.rng);
  }

  get head(): ReplEntry | null {
    return this.headEntry;
  }

  get offset(): number {
    return offsetOf(this.headEntry);
  }

  get lastInteractionLocal(): number {
    return this.lastInteraction;
  }

  private localNow(): number {
    return this.parts.node.localNow();
  }

  private send(to: number, m: ReplMessage, bytes: number): void {
    const target = this.parts.peers[to];
    this.parts.network.send(this.parts.node, target.node, bytes, target.onRepl, m);
  }

  get resyncing(): boolean {
    return this.syncAskedLocal >= 0;
  }

  // ---- primary -----------------------------------------------------------------------------

  /** Appends an entry to this primary's stream and sends it to the attached replicas. */
  append(keyIndex: number, value: number | null, sizeBytes: number, expireAtLocal: number, reason: EntryReason): ReplEntry {
    const n = this.n;
    const e = nextEntry(this.headEntry, keyIndex, value, sizeBytes, expireAtLocal, this.parts.now(), reason);
    this.headEntry = e;
    const bytes = e.offset - offsetOf(e.prev);
    for (const r of this.attached.keys()) this.send(r, { kind: 'entry', from: n.idx, entry: e }, bytes);
    this.parts.appended?.(e);
    return e;
  }

  /** A replica in sync from the start (the cluster is created with its replicas attached). */
  attachInSync(replica: number): void {
    this.attached.set(replica, this.offset);
  }

  /** WAIT: reply once enough replicas acknowledged `offset`. */
  waitFor(offset: number, call: Call<Command, CommandReply>): void {
    const t = this.opts.waitTimeoutUs;
    this.waits.push({ offset, deadlineLocal: t > 0 ? this.localNow() + t : Infinity, call });
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
    const entries = head === null && this.headEntry !== null ? null : entriesSince(this.headEntry, head, this.opts.replBacklogBytes);
    const replica = this.parts.peers[from].name;
    if (entries !== null) {
      this.attached.set(from, offsetOf(head));
      this.send(from, { kind: 'partial', from: n.idx, entries }, SMALL_BYTES + bytesOf(entries));
      if (entries.length > 0) this.parts.events('partial-sync', replica, `from ${n.name}: ${entries.length} entries from offset ${offsetOf(head)}`);
      return;
    }
    // Full: a snapshot now (the fork), sent when written and transferred.
    this.attached.delete(from);
    this.fullSyncs.add(from);
    const snapshot = n.data.clone();
    const snapHead = this.headEntry;
    const delayUs = Math.round(this.fullSyncBase() + (snapshot.usedBytes / this.opts.fullSyncBytesPerS) * 1e6);
    this.parts.events('full-sync', replica, `from ${n.name}: ${snapshot.size} keys, ${snapshot.usedBytes} bytes; offset ${offsetOf(head)} not on its chain within the backlog`);
    this.parts.node.defer(delayUs, () => {
      this.fullSyncs.delete(from);
      if (n.role !== 'primary') return;
      this.send(from, { kind: 'full', from: n.idx, snapshot, head: snapHead }, SMALL_BYTES + snapshot.usedBytes);
      const since = entriesSince(this.headEntry, snapHead, Infinity) ?? [];
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

  /** This replica follows a (new) primary from now on: the link starts fresh, and it resynchronises. */
  startFollowing(): void {
    this.lastInteraction = this.localNow();
    this.requestSync();
  }

  /** Asks the current primary for a resynchronisation from this node's head. */
  requestSync(): void {
    const n = this.n;
    if (n.role !== 'replica' || n.primaryOf < 0) return;
    this.syncAskedLocal = this.localNow();
    this.send(n.primaryOf, { kind: 'psync', from: n.idx, head: this.headEntry }, SMALL_BYTES);
  }

  private apply(e: ReplEntry): void {
    const n = this.n;
    // Invariant: a replica's head only moves along its primary's chain (callers check e.prev === head).
    checkChainStep(n.name, this.headEntry, e);
    if (e.value === null) n.data.delete(e.keyIndex);
    else n.data.set(e.keyIndex, e.value, e.sizeBytes, e.expireAtLocal, this.localNow());
    this.headEntry = e;
    if (e.reason === 'write') this.parts.lag(n.name, this.parts.now() - e.commitUs);
    this.parts.offsetAdvanced();
  }

  private ack(): void {
    this.send(this.n.primaryOf, { kind: 'ack', from: this.n.idx, offset: this.offset }, SMALL_BYTES);
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
    this.lastInteraction = this.localNow();
    switch (m.kind) {
      case 'entry':
        if (this.resyncing) return;
        if (m.entry.prev === this.headEntry) {
          this.apply(m.entry);
          if (this.opts.waitReplicas > 0) this.ack();
        } else if (m.entry.offset > this.offset) this.requestSync();
        return;
      case 'repl-ping':
        if (!this.resyncing && m.offset !== this.offset) this.requestSync();
        else if (!this.resyncing) this.ack();
        return;
      case 'reset':
        if (!this.resyncing) this.requestSync();
        return;
      case 'full':
        n.replaceData(m.snapshot);
        this.headEntry = m.head;
        return;
      case 'partial':
        for (const e of m.entries) {
          if (e.prev === this.headEntry) this.apply(e);
          else if (e.offset > this.offset) return this.requestSync();
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
        for (const r of this.attached.keys()) this.send(r, { kind: 'repl-ping', from: n.idx, offset: this.offset }, SMALL_BYTES);
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

  /** The process died (its stream now `head`: what its append-only file kept, or nothing): as reset. */
  resetTo(head: ReplEntry | null): void {
    this.headEntry = head;
    this.reset();
  }

  /** The process died, or the role changed: links and pending work are gone. */
  reset(): void {
    this.attached.clear();
    this.fullSyncs.clear();
    this.waits = [];
    this.waitHead = 0;
    this.syncAskedLocal = -1;
    const now = this.localNow();
    this.lastPingLocal = now;
    this.lastInteraction = now;
  }
}

function bytesOf(entries: readonly ReplEntry[]): number {
  let b = 0;
  for (const e of entries) b += e.offset - offsetOf(e.prev);
  return b;
}
