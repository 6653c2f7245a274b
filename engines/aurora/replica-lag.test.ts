// Replica lag (REFERENCE-FIGURES.md A13-A15): replicas apply the writer's redo stream once it is
// durable; lag = apply time minus commit time, a network hop plus the apply queue, so it stays in
// milliseconds and grows with the write rate. Reads on the reader endpoint can be stale; reads on
// the cluster endpoint cannot.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, loadText } from '../../test/bundled.ts';

function atWriteRate(writesPerS: number, consistency: 'strong' | 'eventual' = 'eventual', keys = 100_000) {
  return runScenario(
    loadText(`
name: lag-${writesPerS}
duration: 5s
warmup: 1s
settle: 5s
engine:
  type: aurora
  replicas: 2
workload:
  clients: 12
  rate: ${Math.round(writesPerS / 0.9)}/s
  mix: { read: 0.1, write: 0.9 }
  read_consistency: ${consistency}
  keys: { count: ${keys}, distribution: uniform }
  value_size: 1KB
`),
  ).summary;
}

describe('aurora > replica lag', () => {
  it('keeps the replica lag p99 at or under 20 ms at 1,000 writes/s', () => {
    const r = runScenario(loadBundled('aurora-replica-lag-1k')).summary;
    expect(r.replication_lag_ms_p99 as number).toBeLessThanOrEqual(20);
    expect(r.replication_lag_ms_p50 as number).toBeGreaterThan(0.2);
    expect(r.lost_writes).toBe(0);
  });

  it('grows the replica lag with the write rate', () => {
    const rates = [500, 2000, 5000];
    const runs = rates.map((w) => atWriteRate(w));
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].replication_lag_ms_p50 as number).toBeGreaterThan(runs[i - 1].replication_lag_ms_p50 as number);
      expect(runs[i].replication_lag_ms_p99 as number).toBeGreaterThan(runs[i - 1].replication_lag_ms_p99 as number);
    }
    for (const r of runs) expect(r.replication_lag_ms_p99 as number).toBeLessThan(20);
  });

  it('serves stale reads on the reader endpoint only', () => {
    const eventual = atWriteRate(2000, 'eventual', 20);
    const strong = atWriteRate(2000, 'strong', 20);
    expect(eventual.stale_reads as number).toBeGreaterThan(0);
    expect(strong.stale_reads).toBe(0);
    expect(strong.replication_lag_ms_p50 as number).toBeGreaterThan(0);
  });
});
