// DAX in front of the table (REFERENCE-FIGURES.md C #60), as part of this engine: turned on by
// the scenario's `cache: { type: dax }` (dax-cache.ts) or the engine option `dax: true`. DAX talks
// to the request routers directly, so it lives here rather than as a second engine. One DAX node
// per AZ (role `dax`); clients use their AZ's node, except the first `dax_bypass` fraction of
// clients, which talk to the routers directly.
//   eventual reads   served from the item cache while the entry is younger than `dax_ttl`;
//                    a miss reads the table (eventually consistent) and caches the answer,
//                    a missing item included (negative caching)
//   strong reads     and transactional reads pass through uncached
//   writes           write-through: sent to the table, cached once it acknowledged them;
//                    a failed or throttled write is not cached
//   queries          (by index key, eventually consistent) served from the query cache while
//                    the entry is younger than `dax_query_ttl`; a miss queries the table and
//                    caches the result. Writes, through DAX or not, do not touch the query cache
//                    (AWS: the item cache and the query cache are independent), so a cached
//                    result stays as it was until its TTL. Strong queries (an LSI's) pass through
// So a write that bypassed DAX leaves its cached item stale until the TTL expires, and any write
// leaves a cached query result stale until the query TTL does.
// Cache hits and misses are engine counters (dax_hits, dax_misses), from which the summary's
// cache_hit_ratio comes when the scenario has a `cache:` section.
// DAX signs what it sends the table with its own clock, when it sends it.
// Leaves out: queries returning several items (one base key's item per query), eviction by size (LRU), DAX's own primary/replica roles (the
// item cache is one for the cluster, as if DAX replicated it among its nodes at once), and the
// signature check of clients' requests at DAX itself.

import { call, type Call } from '../../sim/rpc.ts';
import type { SimClient } from '../../sim/client.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { AttemptResult } from '../../sim/operation.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler } from '../../sim/distribution.ts';
import { REQUEST_BYTES } from './messages.ts';
import { byAffinity, type RequestEndpoint } from './driver.ts';
import type { RouterRequest } from './router.ts';
import type { DynamoOptions } from './options.ts';

export interface DaxParts {
  opts: Pick<DynamoOptions, 'daxTtlUs' | 'daxQueryTtlUs' | 'daxBypass' | 'daxService' | 'transactional'>;
  network: Network;
  now: () => number;
  /** The seeded stream of the named node. */
  rng(nodeName: string): Rng;
  count(counter: (typeof DAX_COUNTERS)[number] | (typeof DAX_QUERY_COUNTERS)[number], amount: number): void;
  /** The table's request routers (DAX forwards to its own AZ's first). */
  routers: readonly RequestEndpoint[];
  /** How many clients the run has (the bypassing fraction is of them). */
  clientCount(): number;
}

export const DAX_COUNTERS = ['dax_hits', 'dax_misses'] as const;
/** With queries in the workload: the query cache's hits and misses. */
export const DAX_QUERY_COUNTERS = ['dax_query_hits', 'dax_query_misses'] as const;

interface CachedItem {
  value: number | null;
  expiresUs: number;
}

/** The cluster-wide item cache. */
export class ItemCache {
  private readonly items = new Map<number, CachedItem>();

  constructor(private readonly ttlUs: number) {}

  get(keyIndex: number, nowUs: number): CachedItem | undefined {
    const item = this.items.get(keyIndex);
    if (item === undefined) return undefined;
    if (item.expiresUs <= nowUs) {
      this.items.delete(keyIndex);
      return undefined;
    }
    return item;
  }

  set(keyIndex: number, value: number | null, nowUs: number): void {
    this.items.set(keyIndex, { value, expiresUs: nowUs + this.ttlUs });
  }
}

export class DaxNode implements RequestEndpoint {
  private readonly service: ServiceQueue;
  private readonly routers: RequestEndpoint[];

  constructor(
    private readonly cluster: DaxCluster,
    private readonly parts: DaxParts,
    readonly node: SimNode,
  ) {
    const s = parts.opts.daxService;
    this.service = new ServiceQueue(node, s.workers, sampler(s.time, parts.rng(node.name)));
    this.routers = byAffinity(parts.routers, node.az);
  }

  readonly onRequest = (c: Call<RouterRequest, AttemptResult>): void => this.service.submit(this.handle, c);

  private readonly handle = (c: Call<RouterRequest, AttemptResult>): void => {
    const op = c.req.op;
    const p = this.parts;
    const now = p.now();
    const cacheable = op.kind === 'read' && op.consistency === 'eventual' && !p.opts.transactional;
    // A query goes to the query cache, which writes never update; a plain read to the item cache.
    const query = op.index === true;
    const cache = query ? this.cluster.queries : this.cluster.cache;
    if (cacheable) {
      const hit = cache.get(op.keyIndex, now);
      if (hit !== undefined) {
        p.count(query ? 'dax_query_hits' : 'dax_hits', 1);
        return c.respond(REQUEST_BYTES + op.sizeBytes, { ok: true, value: hit.value });
      }
      p.count(query ? 'dax_query_misses' : 'dax_misses', 1);
    }
    const router = this.routers[0];
    const inc = this.node.incarnation;
    call<RouterRequest, AttemptResult>(p.network, this.node, router.node, REQUEST_BYTES + (op.kind === 'write' ? op.sizeBytes : 0), router.onRequest, { op, signedAtUs: this.node.localNow() }, (reply) => {
      if (this.node.incarnation !== inc) return;
      if (reply.ok && (op.kind === 'write' || cacheable)) cache.set(op.keyIndex, reply.value, p.now());
      c.respond(REQUEST_BYTES + (op.kind === 'read' ? op.sizeBytes : 0), reply);
    });
  };
}

export class DaxCluster {
  readonly cache: ItemCache;
  /** Query results by the queried key: the same shape as items, its own TTL, never written through. */
  readonly queries: ItemCache;
  readonly nodeList: DaxNode[];

  /** `nodes`: one DAX node per AZ. */
  constructor(
    private readonly parts: DaxParts,
    nodes: readonly SimNode[],
  ) {
    this.cache = new ItemCache(parts.opts.daxTtlUs);
    this.queries = new ItemCache(parts.opts.daxQueryTtlUs);
    this.nodeList = nodes.map((node) => new DaxNode(this, parts, node));
  }

  nodes(): SimNode[] {
    return this.nodeList.map((d) => d.node);
  }

  /** The first `dax_bypass` fraction of the clients write (and read) straight to the table. */
  bypassedBy(client: SimClient): boolean {
    return client.index < Math.round(this.parts.opts.daxBypass * this.parts.clientCount());
  }
}
