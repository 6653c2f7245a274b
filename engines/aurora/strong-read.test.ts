// Strong reads (the cluster endpoint) after a failover under combined faults: the fault shape of
// the reproducer found by random schedules (a short three-way partition, then added latency
// between the writer's old AZ and the others). The old writer, restarted as a replica, was still
// reachable through connections and cached DNS answers for the cluster endpoint, and answered
// strong reads at its replica lag (about the added latency). No clock fault is involved.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';

const SHAPE = `name: aurora-stale-strong-read-shape
seed: 457
duration: 45s
engine: { type: aurora, replicas: 1, writer_az: az-a }
workload:
  clients: 3
  rate: 504/s
  mix: { read: 0.8, write: 0.2 }
  read_consistency: strong
  keys: { count: 5000, distribution: hotspot }
  value_size: 4KB
  timeout: 2s
  retry: { attempts: 1 }
faults:
  - at: 12851ms
    kind: partition
    sides: [[az-c], [az-b], [az-a]]
    for: 10s
  - at: 24569ms
    kind: latency
    between: [[az-c, az-b], [az-a]]
    add: 612ms
    for: 9s
`;

describe('aurora > strong reads', () => {
  it('answers no stale strong read from the cluster endpoint after a three-way partition then added latency, seeds 457 and 1..3', () => {
    for (const seed of [457, 1, 2, 3]) {
      const { summary } = runScenario(loadText(SHAPE, seed));
      expect({ seed, stale: summary.stale_reads, linearizable: summary.linearizable }).toEqual({ seed, stale: 0, linearizable: true });
    }
  });

  it('stays linearizable when the writer and the replica clocks also jump and drift (nothing in the check reads a clock)', () => {
    const clocks = `  - { at: 5s, kind: clock, target: { role: writer }, offset: +3s, drift_ppm: 500 }
  - { at: 6s, kind: clock, target: { role: replica, index: 0 }, offset: -2s, drift_ppm: -500 }
`;
    const { summary } = runScenario(loadText(SHAPE + clocks, 457));
    expect({ stale: summary.stale_reads, linearizable: summary.linearizable }).toEqual({ stale: 0, linearizable: true });
  });
});
