// cache_hit_ratio (DESIGN.md section 5): reads served from the cache / reads that went to the
// cache, over the measurement window, from the counters of the cache driver (a cache engine in
// front) or of DAX (the DynamoDB engine's own cache); empty without any.

export function cacheHitRatio(totals: ReadonlyMap<string, number>): number | null {
  const hits = (totals.get('cache_hits') ?? 0) + (totals.get('dax_hits') ?? 0);
  const misses = (totals.get('cache_misses') ?? 0) + (totals.get('dax_misses') ?? 0);
  return hits + misses === 0 ? null : hits / (hits + misses);
}
