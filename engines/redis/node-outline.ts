// Redis Cluster's nodes, from the options alone: per shard its primary (in the shard's turn of the
// AZs) then its replicas (in the next AZs), named redis-1, redis-2, ... in that order. cluster.ts
// builds its nodes from this list (names, AZs, starting roles, shards), and fault targets are
// checked against it without building. The ElastiCache control plane's host is not a node of the engine.
// With `global_secondary_azs`, the secondary cluster's nodes follow: global-1.. (role `secondary`),
// one per shard, over those AZs in turn.

import type { EngineOptions, NodeOutline } from '../engine.ts';
import { readOptions, type RedisOptions } from './options.ts';

export function redisNodes(options: EngineOptions, azs: readonly string[]): NodeOutline[] {
  const o = readOptions(options, azs);
  return [...redisOutline(o), ...globalOutline(o)];
}

/** The Global Datastore's secondary nodes (none without `global_secondary_azs`). */
export function globalOutline(o: Pick<RedisOptions, 'shards' | 'globalSecondaryAzs'>): NodeOutline[] {
  const azs = o.globalSecondaryAzs ?? [];
  if (azs.length === 0) return [];
  return Array.from({ length: o.shards }, (_, s) => ({ name: `global-${s + 1}`, az: azs[s % azs.length], roles: ['secondary'], labels: { shard: s } }));
}

/** The nodes of a cluster with these (read) options; each carries its `shard` label. */
export function redisOutline(o: Pick<RedisOptions, 'shards' | 'replicasPerShard' | 'azs'>): NodeOutline[] {
  const out: NodeOutline[] = [];
  const add = (shard: number, az: string, role: string) => out.push({ name: `redis-${out.length + 1}`, az, roles: [role], labels: { shard } });
  for (let s = 0; s < o.shards; s++) {
    add(s, o.azs[s % o.azs.length], 'primary');
    for (let r = 0; r < o.replicasPerShard; r++) add(s, o.azs[(s + 1 + r) % o.azs.length], 'replica');
  }
  return out;
}
