// Memcached's nodes, from the options alone: memcached-1 .. memcached-N, node i in the i-th AZ of
// `azs` in turn, each with the role `cache` and no labels (a node is its own key range on the
// ring, not a shard with replicas). cluster.ts builds its nodes from this list.

import type { EngineOptions, NodeOutline } from '../engine.ts';
import { readOptions, type MemcachedOptions } from './options.ts';

export function memcachedNodes(options: EngineOptions, azs: readonly string[]): NodeOutline[] {
  return memcachedOutline(readOptions(options, azs));
}

export function memcachedOutline(o: Pick<MemcachedOptions, 'nodes' | 'azs'>): NodeOutline[] {
  return Array.from({ length: o.nodes }, (_, i) => ({ name: `memcached-${i + 1}`, az: o.azs[i % o.azs.length], roles: ['cache'], labels: {} }));
}
