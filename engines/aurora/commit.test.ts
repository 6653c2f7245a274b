// The write path (REFERENCE-FIGURES.md A8, A9): a commit waits for the 4th of 6 acknowledgements, an
// order statistic, so one slow storage node does not slow commits; the writer ships redo records,
// not pages, so the bytes it puts on the network per write are 6 x (value + header) plus acks.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';

/** One PG over 2 nodes per AZ: every storage node holds a segment of every write. */
function commitLatency(writeQuorum: number, slowNode: boolean, seed = 1) {
  const s = loadText(
    `
name: slow-node
duration: 20s
warmup: 2s
settle: 5s
engine:
  type: aurora
  replicas: 0
  write_quorum: ${writeQuorum}
  read_quorum: ${7 - writeQuorum}
  protection_groups: 1
  storage_nodes_per_az: 2
workload:
  clients: 6
  rate: 200/s
  mix: { read: 0.2, write: 0.8 }
  keys: { count: 1000, distribution: uniform }
  value_size: 1KB
${slowNode ? 'faults:\n  - { at: 1s, kind: latency, between: [[instance-1], [storage-az-b-1]], add: 20ms }' : ''}
`,
    seed,
  );
  return runScenario(s).summary;
}

describe('aurora > commit', () => {
  it('keeps the p50 commit latency when one storage node is 20 ms slower (the commit waits for the 4th of 6 acks)', () => {
    for (const seed of [1, 2]) {
      const normal = commitLatency(4, false, seed).write_latency_ms_p50 as number;
      const slow = commitLatency(4, true, seed).write_latency_ms_p50 as number;
      expect(Math.abs(slow - normal)).toBeLessThan(0.5);
    }
  });

  it('would feel the slow node if the commit waited for all 6 acks', () => {
    const normal = commitLatency(6, false).write_latency_ms_p50 as number;
    const slow = commitLatency(6, true).write_latency_ms_p50 as number;
    // Two one-way delays of +20 ms: the request and the acknowledgement.
    expect(slow - normal).toBeGreaterThan(35);
  });

  it('puts about 6 x (value + redo header) on the network per committed write, plus acknowledgements', () => {
    const r = commitLatency(4, false);
    // 6 segments x (1 KB value + 64 B header + 32 B batch header) + 6 x 40 B acknowledgements;
    // health checks add a little. Reads (20% here) add page reads from storage.
    const perWrite = r.replication_bytes_per_write as number;
    expect(perWrite).toBeGreaterThan(6 * (1024 + 96) + 6 * 40);
    expect(perWrite).toBeLessThan(6 * (1024 + 96) + 6 * 40 + 0.25 * (1024 + 80 + 48) + 100);
  });
});
