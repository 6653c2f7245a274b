// A Memcached cluster (ElastiCache for Memcached, or self-run memcached) as one engine, for the
// `cache:` section only: `nodes` independent servers spread over the AZs, no replication, and
// clients that hash keys onto them with ketama (driver.ts). Each node holds about 1/N of the
// keys, so losing one loses about that share of the cache (ElastiCache: "a node failure loses
// approximately 1/N of your cached data"), and with cache-aside those keys' reads go to the
// database until the node is back (and filled) or, with `remove_failed`, until their new nodes
// are filled.
// Nodes, in order: memcached-1 .. memcached-N (node-outline.ts), role `cache`. The engine holds
// no record of its own: its one failure domain is `cache`, nothing survives in it, and an
// operator failover has nothing to fail over to.
// Leaves out: Auto Discovery (the configuration endpoint's node list: nodes are never added or
// removed here), and use as the database of record (the factory is cache-only).

import type { SimNode } from '../../sim/node.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Driver } from '../../sim/operation.ts';
import { keyName } from '../../sim/key-chooser.ts';
import type { Engine, EngineContext, EngineOptions } from '../engine.ts';
import { readOptions, type MemcachedOptions } from './options.ts';
import { memcachedOutline } from './node-outline.ts';
import { MemcachedNode, type MemcachedCounter } from './memcached-node.ts';
import { MemcachedDriver, type DriverParts } from './driver.ts';
import { KetamaRing, keyPoint, serverPoints, type RingServer } from './ketama-ring.ts';

export const MEMCACHED_COUNTERS: readonly MemcachedCounter[] = ['evictions', 'expired_keys', 'node_marked_failed'];

export class MemcachedCluster implements Engine {
  readonly opts: MemcachedOptions;
  readonly members: MemcachedNode[] = [];
  private readonly servers: RingServer[];
  private readonly pointsOf: readonly number[][];
  /** Rings by the set of nodes in them ('1' in, '0' out), shared by the clients. */
  private readonly rings = new Map<string, KetamaRing>();
  /** Each key's ring point, computed on first use (-1: not yet). */
  private readonly keyPoints: Float64Array;
  private readonly driverParts: DriverParts;

  constructor(ctx: EngineContext, options: EngineOptions) {
    const sim = ctx.sim;
    const o = (this.opts = readOptions(options, sim.region.azs));
    const count = (c: MemcachedCounter, n: number) => ctx.count(c, n);
    for (const [idx, p] of memcachedOutline(o).entries()) {
      const node = sim.createNode(p.name, p.az, [...p.roles]);
      this.members.push(new MemcachedNode({ opts: o, rng: sim.rng(`engine/memcached/${p.name}`), count }, node, idx));
    }
    this.servers = this.members.map((m) => ({ index: m.idx, name: m.name }));
    this.pointsOf = this.servers.map((s) => serverPoints(s.name, o.pointsPerNode));
    this.keyPoints = new Float64Array(ctx.keyCount).fill(-1);
    this.driverParts = {
      opts: o,
      network: sim.network,
      now: sim.now,
      nodes: this.members,
      ringOf: (live) => this.ringOf(live),
      keyPoint: (k) => this.keyPoint(k),
      count,
    };
  }

  ringOf(live: readonly boolean[]): KetamaRing {
    const id = live.map((l) => (l ? '1' : '0')).join('');
    let ring = this.rings.get(id);
    if (ring === undefined) {
      ring = new KetamaRing(this.servers.filter((s) => live[s.index]), (s) => this.pointsOf[s.index]);
      this.rings.set(id, ring);
    }
    return ring;
  }

  keyPoint(keyIndex: number): number {
    let p = this.keyPoints[keyIndex];
    if (p < 0) p = this.keyPoints[keyIndex] = keyPoint(keyName(keyIndex));
    return p;
  }

  /** The node a key lives on with every node in the ring. */
  nodeOfKey(keyIndex: number): number {
    return this.ringOf(this.members.map(() => true)).serverFor(this.keyPoint(keyIndex));
  }

  // ---- Engine ------------------------------------------------------------------------------

  nodes(): readonly SimNode[] {
    return this.members.map((m) => m.node);
  }

  domainOf(): string {
    return 'cache';
  }

  domains(): readonly string[] {
    return ['cache'];
  }

  driver(client: SimClient): Driver {
    return new MemcachedDriver(this.driverParts, client);
  }

  /** Memcached has no replicas: there is nothing to fail over to. */
  operatorFailover(): void {}

  /** A cache holds copies, not the record. */
  survivingValues(): Iterable<number> {
    return [];
  }

  counters(): readonly string[] {
    return MEMCACHED_COUNTERS;
  }
}
