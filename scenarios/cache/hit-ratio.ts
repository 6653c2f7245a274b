// cache_hit_ratio (DESIGN.md section 5): reads served from the cache / reads that went to the
// cache, over the measurement window, from the cache driver's counters; empty without any.

export function cacheHitRatio(totals: ReadonlyMap<string, number>): number | null {
  const hits = totals.get('cache_hits') ?? 0;
  const misses = totals.get('cache_misses') ?? 0;
  return hits + misses === 0 ? null : hits / (hits + misses);
}
