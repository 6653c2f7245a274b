// A partition leader (REFERENCE-FIGURES.md C #36-#39): it sends heartbeats every `heartbeat` on its
// LOCAL clock; each heartbeat a follower acknowledges renews its lease to (the local time it was
// sent) + lease - lease_margin. Writes become log records, persisted on its host's WAL and
// shipped to the followers; a record commits once 2 of 3 replicas (the leader included) hold it
// durably and it belongs to the leader's term (earlier terms' records commit with it), and only
// then is the write acknowledged. A leader without a quorum cannot acknowledge anything.
// It serves writes and strong reads only while it holds its lease, after its wait for the old
// lease, and once its term's opening no-op committed (so its B-tree holds every committed write).
// A leader whose lease lapsed (no quorum heard for a lease) steps down.
// Followers that stop acknowledging are probed every `replication_retry` with an empty append;
// when one answers, the leader ships what it misses in batches.
// A leader that lost two storage replicas adds a log replica in place of one (quorum-keeper.ts);
// the replaced follower's acknowledgements then count toward no quorum and renew no lease.
// Leaves out: group commit, and read leases handed to followers.

import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import { HEADER_BYTES, RECORD_OVERHEAD_BYTES, REQUEST_BYTES, type ReplicaMessage, type ReplicaRef, type StorageReply, type StorageRequest } from './messages.ts';
import type { LogRecord, ReplicaLog } from './replica-log.ts';
import type { ItemCollections } from './item-collections.ts';
import type { DynamoOptions } from './options.ts';
import type { EventKind } from '../../sim/event-kinds.ts';
import type { GroupMembership } from './group-membership.ts';
import { QuorumKeeper, type KeptLeader, type KeptState } from './quorum-keeper.ts';
import type { LastWriterWins } from './last-writer-wins.ts';
import type { Stamp } from './item-stamp.ts';

/** The replica a leader runs in, as the leader uses it (replica.ts). */
export interface LeaderReplica extends ReplicaRef, KeptLeader {
  readonly opts: Pick<DynamoOptions, 'leaseUs' | 'leaseMarginUs' | 'heartbeatUs' | 'replicationRetryUs' | 'logReplicas' | 'logReplicaDelayUs'>;
  readonly membership: GroupMembership;
  readonly node: SimNode;
  readonly log: ReplicaLog;
  readonly peers: readonly ReplicaRef[];
  readonly term: number;
  readonly majority: number;
  /** Records up to this index have an apply scheduled (follower.ts). */
  readonly apply: { scheduled: number };
  readonly host: { persist(done: (arg: any) => void, arg: unknown): void };
  /** True time, and the replica's local clock. */
  now(): number;
  localNow(): number;
  timer(localDelayUs: number, fn: (arg: any) => void, arg?: unknown): number;
  send(to: ReplicaRef, m: ReplicaMessage): void;
  emit(kind: EventKind, detail: string): void;
  becomeFollower(why: string): void;
  /** Tells the routers it serves. */
  announce(): void;
  /** Drops the log records no replica of the group needs any more. */
  trimLog(): void;
  /** A record it just committed (the partition's stream, when streams are on). */
  committed(rec: LogRecord): void;
  /** The table's item collections when writes append to them (item-collections.ts); null otherwise. */
  readonly collections: ItemCollections | null;
  /** Adds to one of the engine's counters. */
  count(counter: string, amount: number): void;
  /** Global tables: stamps writes and decides replicated ones (undefined for a one-region table). */
  readonly lww?: LastWriterWins;
}

/** What a global table's record (its stamp, its origin) or an appending write's (its growth) adds to a record. */
type RecordExtra = Partial<Pick<LogRecord, 'stamp' | 'originRegion' | 'originCommitUs' | 'growth'>>;

type Msg<K extends ReplicaMessage['kind']> = Extract<ReplicaMessage, { kind: K }>;

/** Most records in one catch-up append. */
const BATCH = 256;

interface Progress {
  peer: ReplicaRef;
  /** Next index to ship. */
  next: number;
  /** Highest index the peer durably holds in this leader's log. */
  match: number;
  lastAckUs: number;
  /** True time of its last acknowledgement of any kind (quorum-keeper.ts). */
  lastHeardUs: number;
  /** Unresponsive: only probed, not streamed to. */
  probing: boolean;
  /** A log replica (log-replica.ts): it holds no B-tree and never leads. */
  logOnly: boolean;
  /** False for a log replica not yet heard from: it counts in no quorum yet. */
  joined: boolean;
}

interface Pending {
  rec: LogRecord;
  call: Call<StorageRequest, StorageReply>;
}

export class LeaderState implements KeptState {
  /** Local time until which this leader holds its lease (written only here). */
  private leaseUntilLocal = -Infinity;
  /** Ready to serve (old lease waited out, opening no-op committed). */
  ready = false;
  private readonly progress: Progress[];
  private pending: Pending[] = [];
  private head = 0;
  stopped = false;
  private readonly keeper: QuorumKeeper;
  private hbTimer = -1;
  private readonly electedLocal: number;
  private readonly openIndex: number;

  constructor(
    private readonly r: LeaderReplica,
    private readonly serveAfterLocal: number,
    bootstrap: boolean,
  ) {
    const now = r.now();
    const log = r.log;
    this.electedLocal = r.localNow();
    // Every replica of the group holds the log up to its base (log-trim.ts drops only what all applied).
    this.progress = r.peers.map((peer) => ({ peer, next: log.lastIndex + 1, match: log.base, lastAckUs: now, lastHeardUs: now, probing: false, logOnly: false, joined: true }));
    const standIn = r.membership.logReplica;
    if (standIn !== null) this.progress.push({ peer: standIn, next: log.lastIndex + 1, match: log.base, lastAckUs: now, lastHeardUs: now, probing: false, logOnly: true, joined: true });
    this.keeper = new QuorumKeeper(r, this);
    if (bootstrap) {
      // The table's first leaders: the lease is granted with the table.
      this.ready = true;
      this.openIndex = 0;
      this.leaseUntilLocal = this.electedLocal + r.opts.leaseUs - r.opts.leaseMarginUs;
    } else {
      this.openIndex = this.append(-1, 0, 0);
      r.timer(Math.max(0, serveAfterLocal - this.electedLocal), this.checkReady);
    }
    this.tick();
  }

  private get opts() {
    return this.r.opts;
  }

  holdsLease(): boolean {
    return this.r.localNow() < this.leaseUntilLocal;
  }

  canServe(): boolean {
    return this.ready && this.holdsLease();
  }

  /** The storage follower that holds the most of this leader's log and counts (an operator failover's successor). */
  mostCaughtUp(): ReplicaRef {
    const m = this.r.membership;
    let best: Progress | null = null;
    for (const p of this.progress) if (!p.logOnly && m.counts(p.peer) && (best === null || p.match > best.match)) best = p;
    return (best ?? this.progress[0]).peer;
  }

  get peers(): readonly Progress[] {
    return this.progress;
  }

  /** A log replica joins: it holds this leader's log up to `match`; what follows is shipped to it. */
  addPeer(peer: ReplicaRef, match: number): void {
    const now = this.r.now();
    const p: Progress = { peer, next: match + 1, match, lastAckUs: now, lastHeardUs: now, probing: false, logOnly: true, joined: false };
    this.progress.push(p);
    if (p.match < this.r.log.lastIndex) this.shipBatch(p);
  }

  /** Any acknowledgement from `p`: it was heard from, and a log replica joins with its first. */
  private heardFrom(p: Progress): void {
    p.lastHeardUs = this.r.now();
    if (!p.joined) {
      p.joined = true;
      this.keeper.joined(p.peer);
    }
  }

  removePeer(peer: ReplicaRef): void {
    const i = this.progress.findIndex((p) => p.peer === peer);
    if (i >= 0) this.progress.splice(i, 1);
  }

  /** The lowest index a follower is known to hold: what this leader may still ship from. */
  lowestMatch(): number {
    let low = Infinity;
    for (const p of this.progress) if (p.match < low) low = p.match;
    return low;
  }

  /** Local time until which this leader holds its lease. */
  get leaseExpiryLocal(): number {
    return this.leaseUntilLocal;
  }

  /** An operator failover: the lease ends now, and what waits for a commit is answered. */
  release(): void {
    this.leaseUntilLocal = this.r.localNow();
    this.stop(true);
  }

  stop(respond: boolean): void {
    this.stopped = true;
    this.keeper.stop();
    if (this.hbTimer >= 0) this.r.node.cancelTimer(this.hbTimer);
    if (respond) {
      for (let i = this.head; i < this.pending.length; i++) this.pending[i].call.respond(REQUEST_BYTES, { ok: false, error: 'not-leader', maybeApplied: true });
    }
    this.pending = [];
    this.head = 0;
  }

  // ---- writes ------------------------------------------------------------------------------

  write(req: StorageRequest, call: Call<StorageRequest, StorageReply>): void {
    const c = this.r.collections;
    let growth: number | undefined;
    if (c !== null) {
      // The leader's log holds every write it accepted, applied or not: the collection as it will be.
      if (!c.fits(this.r.log.grownBytes(req.keyIndex), req.sizeBytes)) {
        this.r.count('item_collection_full', 1);
        return call.respond(REQUEST_BYTES, { ok: false, error: 'item-collection-full', maybeApplied: false, final: true });
      }
      growth = c.growthOf(req.sizeBytes);
    }
    const lww = this.r.lww;
    // Invariant: a global table's writes never append (the options refuse item_writes: append with it).
    if (lww !== undefined) return this.globalWrite(lww, req, call);
    const rec = this.r.log.at(this.append(req.keyIndex, req.value!, req.sizeBytes, growth === undefined ? undefined : { growth }))!;
    this.pending.push({ rec, call });
  }

  /**
   * A global table's write: stamped when it is this region's, or (replicated from another region)
   * each of its writes appended unless a later one is held; answered once the last commits.
   */
  private globalWrite(lww: LastWriterWins, req: StorageRequest, call: Call<StorageRequest, StorageReply>): void {
    const log = this.r.log;
    if (req.replicated === undefined) {
      const stamp: Stamp = req.stamp ?? lww.local(log, req.keyIndex, this.r.localNow());
      this.pending.push({ rec: log.at(this.append(req.keyIndex, req.value!, req.sizeBytes, { stamp }))!, call });
      return;
    }
    let last = -1;
    for (const item of req.replicated) {
      if (lww.accepts(log, item)) last = this.append(item.keyIndex, item.value, item.sizeBytes, { stamp: item.stamp, originRegion: item.originRegion, originCommitUs: item.originCommitUs });
    }
    if (last < 0) return call.respond(REQUEST_BYTES, { ok: true, value: null });
    this.pending.push({ rec: log.at(last)!, call });
  }

  /** Appends a record of this term, persists it and streams it; returns its index. */
  private append(keyIndex: number, value: number, sizeBytes: number, extra?: RecordExtra): number {
    const r = this.r;
    const log = r.log;
    // Only a global table's writes (a stamp) and appending writes (a growth) carry more: every
    // other record keeps the shape it always had.
    const rec: LogRecord =
      extra === undefined
        ? { index: log.lastIndex + 1, term: r.term, keyIndex, value, bytes: sizeBytes + RECORD_OVERHEAD_BYTES, commitUs: -1 }
        : { index: log.lastIndex + 1, term: r.term, keyIndex, value, bytes: sizeBytes + RECORD_OVERHEAD_BYTES, commitUs: -1, ...extra };
    log.push(rec);
    const inc = r.node.incarnation;
    r.host.persist((x: LogRecord) => r.node.gate(this.persisted, x, inc), rec);
    for (const p of this.progress) {
      if (p.probing || p.next !== rec.index) continue;
      r.send(p.peer, { kind: 'append', term: r.term, from: r, prevIndex: rec.index - 1, prevTerm: log.termAt(rec.index - 1), records: [rec], commit: log.commit });
      p.next++;
    }
    return rec.index;
  }

  private readonly persisted = (rec: LogRecord): void => {
    // Durability belongs to the replica's log, not to this term: a record appended while it led
    // and written to disk after it stepped down is durable all the same, and the durable prefix
    // must grow past it or no later term's opening record could commit here.
    if (this.r.log.persistedRecord(rec) && !this.stopped) this.tryCommit();
  };

  onAppendAck(m: Msg<'append-ack'>): void {
    if (this.stopped) return;
    const p = this.progress.find((x) => x.peer === m.from);
    if (p === undefined) return;
    p.lastAckUs = this.r.now();
    this.heardFrom(p);
    p.probing = false;
    if (!m.ok) {
      p.next = m.index + 1;
      return this.shipBatch(p);
    }
    if (m.index > p.match) p.match = m.index;
    if (p.next <= p.match) p.next = p.match + 1;
    this.tryCommit();
    // Nothing in flight and something missing: a catch-up batch.
    if (p.next === p.match + 1 && p.match < this.r.log.lastIndex) this.shipBatch(p);
  }

  private shipBatch(p: Progress): void {
    const r = this.r;
    const log = r.log;
    const from = p.next;
    const to = Math.min(log.lastIndex, from + BATCH - 1);
    const records = from <= to ? log.slice(from, to) : [];
    r.send(p.peer, { kind: 'append', term: r.term, from: r, prevIndex: from - 1, prevTerm: log.termAt(from - 1), records, commit: log.commit });
    p.next = Math.max(from, to + 1);
  }

  /** Commits the highest index a majority holds durably, if it is of this term. */
  private tryCommit(): void {
    const r = this.r;
    const log = r.log;
    const n = this.quorumIndex();
    if (n <= log.commit || log.termAt(n) !== r.term) return;
    const now = r.now();
    for (let i = log.commit + 1; i <= n; i++) {
      const rec = log.at(i)!;
      if (rec.commitUs < 0) rec.commitUs = now;
      r.committed(rec);
    }
    log.commit = n;
    // Invariant: a leader's B-tree is its log applied up to its commit index.
    while (log.applied < n) log.applyNext();
    if (r.apply.scheduled < n) r.apply.scheduled = n;
    while (this.head < this.pending.length && this.pending[this.head].rec.index <= n) {
      const p = this.pending[this.head++];
      p.call.respond(REQUEST_BYTES, { ok: true, value: p.rec.value });
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    for (const p of this.progress) r.send(p.peer, { kind: 'commit', term: r.term, from: r, commit: n });
    this.checkReady();
    r.trimLog();
  }

  /** The highest index a majority (the leader included) holds durably; the leader's own at most. */
  private quorumIndex(): number {
    const persisted = this.r.log.persisted;
    const need = this.r.majority - 1; // followers besides the leader
    const m = this.r.membership;
    let best = 0;
    for (const c of this.progress) {
      const candidate = Math.min(c.match, persisted);
      if (candidate <= best || !c.joined || !m.counts(c.peer)) continue;
      let holders = 0;
      for (const p of this.progress) if (p.match >= candidate && p.joined && m.counts(p.peer)) holders++;
      if (holders >= need) best = candidate;
    }
    return need === 0 ? persisted : best;
  }

  // ---- lease and heartbeats ----------------------------------------------------------------

  private readonly tick = (): void => {
    if (this.stopped) return;
    const r = this.r;
    const opts = this.opts;
    const local = r.localNow();
    if (local >= Math.max(this.leaseUntilLocal, this.electedLocal + opts.leaseUs)) return r.becomeFollower('lease expired: no quorum heard');
    const now = r.now();
    for (const p of this.progress) {
      r.send(p.peer, { kind: 'heartbeat', term: r.term, from: r, sentLocal: local, commit: r.log.commit });
      if (p.match < r.log.lastIndex && now - p.lastAckUs >= opts.replicationRetryUs) {
        // Silent: probe with an empty append; its answer restarts streaming.
        p.probing = true;
        p.lastAckUs = now;
        p.next = p.match + 1;
        r.send(p.peer, { kind: 'append', term: r.term, from: r, prevIndex: p.match, prevTerm: r.log.termAt(p.match), records: [], commit: r.log.commit });
      }
    }
    this.keeper.check();
    this.hbTimer = r.timer(opts.heartbeatUs, this.tick);
  };

  onHeartbeatAck(m: Msg<'heartbeat-ack'>): void {
    if (this.stopped || !m.ok) return;
    const p = this.progress.find((x) => x.peer === m.from);
    if (p !== undefined) this.heardFrom(p);
    // A replaced follower's promise no longer makes a quorum with this leader's, nor does a joining one's.
    if (!this.r.membership.counts(m.from) || p?.joined === false) return;
    const until = m.sentLocal + this.opts.leaseUs - this.opts.leaseMarginUs;
    if (until > this.leaseUntilLocal) this.leaseUntilLocal = until;
    this.checkReady();
  }

  private readonly checkReady = (): void => {
    if (this.ready || this.stopped) return;
    const r = this.r;
    if (r.localNow() < this.serveAfterLocal || r.log.commit < this.openIndex || !this.holdsLease()) return;
    this.ready = true;
    r.emit('leader', `serving term ${r.term}`);
    r.announce();
  };
}

export const ANNOUNCE_BYTES = HEADER_BYTES;
