// Replica lag (REFERENCE-FIGURES.md A13-A15): replicas apply the writer's redo stream once it is
// durable; lag = apply time minus commit time, a network hop plus the apply queue, so it stays in
// milliseconds and grows with the write rate. Reads on the reader endpoint can be stale; reads on
// the cluster endpoint cannot.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, loadText } from '../../test/bundled.ts';
import type { SimEvent } from '../../sim/event-log.ts';

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

describe('aurora > replica > lost join', () => {
  it('asks for a snapshot when the stream carries a newer epoch than it joined, so a replica whose join was lost catches up once messages pass', () => {
    // The writer restarts while nothing passes from it to the replica: its crash recovery opens
    // the volume under a new epoch, and the join it sends the replica is lost. Before, the
    // replica ignored the new epoch's stream for good and served reads from where it stopped.
    const events: SimEvent[] = [];
    const r = runScenario(
      loadText(`
name: aurora-lost-join
seed: 1
duration: 150s
warmup: 10s
settle: 30s
engine: { type: aurora, replicas: 1 }
workload:
  clients: 4
  rate: 200/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: eventual
  keys: { count: 100, distribution: uniform }
  value_size: 1KB
  timeout: 1s
  retry: { attempts: 3, backoff: 50ms, max_backoff: 2s }
faults:
  - { at: 40s, kind: partition, sides: [[instance-1], [instance-2]], one_way: true, for: 40s }
  - { at: 45s, kind: restart, target: { node: instance-1 }, for: 1s }
`),
      { sinks: { event: (e) => events.push(e) } },
    ).summary;
    expect(events.some((e) => e.kind === 'recovered' && e.node === 'instance-1' && e.timeUs > 45e6)).toBe(true);
    // Staleness is bounded by the partition (40 s), not the rest of the run (110 s before).
    expect(r.staleness_ms_max as number).toBeLessThan(42_000);
    expect(r.stale_read_ratio as number).toBeLessThan(0.4);
    expect(r.lost_writes).toBe(0);
  });
});
