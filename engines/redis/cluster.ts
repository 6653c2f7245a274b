// A Redis Cluster (or ElastiCache for Redis with cluster mode) as one engine: shards of one
// primary and `replicas_per_shard` replicas, the 16,384 slots split evenly over the shards, and
// (with `elasticache`) the managed control plane. Each shard is its own failure domain
// (`shard-<i>`), so one shard's write outage shows while the others keep writing.
// Nodes, in their stable order (what a fault target's `index` counts in): for each shard i,
// its primary then its replicas, named redis-1, redis-2, ...; roles `primary` / `replica`, label
// `shard: i`. Shard i's primary starts in the i-th AZ (in turn), its replicas in the next ones.
// The surviving history of a key is the chain of its shard's primary with the highest config
// epoch (the one the cluster agrees on once faults heal).
// With `global_secondary_azs`, a Global Datastore's secondary cluster (global-datastore.ts) comes
// after them (global-1.., one per shard), its region's control-plane host after it, and its
// region's clients use global-driver.ts.
// Leaves out: resharding, replica migration between shards, and cluster-mode-disabled groups.

import type { SimNode } from '../../sim/node.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import type { Driver } from '../../sim/operation.ts';
import { domainEvents, type DomainEvents } from '../../sim/domain-events.ts';
import type { Engine, EngineContext, EngineOptions, ReplicaBacklog } from '../engine.ts';
import { readOptions, type RedisOptions } from './options.ts';
import { redisOutline } from './node-outline.ts';
import { keyShardTable } from './slots.ts';
import type { InitialNode } from './cluster-view.ts';
import { RedisNode, type RedisCounter } from './redis-node.ts';
import { RedisDriver, type DriverParts } from './driver.ts';
import { ElastiCacheControlPlane } from './elasticache.ts';
import { valuesByKey, type ReplEntry } from './repl-log.ts';
import { replicaBacklog } from './replica-backlog.ts';
import { SafetyLedger } from './safety-invariants.ts';
import { GlobalPromotion, GlobalShard } from './global-datastore.ts';
import { GlobalDriver } from './global-driver.ts';
import { GlobalFeed } from './global-feed.ts';
import { globalOutline } from './node-outline.ts';
import { regionOfAz, regionalControlPlaneAz } from '../../sim/regions.ts';

/** A Global Datastore's secondary cluster: its nodes by shard, its region, its control plane's promotion. */
interface Secondary {
  shards: GlobalShard[];
  feed: GlobalFeed;
  region: string;
  promotion: GlobalPromotion;
}

export const REDIS_COUNTERS: readonly RedisCounter[] = ['evictions', 'expired_keys'];

export class RedisCluster implements Engine {
  readonly sim: Sim;
  readonly opts: RedisOptions;
  readonly members: RedisNode[] = [];
  readonly control: ElastiCacheControlPlane | null;
  /** The simulator's record of votes and election winners (safety-invariants.ts). */
  readonly ledger: SafetyLedger;
  private readonly keyShard: Int32Array;
  private readonly domainNames: string[];
  /** One event emitter per shard (each shard is a failure domain). */
  private readonly shardEvents: DomainEvents[];
  private readonly byNodeId = new Map<number, RedisNode>();
  private readonly initial: InitialNode[] = [];
  private readonly owners: number[] = [];
  /** What each client's driver is handed. */
  private readonly driverParts: DriverParts;
  /** The Global Datastore's secondary cluster, if any. */
  readonly secondary: Secondary | null = null;
  /** Last failure-detected event per node (true time), so a FAIL reached by many nodes is logged once. */
  private readonly detectedAt = new Map<number, number>();

  constructor(
    readonly ctx: EngineContext,
    options: EngineOptions,
  ) {
    const sim = (this.sim = ctx.sim);
    const { network, now } = sim;
    const o = (this.opts = readOptions(options, sim.region.azs));
    this.keyShard = keyShardTable(ctx.keyCount, o.shards);
    this.domainNames = Array.from({ length: o.shards }, (_, i) => `shard-${i}`);
    this.shardEvents = this.domainNames.map((d) => domainEvents(sim.events, d));
    // The nodes as the outline lays them out (its one source of names, AZs, roles and shards):
    // each shard's primary comes before its replicas.
    const outline = redisOutline(o);
    outline.forEach((n, idx) => {
      const shard = n.labels.shard;
      if (n.roles[0] === 'primary') {
        this.owners.push(idx);
        this.initial.push({ role: 'primary', primaryOf: -1, configEpoch: shard + 1 });
      } else this.initial.push({ role: 'replica', primaryOf: this.owners[shard], configEpoch: 0 });
    });
    const names = outline.map((n) => n.name);
    this.ledger = new SafetyLedger(names, this.owners, this.owners.map((o) => this.initial[o].configEpoch));
    const shardOfKey = (keyIndex: number): number => this.keyShard[keyIndex];
    outline.forEach((p, idx) => {
      const node = sim.createNode(p.name, p.az, [...p.roles]);
      const shard = p.labels.shard;
      const rn = new RedisNode(
        {
          opts: o,
          network,
          rng: sim.rng(`engine/redis/${node.name}`),
          now,
          events: this.shardEvents[shard],
          peers: this.members,
          ledger: this.ledger,
          shardOfKey,
          count: (counter, amount) => ctx.count(counter, amount),
          lag: (replica, lagUs) => ctx.replicationLag(replica, lagUs),
          failureDetected: (target, by, reports, quorum) => this.failureDetected(target, by, reports, quorum),
          // The primary's stream crosses to the secondary's node of its shard (only with a secondary).
          appended: o.globalSecondaryAzs === null ? undefined : (from, e) => this.toSecondary(from, e),
        },
        node,
        idx,
        shard,
        this.initial,
        this.owners,
      );
      this.members.push(rn);
      this.byNodeId.set(node.id, rn);
    });
    for (const rn of this.members) if (rn.primaryOf >= 0) this.members[rn.primaryOf].repl.attachInSync(rn.idx);
    this.control = o.elasticache
      ? new ElastiCacheControlPlane({
          opts: o,
          node: sim.createNode('elasticache-control-plane', 'control-plane', ['control-plane']),
          network,
          rng: sim.rng('engine/redis/elasticache-control-plane'),
          now,
          shardEvents: this.shardEvents,
          nodes: this.members,
        })
      : null;
    this.secondary = this.buildSecondary();
    this.driverParts = { network, nodes: this.members, shardOfKey, initialTopology: () => this.initialTopology() };
    for (const rn of this.members) rn.start();
    this.control?.start();
  }

  shardOfKey(keyIndex: number): number {
    return this.keyShard[keyIndex];
  }

  private buildSecondary(): Secondary | null {
    const { sim, opts: o } = this;
    const outline = globalOutline(o);
    if (outline.length === 0) return null;
    const regions = new Set(outline.map((n) => regionOfAz(sim.region, n.az)));
    const [region] = regions;
    // Invariant: the loader's check (options.ts) refused home-region AZs and AZs of two regions.
    if (regions.size !== 1 || region === undefined) throw new Error(`engine.global_secondary_azs: the AZs must all be in one region other than the first (they are in ${[...regions].join(', ')})`);
    const feed = new GlobalFeed({ network: sim.network, rng: sim.rng('engine/redis/global-feed'), opts: o, sources: this.members, events: (shard) => this.shardEvents[shard] });
    const shards = outline.map((n) => {
      const shard = n.labels.shard;
      return new GlobalShard(
        {
          opts: o,
          network: sim.network,
          rng: sim.rng(`engine/redis/${n.name}`),
          now: sim.now,
          events: this.shardEvents[shard],
          lag: (replica, lagUs) => this.ctx.replicationLag(replica, lagUs),
          resync: (from, to) => feed.resync(from, to, to.shard),
        },
        sim.createNode(n.name, n.az, [...n.roles]),
        shard,
      );
    });
    const host = sim.createNode(`elasticache-control-plane-${region}`, regionalControlPlaneAz(region), ['control-plane']);
    const promotion = new GlobalPromotion({ host, region, network: sim.network, rng: sim.rng('engine/redis/global-promotion'), opts: o, events: this.shardEvents[0], shards });
    return { shards, feed, region, promotion };
  }

  /** A shard primary's new entry, sent to the secondary's node of that shard over the inter-region link. */
  private toSecondary(from: RedisNode, e: ReplEntry): void {
    const sec = this.secondary;
    if (sec !== null) sec.feed.appended(from, e, sec.shards[from.shard]);
  }

  /** The slot map a client learns when it starts (CLUSTER SLOTS at connect time). */
  initialTopology(): { primaries: number[]; replicas: number[][] } {
    return { primaries: [...this.owners], replicas: this.owners.map((p) => this.initial.flatMap((n, i) => (n.primaryOf === p ? [i] : []))) };
  }

  /** A node marked `target` FAIL: logged once per failure (again only after the report window). */
  private failureDetected(target: number, by: string, reports: number, quorum: number): void {
    const now = this.sim.scheduler.now;
    const last = this.detectedAt.get(target);
    if (last !== undefined && now - last < this.opts.nodeTimeoutUs * Math.max(1, this.opts.failReportValidityMult)) return;
    this.detectedAt.set(target, now);
    const t = this.members[target];
    this.shardEvents[t.shard]('failure-detected', t.name, `${by} marked it FAIL: ${reports} primaries report it (majority ${quorum})`);
  }

  // ---- Engine ------------------------------------------------------------------------------

  nodes(): readonly SimNode[] {
    const out = this.members.map((n) => n.node);
    for (const g of this.secondary?.shards ?? []) out.push(g.node);
    return out;
  }

  domainOf(keyIndex: number): string {
    return this.domainNames[this.keyShard[keyIndex]];
  }

  domains(): readonly string[] {
    return this.domainNames;
  }

  driver(client: SimClient): Driver {
    const d = new RedisDriver(this.driverParts, client);
    const sec = this.secondary;
    if (sec === null || regionOfAz(this.sim.region, client.az) !== sec.region) return d;
    return new GlobalDriver({ network: this.sim.network, shards: sec.shards, shardOfKey: (k) => this.keyShard[k] }, client, d);
  }

  /** CLUSTER FAILOVER: on a replica, it replaces its primary; on a primary, its most caught-up replica does. */
  operatorFailover(nodes: SimNode[]): void {
    for (const sn of nodes) {
      // A secondary node: the operator fails the global datastore over to its region.
      if (this.secondary?.shards.some((g) => g.node === sn)) {
        this.secondary.promotion.request();
        continue;
      }
      const rn = this.byNodeId.get(sn.id);
      if (rn === undefined || !rn.node.isUp) continue;
      if (rn.role === 'replica') {
        rn.failover.startManual();
        continue;
      }
      let best: RedisNode | null = null;
      for (const p of rn.view.peers) {
        if (p.role !== 'replica' || p.primaryOf !== rn.idx) continue;
        if (best === null || p.offset > rn.view.peers[best.idx].offset) best = this.members[p.idx];
      }
      if (best === null) rn.emit('failover-refused', 'no replica to fail over to');
      else best.failover.startManual();
    }
  }

  counters(): readonly string[] {
    return REDIS_COUNTERS;
  }

  /** Replicas that are up behind an up primary: the oldest write each has not applied. */
  replicationBacklog(): readonly ReplicaBacklog[] {
    return replicaBacklog(this.members);
  }

  private surviving: Map<number, number[]>[] | null = null;

  survivingValues(keyIndex: number): Iterable<number> {
    if (this.surviving === null) {
      this.surviving = this.domainNames.map((_, s) => {
        // A shard whose secondary was promoted: its history is the surviving one.
        const promoted = this.secondary?.shards[s];
        if (promoted !== undefined && promoted.role === 'primary') return promoted.history();
        let best: RedisNode | null = null;
        for (const rn of this.members) {
          if (rn.shard !== s) continue;
          const rank = (x: RedisNode) => (x.role === 'primary' ? 1 : 0);
          if (best === null || rank(rn) > rank(best) || (rank(rn) === rank(best) && (rn.configEpoch > best.configEpoch || (rn.configEpoch === best.configEpoch && rn.offset > best.offset)))) best = rn;
        }
        return valuesByKey(best!.head);
      });
    }
    return this.surviving[this.keyShard[keyIndex]].get(keyIndex) ?? [];
  }
}
