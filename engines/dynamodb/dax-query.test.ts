// DAX's query cache: queries by index key through DAX are answered from a cache of their own,
// which no write updates (not even one through DAX), so a cached result is stale until the query
// TTL; plain reads go on through the write-through item cache.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { runScenario } from '../../scenarios/run.ts';
import { QueryStaleness } from './query-staleness.fixture.ts';

const run = (queryTtl: string) => {
  const staleness = new QueryStaleness();
  let hits = 0;
  let misses = 0;
  const r = runScenario(
    loadText(`
name: dax-query
duration: 40s
warmup: 5s
settle: 5s
engine: { type: dynamodb, capacity_mode: provisioned, partitions: 4, rcu: 4000, wcu: 4000, gsi_wcu: 4000, dax: true, dax_query_ttl: ${queryTtl} }
workload:
  clients: 8
  rate: 500/s
  mix: { read: 0.3, write: 0.3, query: 0.4 }
  keys: { count: 200 }
  value_size: 1KB
`),
    {
      checkLinearizability: false,
      sinks: {
        history: staleness.history,
        timeseries: (row) => {
          hits += Number(row.dax_query_hits ?? 0);
          misses += Number(row.dax_query_misses ?? 0);
        },
      },
    },
  );
  return { r, ages: staleness.staleAgesMs(), queries: staleness.count, hits, misses };
};

describe('dynamodb > dax query cache', () => {
  it('serves queries from its own cache, stale for up to the query TTL though every write went through DAX', () => {
    const { r, ages, queries, hits, misses } = run('3s');
    expect(queries).toBeGreaterThan(0.35 * 500 * 40);
    expect(hits + misses).toBe(queries);
    // Each key queried about once a second and cached for 3 s: about 3 hits per miss.
    expect(hits / queries).toBeGreaterThan(0.65);
    expect(hits / queries).toBeLessThan(0.8);
    // Far staler than the GSI's lag (under 500 ms), and never older than the TTL.
    expect(Math.max(...ages)).toBeGreaterThan(2_000);
    expect(Math.max(...ages)).toBeLessThan(3_000 + 600);
    expect(ages.length / queries).toBeGreaterThan(0.1);
    // The item cache is written through: plain reads of items written through DAX are not stale.
    expect(r.summary.stale_reads).toBe(0);
  });

  it('bounds that staleness by the TTL it is given', () => {
    const { ages } = run('500ms');
    expect(Math.max(...ages)).toBeLessThan(500 + 600);
  });
});
