// DAX (the `dax` option): a write-through item cache; writes that bypass it leave it stale until
// the TTL expires; strong reads pass through uncached.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { record } from './harness.fixture.ts';

function scenario(ttl: string, bypass: number, consistency = 'eventual'): string {
  return `
name: dax
duration: 1m
warmup: 5s
engine: { type: dynamodb, dax: true, dax_ttl: ${ttl}, dax_bypass: ${bypass} }
workload:
  clients: 8
  rate: 400/s
  mix: { read: 0.9, write: 0.1 }
  read_consistency: ${consistency}
  keys: { count: 200 }
  value_size: 1KB
`;
}

const total = (r: ReturnType<typeof record>, c: string) => r.rows.reduce((a, row) => a + Number(row[c] ?? 0), 0);

describe('dynamodb > dax', () => {
  it('returns the old value after a write that bypassed DAX, until the TTL expires', () => {
    const r = record(loadText(scenario('10s', 0.5)));
    expect(r.summary.stale_reads as number).toBeGreaterThan(100);
    // Stale far longer than replication lag ever is, and never longer than the TTL.
    expect(r.summary.staleness_ms_max as number).toBeGreaterThan(5_000);
    expect(r.summary.staleness_ms_max as number).toBeLessThan(10_000 + 100);
  });

  it('bounds that staleness by the TTL it is given', () => {
    const r = record(loadText(scenario('2s', 0.5)));
    expect(r.summary.staleness_ms_max as number).toBeGreaterThan(1_000);
    expect(r.summary.staleness_ms_max as number).toBeLessThan(2_000 + 100);
  });

  it('serves most eventual reads from the cache, counting hits and misses', () => {
    const r = record(loadText(scenario('5m', 0)));
    const hits = total(r, 'dax_hits');
    const misses = total(r, 'dax_misses');
    expect(hits / (hits + misses)).toBeGreaterThan(0.9);
    // A hit never reaches the table: the table served only the misses.
    expect(total(r, 'rcu_consumed')).toBeCloseTo(misses * 0.5, 5);
  });

  it('passes strong reads through uncached, so they are never stale', () => {
    const r = record(loadText(scenario('5m', 0.5, 'strong')));
    expect(total(r, 'dax_hits')).toBe(0);
    expect(r.summary.stale_reads).toBe(0);
  });
});
