// The optional `cache:` section: a cache topology in front of the database engine. `type` is
// redis-cluster, memcached or dax (dax only in front of dynamodb); `strategy` is cache-aside or
// write-through; `ttl` defaults to 5m; every other key is an option of the cache, read and checked
// like engine options. The cache is either one the database engine models itself (its factory's
// `caches`: DAX), turned on through the engine's options, or another engine's factory (looked
// up by `type`), composed in front of the database by the run wiring.
// Leaves out: more than one cache layer, and client-side (in-process) caches.

import type { BuiltInCache, EngineFactory, EngineOptions } from '../../engines/engine.ts';
import type { EngineSection } from './engine-section.ts';
import type { CacheConfig } from './scenario.ts';
import type { Fields, Reader } from './field-reader.ts';
import { checkOptions, readOptions } from './option-fields.ts';
import type { SourceNode } from './yaml-source.ts';

export const CACHE_TYPES = ['redis-cluster', 'memcached', 'dax'] as const;
export const CACHE_STRATEGIES = ['cache-aside', 'write-through'] as const;
export const DEFAULT_CACHE_TTL_US = 5 * 60_000_000;

type CacheStrategy = (typeof CACHE_STRATEGIES)[number];

const RESERVED = ['type', 'strategy', 'ttl'];

export interface CacheSection {
  config: CacheConfig;
  /** Roles and labels fault targets may name on the cache's nodes. */
  roles: readonly string[];
  labels: readonly string[];
}

export function readCache(
  r: Reader,
  node: SourceNode | undefined,
  engines: readonly EngineFactory[],
  engine: EngineSection,
  azs: readonly string[],
  lineOf: (path: string) => number,
  elsewhere?: ReadonlyMap<string, string>,
): CacheSection | null {
  const engineType = engine.type;
  if (node === undefined) return null;
  const f = r.map(node, undefined, 'a mapping like { type: redis-cluster, strategy: cache-aside }');
  const typeNode = f.require('type', 'redis-cluster, memcached or dax');
  const type = r.choice(typeNode, CACHE_TYPES);
  if (type === 'dax' && engineType !== 'dynamodb') {
    r.fail(typeNode, `a dax cache sits only in front of dynamodb, not ${engineType}`);
  }
  if (type === engineType) {
    // Both would name their nodes alike and draw from the same seeded streams.
    r.fail(typeNode, `a ${type} cache in front of a ${engineType} database is not supported`);
  }
  const ttlNode = f.get('ttl');
  const ttlUs = ttlNode === undefined ? DEFAULT_CACHE_TTL_US : r.duration(ttlNode, { positive: true });
  const section = { path: f.path, line: f.node.line };

  const builtIn = engine.factory.caches?.find((c) => c.type === type);
  if (builtIn !== undefined) {
    const strategy = readStrategy(r, f, builtIn.strategies, type);
    const options = readOptions(r, f, builtIn.options, { azs, reserved: RESERVED, section, elsewhere });
    checkNotSetTwice(r, typeNode, builtIn, engine, ttlUs, options);
    return { config: { type, strategy, ttlUs, options }, roles: [], labels: [] };
  }

  const factory = engines.find((e) => e.type === type);
  if (factory === undefined) r.fail(typeNode, `cache type ${type} is not available yet`);
  const keyTtl = f.get('key_ttl');
  if (keyTtl !== undefined) r.fail(keyTtl, 'the cache sets its keys\' TTL from `ttl`: set that instead');
  const strategy = readStrategy(r, f, CACHE_STRATEGIES, type);
  const before = r.problems.length;
  const options = readOptions(r, f, factory.options, { azs, reserved: RESERVED, section, elsewhere });
  checkOptions(r, before, factory, options, azs, lineOf, f.path);
  return { config: { type, strategy, ttlUs, options }, roles: factory.roles, labels: factory.labels };
}

/** `strategy`, one of those the cache supports; the first when left out. */
function readStrategy(r: Reader, f: Fields, supported: readonly CacheStrategy[], type: string): CacheStrategy {
  const node = f.get('strategy');
  if (node === undefined) return supported[0];
  const strategy = r.choice(node, CACHE_STRATEGIES);
  if (!supported.includes(strategy)) r.fail(node, `a ${type} cache supports only ${supported.join(' or ')}, not ${strategy}`);
  return strategy;
}

/** A built-in cache sets engine options: the engine section must leave them at their defaults. */
function checkNotSetTwice(r: Reader, typeNode: SourceNode, cache: BuiltInCache, engine: EngineSection, ttlUs: number, options: EngineOptions): void {
  const problem = setTwiceProblem(cache, engine.factory, engine.options, ttlUs, options);
  if (problem !== null) r.fail(typeNode, problem);
}

/** Why the engine options set one the built-in cache sets (not left at its default), or null. */
export function setTwiceProblem(cache: BuiltInCache, factory: EngineFactory, engineOptions: EngineOptions, ttlUs: number, cacheOptions: EngineOptions): string | null {
  for (const name of Object.keys(cache.engineOptions(ttlUs, cacheOptions))) {
    const spec = factory.options[name];
    // Options are plain data (numbers, strings, lists, { workers, time }): JSON compares them.
    if (spec !== undefined && JSON.stringify(engineOptions[name]) !== JSON.stringify(spec.default)) {
      return `\`cache: { type: ${cache.type} }\` sets engine.${name}: leave it out of the engine section`;
    }
  }
  return null;
}
