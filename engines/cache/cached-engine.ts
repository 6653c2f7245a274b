// A database engine with a cache engine in front of it (the scenario's `cache:` section),
// composed through the engine contract only: both are engines built by their factories, each
// client gets a CacheDriver over the cache's driver and the database's. To the rest of the run
// the pair is one engine: its nodes are both engines' nodes (so fault targets and partition
// sides reach cache nodes too), its failure domains, surviving values and replication lag are
// the database's (the cache holds copies, not the record), its counters are the database's,
// the cache engine's (prefixed `cache_`) and the cache driver's.
// The cache section's `ttl` reaches the cache engine as its `key_ttl` option, and its
// `cache_timeout` option is how long the application waits for a cache command.
// Leaves out: a cache shared with other applications that write around it.

import type { SimClient } from '../../sim/client.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Driver } from '../../sim/operation.ts';
import type { Scheduler } from '../../sim/scheduler.ts';
import { defineOptions, duration, type CacheCounters, type Engine, type EngineOptions, type EngineFactory, type ReplicaBacklog } from '../engine.ts';
import { CacheDriver, CACHE_DRIVER_COUNTERS, type CacheStrategy } from './cache-driver.ts';

/** The scenario's `cache:` section, as the composition reads it. */
export interface CacheSection {
  strategy: CacheStrategy;
  ttlUs: number;
  options: EngineOptions;
}

/** When the cache engine declares no `cache_timeout` option. */
export const DEFAULT_CACHE_TIMEOUT_US = 100_000;

/**
 * The two options of a cache engine the composition sets or reads, when the engine declares
 * them (Redis Cluster does): the TTL every write sets, and how long a cache command may take.
 */
const composed = defineOptions({
  keyTtlUs: duration('key_ttl', 0, { doc: 'TTL every write sets: the cache section\'s `ttl`' }),
  cacheTimeoutUs: duration('cache_timeout', DEFAULT_CACHE_TIMEOUT_US, { doc: 'how long the application waits for a cache command' }),
});

/** The cache engine's options: the section's own, with `key_ttl` set from its `ttl`. */
export function cacheEngineOptions(factory: EngineFactory, cache: CacheSection): EngineOptions {
  return composed.fields.keyTtlUs.key in factory.options ? { ...cache.options, ...composed.byKey({ keyTtlUs: cache.ttlUs }) } : cache.options;
}

export class CachedEngine implements Engine {
  private readonly timeoutUs: number;

  constructor(
    readonly db: Engine,
    readonly cache: Engine,
    private readonly config: CacheSection,
    private readonly scheduler: Scheduler,
    private readonly count: (counter: string, amount: number) => void,
  ) {
    this.timeoutUs = composed.values(config.options).cacheTimeoutUs;
  }

  nodes(): readonly SimNode[] {
    return [...this.db.nodes(), ...this.cache.nodes()];
  }

  domainOf(keyIndex: number): string {
    return this.db.domainOf(keyIndex);
  }

  domains(): readonly string[] {
    return this.db.domains();
  }

  driver(client: SimClient): Driver {
    return new CacheDriver({ strategy: this.config.strategy, timeoutUs: this.timeoutUs, scheduler: this.scheduler, count: this.count }, this.cache.driver(client), this.db.driver(client));
  }

  /** An operator failover goes to the engine that owns each node. */
  operatorFailover(nodes: SimNode[]): void {
    const cacheNodes = new Set(this.cache.nodes());
    const forCache = nodes.filter((n) => cacheNodes.has(n));
    const forDb = nodes.filter((n) => !cacheNodes.has(n));
    if (forDb.length > 0) this.db.operatorFailover(forDb);
    if (forCache.length > 0) this.cache.operatorFailover(forCache);
  }

  pauseReplication(region: string): () => void {
    return this.db.pauseReplication?.(region) ?? (() => {});
  }

  replicationBacklog(): readonly ReplicaBacklog[] {
    return this.db.replicationBacklog?.() ?? [];
  }

  survivingValues(keyIndex: number): Iterable<number> {
    return this.db.survivingValues(keyIndex);
  }

  counters(): readonly string[] {
    return [...(this.db.counters?.() ?? []), ...(this.cache.counters?.() ?? []).map((c) => `cache_${c}`), ...CACHE_DRIVER_COUNTERS];
  }

  /** The cache driver counts the hits and misses: the application's reads are what it serves. */
  cacheCounters(): CacheCounters {
    return { hits: 'cache_hits', misses: 'cache_misses' };
  }
}
