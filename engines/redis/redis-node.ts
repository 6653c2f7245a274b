// One Redis Cluster node: a process with a dataset, a replication stream, a view of the cluster
// and its bus, elections, and one thread serving commands (`service`). Roles: `primary` (serves
// its shard's slots, reads and writes) or `replica` (follows a primary; serves reads only on
// READONLY connections, i.e. `eventual` reads). A command is refused with CLUSTERDOWN while the
// node's cluster state is FAIL, redirected with MOVED when another node serves its slot, refused
// with OOM when a write finds memory full and nothing evictable.
// Crash: the dataset and the stream are volatile (with `appendonly`, what was fsynced in the last
// second survives); the cluster config (epochs, slot owners, votes: nodes.conf) is durable. A
// restarted node keeps its role until the cluster tells it otherwise, and a primary serves
// nothing for `writable_delay`.
// Leaves out: multi-key commands, pipelines, blocking commands and client output buffers.

import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler } from '../../sim/distribution.ts';
import { Keyspace } from './keyspace.ts';
import type { ReplEntry } from './repl-log.ts';
import { ClusterView, type InitialNode } from './cluster-view.ts';
import { Bus, type BusParts, type BusPeer } from './bus.ts';
import { Replication, type ReplicationParts, type ReplicationPeer } from './replication.ts';
import { Failover, type FailoverParts } from './failover.ts';
import { statusOf, type StatusCall } from './elasticache.ts';
import { REPLY_OVERHEAD_BYTES, SMALL_BYTES, type BusMessage, type Command, type CommandReply, type ReplMessage, type SlotsReply } from './messages.ts';
import type { RedisOptions } from './options.ts';
import type { EventKind } from '../../sim/event-kinds.ts';

/** Active expiry: keys sampled per round, and rounds per cron at most (activeExpireCycle). */
const EXPIRE_SAMPLES = 20;
const EXPIRE_ROUNDS = 16;
/** appendfsync everysec. */
const FSYNC_INTERVAL_US = 1_000_000;

/** Another node of the cluster, as this node's bus and replication link reach it. */
export type RedisPeer = BusPeer & ReplicationPeer;

/** The node's counters (Engine.counters()). */
export type RedisCounter = 'evictions' | 'expired_keys';

export interface RedisNodeParts {
  opts: Pick<
    RedisOptions,
    | 'service'
    | 'cronIntervalUs'
    | 'appendonly'
    | 'requireFullCoverage'
    | 'rejoinDelayUs'
    | 'writableDelayUs'
    | 'allowReadsWhenDown'
    | 'maxmemoryBytes'
    | 'maxmemoryPolicy'
    | 'maxmemorySamples'
    | 'keyTtlUs'
    | 'waitReplicas'
  > &
    BusParts['opts'] &
    ReplicationParts['opts'] &
    FailoverParts['opts'];
  network: Network;
  rng: Rng;
  /** True time. */
  now: () => number;
  /** Bound to this node's shard. */
  events: DomainEvents;
  /** Every node of the cluster, by index (this one included). */
  peers: readonly RedisPeer[];
  ledger: FailoverParts['ledger'];
  /** The shard whose slots hold the key. */
  shardOfKey(keyIndex: number): number;
  count(counter: RedisCounter, amount: number): void;
  lag: ReplicationParts['lag'];
  failureDetected: BusParts['failureDetected'];
  /** A primary appended an entry to its stream (a Global Datastore's feed); optional. */
  appended?(from: RedisNode, e: ReplEntry): void;
}

export class RedisNode {
  role: 'primary' | 'replica';
  primaryOf: number;
  configEpoch: number;
  data = new Keyspace();
  /** With appendonly: the head as of the last fsync (durable). */
  private durableHead: ReplEntry | null = null;
  private lastFsyncLocal = 0;
  readonly view: ClusterView;
  readonly bus: Bus;
  readonly repl: Replication;
  readonly failover: Failover;
  private readonly service: ServiceQueue;
  private paused: Call<Command, CommandReply>[] = [];
  private readonly opts: RedisNodeParts['opts'];

  constructor(
    private readonly parts: RedisNodeParts,
    readonly node: SimNode,
    readonly idx: number,
    /** The shard this node belongs to (label `shard`): it is that shard's primary or one of its replicas. */
    readonly shard: number,
    initial: readonly InitialNode[],
    owners: readonly number[],
  ) {
    const me = initial[idx];
    const o = (this.opts = parts.opts);
    const { network, rng, peers } = parts;
    this.role = me.role;
    this.primaryOf = me.primaryOf;
    this.configEpoch = me.configEpoch;
    node.roles = [me.role];
    node.labels = { shard };
    this.view = new ClusterView(idx, initial, owners, node.localNow());
    this.bus = new Bus({ opts: o, node, network, rng, host: this, peers, elections: (m) => this.failover.onMessage(m), failureDetected: parts.failureDetected });
    this.repl = new Replication({
      opts: o,
      node,
      network,
      rng,
      now: parts.now,
      events: parts.events,
      host: this,
      peers,
      lag: parts.lag,
      offsetAdvanced: () => this.failover.offsetAdvanced(),
      appended: parts.appended === undefined ? undefined : (e) => parts.appended!(this, e),
    });
    this.failover = new Failover({ opts: o, node, rng, events: parts.events, host: this, bus: this.bus, link: this.repl, ledger: parts.ledger, peers });
    this.service = new ServiceQueue(node, o.service.workers, sampler(o.service.time, rng));
    node.hooks = { onCrash: () => this.crashed(), onRestart: () => this.restarted() };
  }

  get name(): string {
    return this.node.name;
  }

  get head(): ReplEntry | null {
    return this.repl.head;
  }

  get offset(): number {
    return this.repl.offset;
  }

  localNow(): number {
    return this.node.localNow();
  }

  emit(kind: EventKind, detail: string): void {
    this.parts.events(kind, this.name, detail);
  }

  /** A full resynchronisation's snapshot replaces the dataset. */
  replaceData(snapshot: Keyspace): void {
    this.data = snapshot;
  }

  /** Starts the cron, at a random phase (nodes' processes did not start in the same microsecond). */
  start(): void {
    const o = this.opts;
    this.bus.randomPhase(Math.round(this.parts.rng.uniform() * o.pingIntervalUs));
    this.node.setTimer(1 + Math.round(this.parts.rng.uniform() * o.cronIntervalUs), this.cron);
  }

  private readonly cron = (): void => {
    const now = this.localNow();
    this.bus.cron(now);
    this.stateMayChange();
    this.repl.cron(now);
    if (this.role === 'primary') this.activeExpire(now);
    if (this.opts.appendonly && now - this.lastFsyncLocal >= FSYNC_INTERVAL_US) {
      this.lastFsyncLocal = now;
      this.durableHead = this.repl.head;
    }
    this.node.setTimer(this.opts.cronIntervalUs, this.cron);
  };

  /** Flags or config changed: recompute the cluster state; a replica may need to stand. */
  stateMayChange(): void {
    const o = this.opts;
    const view = this.view;
    const next = view.nextState(this.localNow(), o.requireFullCoverage, o.rejoinDelayUs, o.writableDelayUs);
    if (next !== null && next !== view.state) {
      view.state = next;
      if (this.role === 'primary') {
        const detail = `reaches ${view.reachablePrimaries()} of ${view.shards} primaries${view.slotUncovered() ? '; a shard is uncovered' : ''}`;
        this.emit(next === 'fail' ? 'cluster-down' : 'cluster-ok', detail);
      }
    }
    this.failover.check();
  }

  // ---- commands ----------------------------------------------------------------------------

  readonly onCommand = (c: Call<Command, CommandReply>): void => {
    this.service.submit(this.serve, c);
  };

  private readonly serve = (c: Call<Command, CommandReply>): void => {
    const op = c.req.op;
    const view = this.view;
    const isRead = op.kind === 'read';
    if (view.state === 'fail' && !(isRead && this.opts.allowReadsWhenDown)) {
      return c.respond(REPLY_OVERHEAD_BYTES, { ok: false, error: 'clusterdown', maybeApplied: false });
    }
    const owner = view.owner[this.parts.shardOfKey(op.keyIndex)];
    if (owner === this.idx) {
      if (isRead) return c.respond(REPLY_OVERHEAD_BYTES + op.sizeBytes, { ok: true, value: this.read(op.keyIndex) });
      if (this.failover.writesPaused(this.localNow())) {
        this.paused.push(c);
        return;
      }
      return this.write(c);
    }
    if (isRead && c.req.readonly && this.role === 'replica' && this.primaryOf === owner) {
      return c.respond(REPLY_OVERHEAD_BYTES + op.sizeBytes, { ok: true, value: this.read(op.keyIndex) });
    }
    c.respond(REPLY_OVERHEAD_BYTES, { ok: false, error: 'moved', maybeApplied: false, movedTo: owner });
  };

  /** GET: a key past its TTL reads as absent (a primary deletes it and tells its replicas). */
  private read(key: number): number | null {
    const item = this.data.peek(key);
    if (item === undefined) return null;
    const now = this.localNow();
    if (item.expireAtLocal >= 0 && item.expireAtLocal <= now) {
      if (this.role === 'primary') this.expire(key);
      return null;
    }
    item.lastAccessLocal = now;
    return item.value;
  }

  /** SET (value) or DEL (a write of null: a cache's invalidation). */
  private write(c: Call<Command, CommandReply>): void {
    const op = c.req.op;
    const o = this.opts;
    if (op.value === null) {
      if (this.data.delete(op.keyIndex)) this.repl.append(op.keyIndex, null, 0, -1, 'write');
      return c.respond(REPLY_OVERHEAD_BYTES, { ok: true, value: null });
    }
    if (o.maxmemoryBytes > 0 && !this.freeMemory()) {
      return c.respond(REPLY_OVERHEAD_BYTES, { ok: false, error: 'oom', maybeApplied: false });
    }
    const now = this.localNow();
    const expireAt = o.keyTtlUs > 0 ? now + o.keyTtlUs : -1;
    this.data.set(op.keyIndex, op.value, op.sizeBytes, expireAt, now);
    const e = this.repl.append(op.keyIndex, op.value, op.sizeBytes, expireAt, 'write');
    if (o.waitReplicas > 0) return this.repl.waitFor(e.offset, c);
    c.respond(REPLY_OVERHEAD_BYTES, { ok: true, value: null });
  }

  /** performEvictions: evict until under maxmemory; false when that is impossible. */
  private freeMemory(): boolean {
    const o = this.opts;
    while (this.data.usedBytes > o.maxmemoryBytes) {
      if (o.maxmemoryPolicy === 'noeviction') return false;
      const victim = this.data.lruCandidate(o.maxmemoryPolicy === 'allkeys-lru' ? 'all' : 'volatile', o.maxmemorySamples, this.parts.rng);
      if (victim === null) return false;
      this.data.delete(victim.key);
      this.repl.append(victim.key, null, 0, -1, 'evict');
      this.parts.count('evictions', 1);
    }
    return true;
  }

  private expire(key: number): void {
    this.data.delete(key);
    this.repl.append(key, null, 0, -1, 'expire');
    this.parts.count('expired_keys', 1);
  }

  /** activeExpireCycle: sample keys with a TTL, delete the expired, again while many were. */
  private activeExpire(now: number): void {
    for (let round = 0; round < EXPIRE_ROUNDS; round++) {
      const { checked, expired } = this.data.expiredSample(EXPIRE_SAMPLES, now, this.parts.rng);
      for (const item of expired) this.expire(item.key);
      if (checked === 0 || expired.length * 4 <= checked) return;
    }
  }

  /** Writes held by a manual failover's pause run now (or are redirected, if it went through). */
  resumeWrites(): void {
    this.failover.endPause();
    const held = this.paused;
    this.paused = [];
    for (const c of held) this.serve(c);
  }

  /** CLUSTER SLOTS: each shard's primary and its replicas not flagged FAIL, as this node sees them. */
  readonly onSlots = (c: Call<null, SlotsReply>): void => {
    const view = this.view;
    const primaries = Array.from(view.owner);
    const replicas = primaries.map((p) => view.peers.filter((x) => x.idx !== p && x.role === 'replica' && x.primaryOf === p && !x.fail).map((x) => x.idx));
    c.respond(REPLY_OVERHEAD_BYTES + 64 * view.peers.length, { primaries, replicas });
  };

  /** The ElastiCache control plane's poll. */
  readonly onStatus = (c: StatusCall): void => c.respond(SMALL_BYTES, statusOf(this));

  /** The ElastiCache control plane's takeover order. */
  readonly onTakeover = (why: string): void => this.failover.takeover(why);

  readonly onBus = (m: BusMessage): void => this.bus.onMessage(m);
  readonly onRepl = (m: ReplMessage): void => this.repl.onMessage(m);

  // ---- roles -------------------------------------------------------------------------------

  becomePrimary(configEpoch: number, why: string): void {
    const view = this.view;
    this.configEpoch = configEpoch;
    this.role = 'primary';
    this.primaryOf = -1;
    this.node.roles = ['primary'];
    view.selfIs('primary', -1, this.configEpoch);
    view.claim(this.shard, this.idx, this.configEpoch);
    this.failover.reset();
    this.repl.reset();
    this.emit('promoted', why);
    this.bus.broadcastPong();
    this.stateMayChange();
  }

  /** A primary that lost its slots to `primary` (higher epoch) follows it; its data will be replaced. */
  becomeReplicaOf(primary: number, why: string): void {
    this.role = 'replica';
    this.node.roles = ['replica'];
    this.view.selfIs('replica', primary);
    this.repl.stopPrimary();
    this.failover.reset();
    this.emit('demoted', `${why}; now a replica of ${this.parts.peers[primary].name}`);
    this.follow(primary);
    this.resumeWrites();
  }

  /** Replicates `primary` from now on. */
  follow(primary: number): void {
    this.primaryOf = primary;
    this.view.selfIs(this.view.peers[this.idx].role, primary);
    this.repl.startFollowing();
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  private crashed(): void {
    this.data = new Keyspace();
    this.paused = [];
    this.repl.resetTo(null);
    this.failover.reset();
  }

  private restarted(): void {
    const now = this.localNow();
    if (this.opts.appendonly) this.data = rebuild(this.durableHead, now);
    this.lastFsyncLocal = now;
    this.view.restarted(now);
    this.repl.resetTo(this.opts.appendonly ? this.durableHead : null);
    this.failover.reset();
    this.start();
    if (this.role === 'replica') this.repl.requestSync();
  }
}

/** The dataset an append-only file replays to: each key's last entry along the chain. */
function rebuild(head: ReplEntry | null, nowLocal: number): Keyspace {
  const ks = new Keyspace();
  const seen = new Set<number>();
  const latest: ReplEntry[] = [];
  for (let e = head; e !== null; e = e.prev) {
    if (seen.has(e.keyIndex)) continue;
    seen.add(e.keyIndex);
    latest.push(e);
  }
  for (let i = latest.length - 1; i >= 0; i--) {
    const e = latest[i];
    if (e.value !== null) ks.set(e.keyIndex, e.value, e.sizeBytes, e.expireAtLocal, nowLocal);
  }
  return ks;
}
