// A fleet of clients, each with its own DNS cache schedule, against an Aurora writer crash: the
// extra write outage a cached stale answer adds is spread over 0..TTL per client, so the outage
// grows with the TTL (a fleet whose caches all expire together gives no such order).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run.ts';
import { loadText, withOptions } from '../test/bundled.ts';

const S = 1_000_000;

const SCENARIO = `
name: dns-ttl-fleet
duration: 1m50s
warmup: 5s
settle: 10s
engine: { type: aurora, replicas: 2 }
workload:
  clients: 12
  rate: 150/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 1000, distribution: uniform }
  timeout: 1s
  retry: { attempts: 2, backoff: 50ms, max_backoff: 1s }
faults:
  - { at: 40s, kind: crash, target: { role: writer } }
`;

function outage(seed: number, ttlS: number): number {
  return runScenario(withOptions(loadText(SCENARIO, seed), { dns_ttl: ttlS * S })).summary.write_outage_s as number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('sim > dns > client fleet', () => {
  it('lengthens the write outage after a writer crash as the DNS TTL grows (seeds 1..4)', () => {
    const seeds = [1, 2, 3, 4];
    const byTtl = [5, 30, 60].map((ttl) => seeds.map((seed) => outage(seed, ttl)));
    const [m5, m30, m60] = byTtl.map(mean);
    expect(m30).toBeGreaterThan(m5);
    expect(m60).toBeGreaterThan(m30);
    // The spread over seeds widens with the TTL too.
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    expect(spread(byTtl[2])).toBeGreaterThan(spread(byTtl[0]));
  });
});
