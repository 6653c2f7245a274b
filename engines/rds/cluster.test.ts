import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';

const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('rds > multi-az-cluster', () => {
  it('fails over a crashed writer in under 35 s for seeds 1..10, losing nothing', () => {
    for (const seed of seeds) {
      const r = runScenario(loadBundled('rds-cluster-writer-crash', seed)).summary;
      expect(r.write_outage_s, `seed ${seed}`).toBeLessThan(35);
      expect(r.lost_writes, `seed ${seed}`).toBe(0);
    }
  });

  it('serves stale reads only on the reader endpoint', () => {
    const base = loadBundled('rds-cluster-writer-crash', 1);
    const heavy = (consistency: 'strong' | 'eventual'): Scenario => ({
      ...base,
      faults: [],
      expect: [],
      durationUs: 30e6,
      workload: { ...base.workload, consistency, readFraction: 0.5, keyCount: 20, load: { kind: 'open', ratePerS: 3000 } },
    });
    const eventual = runScenario(heavy('eventual')).summary;
    const strong = runScenario(heavy('strong')).summary;
    expect(eventual.stale_reads as number).toBeGreaterThan(0);
    expect(strong.stale_reads).toBe(0);
  });
});
