// cache_hit_ratio: reads served from the cache / reads that went to the cache, over the
// measurement window, from the hit and miss counters the engine names (Engine.cacheCounters: a
// cache engine composed in front, or a cache the database engine models itself); empty when the
// engine names none or nothing went to the cache.

import type { Engine } from '../engine.ts';

export function cacheHitRatio(totals: ReadonlyMap<string, number>, engine: Engine): number | null {
  const names = engine.cacheCounters?.() ?? null;
  if (names === null) return null;
  const hits = totals.get(names.hits) ?? 0;
  const misses = totals.get(names.misses) ?? 0;
  return hits + misses === 0 ? null : hits / (hits + misses);
}
