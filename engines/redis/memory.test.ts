// maxmemory on the primaries: noeviction refuses writes with OOM; the LRU policies evict the
// least recently used of 5 sampled keys (among keys with a TTL for volatile-lru), counted in
// the `evictions` column of timeseries.csv; replicas follow their primary's evictions.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { columnTotal, errorCount, record } from './harness.fixture.ts';

function scenario(engine: string): string {
  return `
name: t
duration: 40s
warmup: 5s
settle: 5s
engine:
  type: redis-cluster
${engine}
workload:
  clients: 3
  rate: 300/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 3000, distribution: uniform }
  value_size: 1KB
  timeout: 500ms
`;
}

describe('redis > memory', () => {
  // About 1,000 keys of 1.1 KB per shard would be written: 300 KB holds about 270 of them.
  it('refuses writes with OOM once maxmemory is full under noeviction, and keeps serving reads', () => {
    const r = record(loadText(scenario('  maxmemory: 300KB\n  maxmemory_policy: noeviction')));
    expect(errorCount(r, 'write', 'oom')).toBeGreaterThan(500);
    expect(errorCount(r, 'read', '')).toBe(0);
    expect(columnTotal(r, 'evictions')).toBe(0);
    expect(r.summary.lost_writes).toBe(0);
  });

  it('evicts least recently used keys under allkeys-lru: every write succeeds and evictions are counted', () => {
    const r = record(loadText(scenario('  maxmemory: 300KB\n  maxmemory_policy: allkeys-lru')), { check: true });
    expect(errorCount(r, 'write', '')).toBe(0);
    const evicted = columnTotal(r, 'evictions');
    // Writes of keys beyond the ~800 the three primaries hold each evict one.
    expect(evicted).toBeGreaterThan(1500);
    expect(evicted).toBeLessThan(r.summary.writes as number);
    // An evicted key reads as absent: reads older than the newest write, so not linearizable.
    expect(r.summary.stale_reads as number).toBeGreaterThan(0);
    expect(r.summary.linearizable).toBe(false);
  });

  it('treats keys without a TTL as not evictable under volatile-lru (the default policy)', () => {
    const noTtl = record(loadText(scenario('  maxmemory: 300KB')));
    expect(errorCount(noTtl, 'write', 'oom')).toBeGreaterThan(500);
    expect(columnTotal(noTtl, 'evictions')).toBe(0);
    const withTtl = record(loadText(scenario('  maxmemory: 300KB\n  key_ttl: 10m')));
    expect(errorCount(withTtl, 'write', '')).toBe(0);
    expect(columnTotal(withTtl, 'evictions')).toBeGreaterThan(1500);
  });

  it('never evicts without a maxmemory', () => {
    const r = record(loadText(scenario('  maxmemory_policy: allkeys-lru')), { check: true });
    expect(columnTotal(r, 'evictions')).toBe(0);
    expect(r.summary.stale_reads).toBe(0);
    expect(r.summary.linearizable).toBe(true);
  });

  it('expires keys after key_ttl: reads find them absent, and expired keys are counted', () => {
    const r = record(loadText(scenario('  key_ttl: 3s')));
    expect(columnTotal(r, 'expired_keys')).toBeGreaterThan(1000);
    expect(r.summary.stale_reads as number).toBeGreaterThan(0);
  });
});
