// The Redis Cluster engine type (and its ElastiCache flavour, `elasticache: true`), as a
// registered factory. What it models and leaves out: cluster.ts and the header of each file here.

import type { EngineFactory } from '../engine.ts';
import { checkOptions, readOptions, redisOptions } from './options.ts';
import { RedisCluster } from './cluster.ts';
import { redisNodes } from './node-outline.ts';

export const redisCluster: EngineFactory = {
  type: 'redis-cluster',
  summary: 'Redis Cluster / ElastiCache: 16,384 hash slots over shards of a primary and replicas; asynchronous replication; gossip failure detection (PFAIL, FAIL by a majority of primaries); replica elections; approximated-LRU eviction at maxmemory',
  roles: ['primary', 'replica', 'secondary'],
  labels: ['shard'],
  options: redisOptions,
  check: (o, azs, elsewhere) => checkOptions(o, azs, elsewhere),
  create: (ctx, o) => new RedisCluster(ctx, o),
  nodesOf: redisNodes,
  controlPlaneHost: (o, azs) => (readOptions(o, azs).elasticache ? 'elasticache-control-plane' : null),
};
