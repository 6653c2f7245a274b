// Queries by index key (mix `query`): eventual reads of the GSI's copy of a key, stale while the
// index lags the base table, and kept out of the base table's consistency figures.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { record } from './harness.fixture.ts';

type Row = Record<string, unknown>;

// 1,000 ops/s on 2,000 keys, 30% writes: a key is written about every 7 s, so a query finds a
// write of its key on its way to the index (a fraction of a second) a few times in a hundred.
const run = (gsiWcu: number) =>
  record(
    loadText(`
name: gsi-query
duration: 40s
warmup: 5s
settle: 10s
engine: { type: dynamodb, capacity_mode: provisioned, partitions: 4, rcu: 4000, wcu: 4000, gsi_wcu: ${gsiWcu} }
workload:
  clients: 8
  rate: 1000/s
  mix: { read: 0.4, write: 0.3, query: 0.3 }
  read_consistency: strong
  keys: { count: 2000 }
  value_size: 1KB
`),
  );
const sum = (rows: Row[], c: string) => rows.reduce((a, r) => a + Number(r[c] ?? 0), 0);
const maxOf = (rows: Row[], c: string) => Math.max(...rows.map((r) => Number(r[c] ?? 0)));
const measured = (rows: Row[]) => rows.filter((r) => (r.t_s as number) >= 5 && (r.t_s as number) < 40);

describe('dynamodb > gsi query', () => {
  it('serves few stale queries, stale for under a second, when the index keeps up', () => {
    const r = run(4000);
    const rows = measured(r.rows);
    const queries = sum(rows, 'gsi_queries');
    expect(queries).toBeGreaterThan(0.25 * 1000 * 35);
    expect(sum(rows, 'gsi_write_throttled')).toBe(0);
    const stale = sum(rows, 'gsi_queries_stale');
    expect(stale).toBeGreaterThan(0);
    expect(stale).toBeLessThan(0.1 * queries);
    expect(maxOf(rows, 'gsi_query_staleness_ms_max')).toBeLessThan(1_000);
    // The queries' staleness is the index's, not the base table's: strong base reads stay fresh
    // and the run stays linearizable.
    expect(r.summary.stale_reads).toBe(0);
    expect(r.summary.linearizable).toBe(true);
  });

  it('serves queries stale for about the index lag when the index falls behind', () => {
    // 300 writes/s against 100 WCU of index: back-pressure holds the lag near one second of backlog.
    const slow = measured(run(100).rows);
    const fast = measured(run(4000).rows);
    expect(sum(slow, 'gsi_write_throttled')).toBeGreaterThan(0);
    const lagMs = maxOf(slow, 'gsi_lag_ms_max');
    expect(lagMs).toBeGreaterThan(900);
    const staleness = maxOf(slow, 'gsi_query_staleness_ms_max');
    expect(staleness).toBeGreaterThan(0.7 * lagMs);
    expect(staleness).toBeLessThan(1.3 * lagMs);
    expect(staleness).toBeGreaterThan(1.5 * maxOf(fast, 'gsi_query_staleness_ms_max'));
    expect(sum(slow, 'gsi_queries_stale')).toBeGreaterThan(0);
  });

  it('adds no query columns when the workload has no queries', () => {
    const r = record(
      loadText(`
name: gsi-no-query
duration: 5s
warmup: 0s
engine: { type: dynamodb, gsi_wcu: 1000 }
workload: { clients: 2, rate: 100/s, mix: { read: 0.5, write: 0.5 }, keys: { count: 100 } }
`),
    );
    expect(Object.keys(r.rows[0])).toContain('gsi_lag_ms_max');
    expect(Object.keys(r.rows[0]).some((c) => c.startsWith('gsi_quer'))).toBe(false);
  });

  it('refuses a query mix without a GSI, naming the mix entry', () => {
    const scenario = (engine: string) => `
name: q
duration: 5s
engine: { ${engine} }
workload:
  rate: 100/s
  mix: { read: 0.5, write: 0.3, query: 0.2 }
`;
    expect(() => loadText(scenario('type: dynamodb'))).toThrow(/:7: workload.mix.query: .*gsi_wcu > 0/);
    expect(() => loadText(scenario('type: aurora'))).toThrow(/query.*dynamodb/);
    expect(() => loadText(scenario('type: dynamodb, gsi_wcu: 100'))).not.toThrow();
  });

  it('reads a mix with queries: the missing entry takes the rest, and the entries must add up to 1', () => {
    const mix = (m: string) =>
      loadText(`
name: q
duration: 5s
engine: { type: dynamodb, gsi_wcu: 100 }
workload: { rate: 100/s, mix: ${m} }
`).workload;
    expect(mix('{ read: 0.7, query: 0.1 }')).toMatchObject({ readFraction: 0.7, queryFraction: 0.1 });
    expect(mix('{ write: 0.2, query: 0.1 }').readFraction).toBeCloseTo(0.7, 9);
    expect(mix('{ read: 0.7, write: 0.3 }').queryFraction).toBeUndefined();
    expect(() => mix('{ read: 0.7, write: 0.2, query: 0.2 }')).toThrow(/read \+ write \+ query must be 1/);
    expect(() => mix('{ read: 0.95, query: 0.1 }')).toThrow(/add up to more/);
  });
});
