// A Redis Cluster cache in front of a database, composed through the engine contract: hit ratio
// over a zipf workload, what a smaller maxmemory does to it, the reads that reach the database,
// write-through against cache-aside, a cache node failing, and the stale reads cache-aside allows.
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import type { TimeseriesRow } from '../../reports/measure/timeseries.ts';

interface Run {
  result: RunResult;
  totals: Record<string, number>;
}

function run(yaml: string, seed = 1): Run {
  const rows: TimeseriesRow[] = [];
  const result = runScenario(loadText(yaml, seed), { sinks: { timeseries: (row) => rows.push(row) } });
  const totals: Record<string, number> = {};
  // Counters summed over the measurement window (rows from the warm-up on; warm-up is 20 s).
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    if ((r.t_s as number) < 20) continue;
    for (const k of ['cache_hits', 'cache_misses', 'db_reads', 'cache_evictions', 'cache_expired_keys']) totals[k] = (totals[k] ?? 0) + ((r[k] as number) ?? 0);
  }
  return { result, totals };
}

function scenario(opts: { cache?: string; db?: string; faults?: string; rate?: number; keys?: number } = {}): string {
  return `
name: t
duration: 80s
warmup: 20s
settle: 10s
engine:
  type: ${opts.db ?? 'rds-multi-az-cluster'}
${opts.cache === undefined ? '' : `cache:\n  type: redis-cluster\n${opts.cache}`}
workload:
  clients: 6
  rate: ${opts.rate ?? 500}/s
  mix: { read: 0.9, write: 0.1 }
  read_consistency: strong
  keys: { count: ${opts.keys ?? 2000}, distribution: zipf, zipf_s: 0.99 }
  value_size: 1KB
  timeout: 1s
${opts.faults === undefined ? '' : `faults:\n${opts.faults}`}
`;
}

const ASIDE = '  strategy: cache-aside\n  ttl: 5m';

describe('cache', () => {
  const roomy = run(scenario({ cache: ASIDE }));

  it('serves at least 80% of reads from a cache-aside Redis with enough memory (zipf keys)', () => {
    const ratio = roomy.result.summary.cache_hit_ratio as number;
    expect(ratio).toBeGreaterThanOrEqual(0.8);
    expect(ratio).toBeCloseTo(roomy.totals.cache_hits / (roomy.totals.cache_hits + roomy.totals.cache_misses), 2);
    expect(roomy.totals.cache_evictions).toBe(0);
  });

  it('sends every miss, and only misses, to the database', () => {
    expect(roomy.totals.db_reads).toBe(roomy.totals.cache_misses);
    expect(roomy.totals.db_reads).toBeLessThan(0.2 * (roomy.result.summary.reads as number));
  });

  it('lowers the hit ratio with a smaller maxmemory, and counts the evictions', () => {
    // 2,000 keys of 1 KB take about 730 KB per primary: 200 KB holds about a quarter of them.
    const small = run(scenario({ cache: `${ASIDE}\n  maxmemory: 200KB` }));
    const smaller = run(scenario({ cache: `${ASIDE}\n  maxmemory: 60KB` }));
    const r0 = roomy.result.summary.cache_hit_ratio as number;
    const r1 = small.result.summary.cache_hit_ratio as number;
    const r2 = smaller.result.summary.cache_hit_ratio as number;
    expect(r1).toBeLessThan(r0 - 0.05);
    expect(r2).toBeLessThan(r1 - 0.05);
    expect(small.totals.cache_evictions).toBeGreaterThan(1000);
    expect(smaller.totals.cache_evictions).toBeGreaterThan(small.totals.cache_evictions);
    expect(smaller.totals.db_reads).toBeGreaterThan(small.totals.db_reads);
  });

  it('leaves cache_hit_ratio empty without a cache', () => {
    const none = run(scenario());
    expect(none.result.summary.cache_hit_ratio).toBeNull();
    expect(none.totals.cache_hits).toBe(0);
  });

  it('hits more with write-through, which puts each new value in the cache instead of deleting it', () => {
    const through = run(scenario({ cache: '  strategy: write-through\n  ttl: 5m' }));
    expect(through.result.summary.cache_hit_ratio as number).toBeGreaterThan((roomy.result.summary.cache_hit_ratio as number) + 0.02);
  });

  it('serves stale reads from the cache that the database alone never serves (a fill racing a write)', () => {
    const hot = scenario({ cache: ASIDE, keys: 200, rate: 1000 });
    const cached = run(hot);
    const alone = run(hot.replace(/cache:[\s\S]*?(?=workload:)/, ''));
    expect(alone.result.summary.stale_reads).toBe(0);
    expect(alone.result.summary.linearizable).toBe(true);
    expect(cached.result.summary.stale_reads as number).toBeGreaterThan(0);
    expect(cached.result.summary.linearizable).toBe(false);
  });

  it('falls back to the database when a cache primary fails: reads stay available, misses rise', () => {
    const failing = run(scenario({ cache: `${ASIDE}\n  node_timeout: 5s`, faults: '  - { at: 40s, kind: crash, target: { role: primary, shard: 0 }, for: 20s }' }));
    const s = failing.result.summary;
    expect(s.availability_read as number).toBeGreaterThan(0.995);
    expect(s.cache_hit_ratio as number).toBeLessThan((roomy.result.summary.cache_hit_ratio as number) - 0.02);
    // The database's write path is untouched by the cache's failover.
    expect(s.availability_write as number).toBeGreaterThan(0.995);
    expect(s.lost_writes).toBe(0);
  });

  it('composes with any database engine: the same cache in front of DynamoDB', () => {
    const ddb = run(scenario({ cache: ASIDE, db: 'dynamodb' }));
    expect(ddb.result.summary.cache_hit_ratio as number).toBeGreaterThanOrEqual(0.8);
    expect(ddb.result.summary.availability_read as number).toBeGreaterThan(0.999);
  });
});
