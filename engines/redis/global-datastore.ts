// ElastiCache Global Datastore (`global_secondary_azs`): a secondary cluster in another region, one
// read-only node per shard, fed asynchronously by the primary cluster (global-feed.ts). Every
// entry a shard's primary appends to its stream (writes, deletions, evictions, expiries) is also
// sent to the secondary's node of that shard over the inter-region link, so the secondary lags by
// the link's one-way delay plus queueing (AWS: cross-Region replication latency is typically under
// a second, docs/sources.md). An entry that does not follow the last one applied (one lost on
// the link, a restart here, a new primary's branch) makes the node resynchronise in full from its
// sender; until the snapshot arrives it keeps serving what it holds (stale), and it asks again
// with a later entry if the snapshot is a second late. The secondary serves reads (its region's clients read there, stale by the
// lag) and refuses writes (they go to the primary region: global-driver.ts).
// Promotion (AWS "failover" of the global datastore, a manual operation): an operator's `failover`
// of a secondary node reaches the secondary region's own control plane
// (`elasticache-control-plane-<region>`, in `control-plane@<region>`), which after
// `global_promotion` tells every secondary node to take writes; each becomes its shard's primary
// when the order arrives, and from then on ignores the old primary's stream. Writes the old
// primary acknowledged that had not crossed the link are lost (RPO about the lag).
// Leaves out: the secondary cluster's own replicas and failover, a restarted secondary node's
// resynchronisation before the next entry reaches it (it comes back empty), demoting the old primary cluster when its region
// comes back (it keeps its own writes: a split brain the run shows as lost writes), and a planned
// failover's wait for the secondary to catch up.

import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { Rng } from '../../sim/rng.ts';
import { nextEntry, offsetOf, valuesByKey, type ReplEntry } from './repl-log.ts';
import type { FeedMessage, FeedTarget, GlobalSnapshot } from './global-feed.ts';
import { REPLY_OVERHEAD_BYTES, SMALL_BYTES, type Command, type CommandReply } from './messages.ts';
import type { RedisOptions } from './options.ts';

/** What a secondary node answers when asked whether it takes writes (the driver's ROLE check). */
export type GlobalRole = 'secondary' | 'primary';

export interface GlobalShardParts {
  opts: Pick<RedisOptions, 'service'>;
  network: Network;
  rng: Rng;
  /** True time. */
  now: () => number;
  /** Bound to this node's shard. */
  events: DomainEvents;
  /** A write applied here `lagUs` after the primary applied it. */
  lag(replica: string, lagUs: number): void;
  /** Asks primary-cluster node `from` for a full resynchronisation (global-feed.ts). */
  resync(from: number, to: GlobalShard): void;
}

/** A resynchronisation not answered this long (true time) is asked for again with the next entry. */
const RESYNC_RETRY_US = 1_000_000;

/** One shard's node of the secondary cluster. */
export class GlobalShard implements FeedTarget {
  role: GlobalRole = 'secondary';
  /** The history applied here (the primary's entries, then its own writes once promoted). */
  private head: ReplEntry | null = null;
  /** The primary's last entry applied here: the next one must follow it. */
  private source: ReplEntry | null = null;
  /** When a resynchronisation was last asked for (true time), or null when in sync. */
  private resyncAskedUs: number | null = null;
  private readonly values = new Map<number, number>();
  private readonly service: ServiceQueue;

  constructor(
    private readonly parts: GlobalShardParts,
    readonly node: SimNode,
    readonly shard: number,
  ) {
    this.service = new ServiceQueue(node, parts.opts.service.workers, sampler(parts.opts.service.time, parts.rng));
    node.labels = { shard };
    // No persistence and no resynchronisation: a restarted node holds nothing (see the header).
    node.hooks = { onCrash: () => this.forget() };
  }

  get name(): string {
    return this.node.name;
  }

  private forget(): void {
    this.head = null;
    this.source = null;
    this.resyncAskedUs = null;
    this.values.clear();
  }

  private apply(keyIndex: number, value: number | null, sizeBytes: number, reason: ReplEntry['reason']): void {
    this.head = nextEntry(this.head, keyIndex, value, sizeBytes, -1, this.parts.now(), reason);
    if (value === null) this.values.delete(keyIndex);
    else this.values.set(keyIndex, value);
  }

  private follow(e: ReplEntry): void {
    this.apply(e.keyIndex, e.value, e.sizeBytes, e.reason);
    this.source = e;
    if (e.reason === 'write') this.parts.lag(this.name, this.parts.now() - e.commitUs);
  }

  /** An entry of the shard primary's stream arrived over the inter-region link. */
  readonly onFeed = (m: FeedMessage): void => {
    if (this.role === 'primary') return;
    const e = m.entry;
    if (this.resyncAskedUs === null && e.prev === this.source) return this.follow(e);
    // A gap: resynchronise from the sender (again, if the last request went unanswered).
    const now = this.parts.now();
    if (this.resyncAskedUs !== null && now - this.resyncAskedUs < RESYNC_RETRY_US) return;
    this.resyncAskedUs = now;
    this.parts.resync(m.from, this);
  };

  /** A full resynchronisation arrived: the dataset becomes the primary's, then what it appended since. */
  readonly onSnapshot = (s: GlobalSnapshot): void => {
    if (this.role === 'primary' || this.resyncAskedUs === null) return;
    const keep = new Set(s.items.map((i) => i.key));
    for (const k of [...this.values.keys()].sort((a, b) => a - b)) if (!keep.has(k)) this.apply(k, null, 0, 'write');
    for (const i of s.items) if (this.values.get(i.key) !== i.value) this.apply(i.key, i.value, i.sizeBytes, 'write');
    this.source = s.head;
    this.resyncAskedUs = null;
    for (const e of s.since) if (e.prev === this.source) this.follow(e);
  };

  readonly onCommand = (c: Call<Command, CommandReply>): void => {
    this.service.submit(this.serve, c);
  };

  private readonly serve = (c: Call<Command, CommandReply>): void => {
    const op = c.req.op;
    if (op.kind === 'read') return c.respond(REPLY_OVERHEAD_BYTES + op.sizeBytes, { ok: true, value: this.values.get(op.keyIndex) ?? null });
    // A secondary cluster is read-only (READONLY replicas of the primary's shards).
    if (this.role !== 'primary') return c.respond(REPLY_OVERHEAD_BYTES, { ok: false, error: 'readonly', maybeApplied: false });
    this.apply(op.keyIndex, op.value, op.value === null ? 0 : op.sizeBytes, 'write');
    c.respond(REPLY_OVERHEAD_BYTES, { ok: true, value: null });
  };

  /** ROLE: whether this node takes writes. */
  readonly onRole = (c: Call<null, GlobalRole>): void => c.respond(SMALL_BYTES, this.role);

  /** The regional control plane's order: this node is its shard's primary from now on. */
  readonly onPromote = (): void => {
    if (this.role === 'primary') return;
    this.role = 'primary';
    this.parts.events('promoted', this.name, `global datastore failover: the secondary takes writes for shard ${this.shard} (offset ${offsetOf(this.head)} applied)`);
  };

  /** The values the key took here, in order (the surviving history once promoted). */
  history(): Map<number, number[]> {
    return valuesByKey(this.head);
  }
}

export interface GlobalPromotionParts {
  /** The secondary region's control-plane host: the promotion orders leave from it. */
  host: SimNode;
  /** The secondary's region (what the failover makes primary). */
  region: string;
  network: Network;
  rng: Rng;
  opts: Pick<RedisOptions, 'globalPromotion'>;
  events: DomainEvents;
  shards: readonly GlobalShard[];
}

/** The secondary region's ElastiCache service running a global datastore failover. */
export class GlobalPromotion {
  private requested = false;
  private readonly delay: Sampler;

  constructor(private readonly parts: GlobalPromotionParts) {
    this.delay = sampler(parts.opts.globalPromotion, parts.rng);
  }

  /** The operator asked for the failover (once: a second request while one is under way does nothing). */
  request(): void {
    if (this.requested) return;
    this.requested = true;
    const { host, network, shards, events, region } = this.parts;
    events('failover-started', host.name, `global datastore failover to ${region} requested: its control plane promotes the secondary cluster`);
    host.defer(Math.round(this.delay()), () => {
      for (const s of shards) network.send(host, s.node, SMALL_BYTES, s.onPromote);
    });
  }
}
