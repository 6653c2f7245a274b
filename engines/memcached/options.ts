// The Memcached engine's options (a cache only: `cache: { type: memcached }`). Server defaults
// follow memcached(1): 64 MB of item memory (-m), 1 MB slab pages (-I), chunk growth factor 1.25
// (-f), 48 bytes minimum chunk space (-n), 4 worker threads (-t). Client defaults follow
// libmemcached: ketama with 160 points per server, a server marked failed after 5 failures
// (MEMCACHED_SERVER_FAILURE_LIMIT) and retried after 2 s (MEMCACHED_SERVER_FAILURE_RETRY_TIMEOUT),
// failed servers kept in the ring (MEMCACHED_BEHAVIOR_REMOVE_FAILED_SERVERS off). The service
// time is a modelling choice (nothing here depends on the node being near saturation).
// Leaves out: server weights, UDP, the binary protocol's quiet commands, and ElastiCache Auto
// Discovery's polling (the node list never changes: a replaced node keeps its endpoint).

import { azList, boolean, defineOptions, duration, integer, number, service, size } from '../engine.ts';
import type { EngineOptions, OptionSchema, OptionValues } from '../engine.ts';

const MS = 1_000;
const S = 1_000_000;
const KB = 1024;
const MB = 1024 * KB;

export const memcachedDeclared = defineOptions({
  nodes: integer('nodes', 3, { min: 1, max: 60, doc: 'cache nodes (ElastiCache allows 1-60 per cluster), named memcached-1, memcached-2, ... and spread over the AZs in turn; no replication' }),
  azs: azList('azs', null, { doc: "AZs the nodes are spread over, node i in the i-th in turn (default: the region's AZs)" }),
  memoryBytes: size('memory', 64 * MB, { min: 1 * MB, max: 1024 * 1024 * MB, doc: 'item memory of each node (memcached -m); a full slab class evicts from its own LRU' }),
  slabPageBytes: size('slab_page_size', 1 * MB, { min: 1 * KB, max: 1024 * MB, doc: 'slab page size and largest item (memcached -I); memory goes to slab classes a page at a time' }),
  growthFactor: number('growth_factor', 1.25, { min: 1.01, max: 4, doc: 'each slab class\'s chunk size is the previous one\'s times this (memcached -f)' }),
  chunkMinBytes: size('chunk_min', 48, { min: 8, max: 1 * MB, doc: 'key + value + flags space of the smallest chunk (memcached -n)' }),
  service: service('service', { workers: 4, time: { kind: 'exponential', mean: 10 } }, { doc: 'worker threads (memcached -t) and the time each command takes; the time is a modelling choice' }),
  pointsPerNode: integer('points_per_node', 160, { min: 4, max: 4000, doc: 'ketama points of each node on the clients\' ring (libmemcached: 160); a multiple of 4' }),
  failureLimit: integer('failure_limit', 5, { min: 1, max: 1000, doc: 'a client marks a node failed after this many failed commands (timeouts) in a row (libmemcached server_failure_limit)' }),
  retryTimeoutUs: duration('retry_timeout', 2 * S, { min: 1 * MS, doc: 'a node marked failed gets no commands from that client for this long, its keys missing at once; then it is tried again (libmemcached retry_timeout)' }),
  removeFailed: boolean('remove_failed', false, { doc: 'a client takes a failed node out of its ring while it is marked failed, so its keys move to the other nodes (libmemcached remove_failed_servers); off: they miss' }),
  keyTtlUs: duration('key_ttl', 0, { doc: 'TTL every SET carries; 0 = none. The `cache:` section sets it to its `ttl`' }),
  cacheTimeoutUs: duration('cache_timeout', 100 * MS, { min: 1 * MS, doc: 'how long the application waits for a cache command before it goes to the database without it (a timeout counts as a failure of the node)' }),
});

export const memcachedOptions: OptionSchema = memcachedDeclared.schema;

export type MemcachedOptions = Omit<OptionValues<typeof memcachedDeclared.fields>, 'azs'> & { azs: string[] };

export function readOptions(o: EngineOptions, regionAzs: readonly string[]): MemcachedOptions {
  const v = memcachedDeclared.values(o);
  return { ...v, azs: v.azs ?? [...regionAzs] };
}
