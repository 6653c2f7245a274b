import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled } from '../../test/bundled.ts';

const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('rds > multi-az', () => {
  const runs = seeds.map((seed) => runScenario(loadBundled('rds-multi-az-writer-crash', seed)).summary);

  it('keeps the client-observed write outage of a writer crash between 60 and 120 s for seeds 1..10', () => {
    for (const r of runs) {
      expect(r.write_outage_s).toBeGreaterThanOrEqual(60);
      expect(r.write_outage_s).toBeLessThanOrEqual(120);
    }
  });

  it('loses no acknowledged write when it fails over to the synchronous standby', () => {
    for (const r of runs) expect(r.lost_writes).toBe(0);
  });

  it('detects the failure by health checks before promoting', () => {
    for (const r of runs) {
      expect(r.detection_s).toBeGreaterThan(0);
      expect(r.failover_s as number).toBeGreaterThan(r.detection_s as number);
    }
  });

  it('gives different histories for different seeds', () => {
    expect(new Set(runs.map((r) => r.write_outage_s)).size).toBeGreaterThan(5);
  });
});
