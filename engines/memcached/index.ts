// The Memcached engine type, as a registered factory that only a `cache:` section may use. What
// it models and leaves out: cluster.ts and the header of each file here.

import type { EngineFactory, OptionProblem } from '../engine.ts';
import { memcachedDeclared, memcachedOptions } from './options.ts';
import { MemcachedCluster } from './cluster.ts';
import { ITEM_HEADER_BYTES } from './slab-store.ts';
import { memcachedNodes } from './node-outline.ts';

export const memcached: EngineFactory = {
  type: 'memcached',
  summary: 'Memcached / ElastiCache for Memcached: independent nodes over the AZs, no replication; clients hash keys with ketama and mark a node failed after repeated timeouts; slab classes with an LRU each',
  roles: ['cache'],
  labels: [],
  options: memcachedOptions,
  cacheOnly: true,
  check: (o) => {
    const v = memcachedDeclared.values(o);
    const problems: OptionProblem[] = [];
    if (v.pointsPerNode % 4 !== 0) problems.push({ option: 'points_per_node', message: 'must be a multiple of 4 (each MD5 gives four points)' });
    if (v.chunkMinBytes + ITEM_HEADER_BYTES > v.slabPageBytes) problems.push({ option: 'chunk_min', message: 'the smallest chunk must fit in a slab page' });
    if (v.memoryBytes < v.slabPageBytes) problems.push({ option: 'memory', message: 'must hold at least one slab page (slab_page_size)' });
    return problems;
  },
  create: (ctx, o) => new MemcachedCluster(ctx, o),
  nodesOf: memcachedNodes,
};
