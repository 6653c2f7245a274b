// The optional `cache:` section: a cache topology in front of the database engine. `type` is
// redis-cluster or dax (dax only in front of dynamodb); `strategy` is cache-aside or
// write-through; `ttl` defaults to 5m; every other key is an option of the cache's own engine
// factory (looked up by `type`), read and checked like engine options.
// Leaves out: more than one cache layer, and client-side (in-process) caches.

import type { EngineFactory } from '../../engines/engine.ts';
import type { CacheConfig } from './scenario.ts';
import type { Reader } from './field-reader.ts';
import { checkOptions, readOptions } from './option-fields.ts';
import type { SourceNode } from './yaml-source.ts';

export const CACHE_TYPES = ['redis-cluster', 'dax'] as const;
export const CACHE_STRATEGIES = ['cache-aside', 'write-through'] as const;
export const DEFAULT_CACHE_TTL_US = 5 * 60_000_000;

const RESERVED = ['type', 'strategy', 'ttl'];

export interface CacheSection {
  config: CacheConfig;
  factory: EngineFactory;
}

export function readCache(
  r: Reader,
  node: SourceNode | undefined,
  engines: readonly EngineFactory[],
  engineType: string,
  azs: readonly string[],
  lineOf: (path: string) => number,
): CacheSection | null {
  if (node === undefined) return null;
  const f = r.map(node, undefined, 'a mapping like { type: redis-cluster, strategy: cache-aside }');
  const typeNode = f.require('type', 'redis-cluster or dax');
  const type = r.choice(typeNode, CACHE_TYPES);
  if (type === 'dax' && engineType !== 'dynamodb') {
    r.fail(typeNode, `a dax cache sits only in front of dynamodb, not ${engineType}`);
  }
  if (type === engineType) {
    // Both would name their nodes alike and draw from the same seeded streams.
    r.fail(typeNode, `a ${type} cache in front of a ${engineType} database is not supported`);
  }
  const factory = engines.find((e) => e.type === type);
  if (factory === undefined) r.fail(typeNode, `cache type ${type} is not available yet`);
  const keyTtl = f.get('key_ttl');
  if (keyTtl !== undefined) r.fail(keyTtl, 'the cache sets its keys\' TTL from `ttl`: set that instead');

  const strategyNode = f.get('strategy');
  const strategy = strategyNode === undefined ? 'cache-aside' : r.choice(strategyNode, CACHE_STRATEGIES);
  const ttlNode = f.get('ttl');
  const ttlUs = ttlNode === undefined ? DEFAULT_CACHE_TTL_US : r.duration(ttlNode, { positive: true });

  const options = readOptions(r, f, factory.options, {
    azs,
    reserved: RESERVED,
    section: { path: f.path, line: f.node.line },
  });
  checkOptions(r, factory, options, azs, lineOf, f.path);
  return { config: { type, strategy, ttlUs, options }, factory };
}
