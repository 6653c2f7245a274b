// `cache: { type: dax }`: the scenario format's way to put DAX in front of the table turns on
// the engine's own DAX (the `dax*` options), with the section's ttl, bypass and service.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { record } from './harness.fixture.ts';

const BASE = `
name: dax
duration: 40s
warmup: 5s
engine: { type: dynamodb }
workload:
  clients: 8
  rate: 400/s
  mix: { read: 0.9, write: 0.1 }
  read_consistency: eventual
  keys: { count: 200 }
  value_size: 1KB
`;

function problem(text: string): string {
  try {
    prepareScenario(text, 'dax.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  return 'loaded';
}

describe('dynamodb > dax as a cache section', () => {
  it('is write-through with a 5 minute TTL unless the section says otherwise', () => {
    const s = loadText(`${BASE}cache: { type: dax }\n`);
    expect(s.cache).toEqual({ type: 'dax', strategy: 'write-through', ttlUs: 300_000_000, options: { bypass: 0, service: { workers: 16, time: { kind: 'exponential', mean: 50 } }, query_ttl: 300_000_000 } });
    expect(loadText(`${BASE}cache: { type: dax, ttl: 10s, bypass: 0.25 }\n`).cache).toMatchObject({ ttlUs: 10_000_000, options: { bypass: 0.25 } });
  });

  it('runs exactly as the engine options dax, dax_ttl and dax_bypass do', () => {
    const viaCache = record(loadText(`${BASE}cache: { type: dax, ttl: 10s, bypass: 0.5 }\n`));
    const viaOptions = record(loadText(BASE.replace('{ type: dynamodb }', '{ type: dynamodb, dax: true, dax_ttl: 10s, dax_bypass: 0.5 }')));
    expect(viaCache.rows).toEqual(viaOptions.rows);
    expect({ ...viaCache.summary, cache_hit_ratio: null }).toEqual(viaOptions.summary);
    // The bypassing clients' writes leave cached items stale until the TTL.
    expect(viaCache.summary.staleness_ms_max as number).toBeGreaterThan(5_000);
  });

  it('reports cache_hit_ratio from the eventual reads DAX served after the warm-up', () => {
    // A 2 s TTL keeps misses coming after the cache has warmed up.
    const r = record(loadText(`${BASE}cache: { type: dax, ttl: 2s }\n`));
    const measured = r.rows.filter((row) => (row.t_s as number) >= 5);
    const hits = measured.reduce((a, row) => a + Number(row.dax_hits ?? 0), 0);
    const misses = measured.reduce((a, row) => a + Number(row.dax_misses ?? 0), 0);
    expect(misses).toBeGreaterThan(0);
    expect(r.summary.cache_hit_ratio).toBeCloseTo(hits / (hits + misses), 9);
    expect(r.summary.cache_hit_ratio as number).toBeGreaterThan(0.5);
  });

  it('refuses cache-aside: the DAX client writes through DAX', () => {
    expect(problem(`${BASE}cache: { type: dax, strategy: cache-aside }\n`)).toBe(
      'dax.yaml:13: cache.strategy: a dax cache supports only write-through, not cache-aside',
    );
  });

  it('refuses DAX turned on twice, in the engine section and the cache section', () => {
    expect(problem(`${BASE.replace('{ type: dynamodb }', '{ type: dynamodb, dax_ttl: 1m }')}cache: { type: dax }\n`)).toBe(
      'dax.yaml:13: cache.type: `cache: { type: dax }` sets engine.dax_ttl: leave it out of the engine section',
    );
  });
});
