// Eventual reads go to any replica and can return a value a follower has not applied yet; strong
// reads go to the leader and never do.
import { describe, expect, it } from 'vitest';
import { bundledNames, loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import { runScenario } from '../../scenarios/run.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { MS, S } from './harness.fixture.ts';

/** The bundled eventual-reads mix, lighter (1000/s for 30 s) on fewer keys (200). */
function load(consistency: 'strong' | 'eventual', seed = 1): Scenario {
  const s = withRate(loadBundled('dynamodb-eventual-reads', seed), 1000);
  return { ...s, expect: [], durationUs: 30 * S, workload: { ...s.workload, consistency, keyCount: 200 } };
}

describe('dynamodb > reads', () => {
  it('serves some stale eventual reads under normal load, converging well within a second', () => {
    for (const seed of [1, 2]) {
      const r = runScenario(load('eventual', seed)).summary;
      expect(r.stale_reads as number).toBeGreaterThan(100);
      expect(r.staleness_ms_p99 as number).toBeLessThan(1000);
      expect(r.staleness_ms_max as number).toBeLessThan(1000);
      expect(r.replication_lag_ms_p99 as number).toBeLessThan(1000);
    }
  });

  it('serves no stale strong read under the same load', () => {
    for (const seed of [1, 2]) expect(runScenario(load('strong', seed)).summary.stale_reads).toBe(0);
  });

  it('makes eventual reads as stale as the followers\' apply delay', () => {
    const quick = runScenario(withOptions(load('eventual'), { apply_delay: { kind: 'constant', value: 20 * MS } })).summary;
    const slow = runScenario(withOptions(load('eventual'), { apply_delay: { kind: 'constant', value: 300 * MS } })).summary;
    expect(slow.stale_reads as number).toBeGreaterThan(5 * (quick.stale_reads as number));
    // A read is stale for at most the delay plus a commit notification's trip.
    expect(quick.staleness_ms_max as number).toBeLessThan(20 + 10);
    expect(slow.staleness_ms_max as number).toBeLessThan(300 + 10);
    expect(slow.staleness_ms_max as number).toBeGreaterThan(250);
    expect(slow.replication_lag_ms_p50 as number).toBeGreaterThan(300);
  });

  it('gives 0 stale reads in every bundled DynamoDB scenario with strong reads, but the one that breaks the lease on purpose', () => {
    const names = bundledNames().filter((n) => n.startsWith('dynamodb-') && n !== 'dynamodb-clock-jump-breaks-lease');
    let strong = 0;
    for (const name of names) {
      const s = loadBundled(name);
      if (s.workload.consistency !== 'strong') continue;
      strong++;
      expect(runScenario(withRate(s, 300)).summary.stale_reads, name).toBe(0);
    }
    expect(strong).toBeGreaterThanOrEqual(5);
  });
});
