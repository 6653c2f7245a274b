// Global tables with multi-Region strong consistency (MRSC, global_consistency: strong): three
// regions; a write is acknowledged once durable in a second region, so nothing acknowledged is
// lost; concurrent writes to one item from two regions: one fails (replicated-write-conflict);
// a region cut off from the two others cannot write, while they go on.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { columnSum, recordGlobal, regionsYaml } from './global-harness.fixture.ts';

const S = 1_000_000;

function threeRegions(o: { keys: number; faults?: string; reads?: 'strong' | 'eventual'; consistency?: 'strong' | 'eventual' }): string {
  return `name: mrsc
seed: 1
duration: 40s
warmup: 2s
settle: 20s
${regionsYaml(['us-east-1', 'us-east-2', 'us-west-2'])}
region:
  latency:
    cross_region:
      - between: [us-east-1, us-east-2]
        delay: { median: 6ms, p99: 7ms }
      - between: [us-east-2, us-west-2]
        delay: { median: 25ms, p99: 28ms }
engine:
  type: dynamodb
  partitions: 2
  global_consistency: ${o.consistency ?? 'strong'}
  global_table_azs: [use2-az1, use2-az2, use2-az3, usw2-az1, usw2-az2, usw2-az3]
workload:
  clients: { us-east-1: 2, us-east-2: 2, us-west-2: 2 }
  rate: 150/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: ${o.reads ?? 'eventual'}
  keys: { count: ${o.keys}, distribution: uniform }
  timeout: 3s
  retry: { attempts: 1 }
faults: ${o.faults ?? '[]'}
`;
}

describe('dynamodb > global tables > multi-Region strong consistency', () => {
  it('loses no acknowledged write and converges, writes taking a round trip to another region', () => {
    const run = recordGlobal(loadText(threeRegions({ keys: 5000 })));
    expect(run.acked.length).toBeGreaterThan(2500);
    expect(run.summary.lost_writes).toBe(0);
    // Every acknowledged write is in at least two regions' copies (and, after the catch-up, all three).
    for (const w of run.acked) expect(run.logs.filter((l) => l.get(w.keyIndex)?.has(w.value)).length).toBeGreaterThanOrEqual(2);
    expect(run.finals[1]).toEqual(run.finals[0]);
    expect(run.finals[2]).toEqual(run.finals[0]);
    // A write waits for another region: at least the nearest round trip (us-east-1 <-> us-east-2, 12 ms).
    expect(Number(run.summary.write_latency_ms_p50)).toBeGreaterThan(12);
    expect(columnSum(run.rows, 'conflicts_lost')).toBe(0);
  });

  it('serves strongly consistent reads the latest acknowledged write, whichever region took it', () => {
    const strong = recordGlobal(loadText(threeRegions({ keys: 200, reads: 'strong' })));
    expect(Number(strong.summary.reads)).toBeGreaterThan(2500);
    expect(strong.summary.stale_reads).toBe(0);
    // A read waits for another region's answer too.
    expect(Number(strong.summary.read_latency_ms_p50)).toBeGreaterThan(12);
    // The same reads on an eventual (MREC) table see only their own region's copy: stale.
    const eventual = recordGlobal(loadText(threeRegions({ keys: 200, reads: 'strong', consistency: 'eventual' })));
    expect(Number(eventual.summary.stale_reads)).toBeGreaterThan(100);
  });

  it('fails one of two concurrent writes to an item with replicated-write-conflict', () => {
    const run = recordGlobal(loadText(threeRegions({ keys: 20 })));
    const conflicts = [...run.failed.values()].reduce((n, m) => n + (m.get('replicated-write-conflict') ?? 0), 0);
    expect(conflicts).toBeGreaterThan(10);
    expect(run.summary.lost_writes).toBe(0);
    expect(run.finals[2]).toEqual(run.finals[0]);
  });

  it('refuses writes in a region cut off from the two others while they go on, and loses nothing', () => {
    const cut = `
  - { kind: region-partition, at: 10s, for: 15s, regions: [us-west-2, us-east-1] }
  - { kind: region-partition, at: 10s, for: 15s, regions: [us-west-2, us-east-2] }`;
    const run = recordGlobal(loadText(threeRegions({ keys: 5000, faults: cut })));
    const during = (region: string) => run.acked.filter((w) => w.region === region && w.invokeUs >= 10.5 * S && w.invokeUs < 24 * S).length;
    expect(during('us-west-2')).toBe(0);
    expect(run.failed.get('us-west-2')?.get('replication-unavailable') ?? 0).toBeGreaterThan(100);
    expect(during('us-east-1')).toBeGreaterThan(0.9 * 13.5 * 25);
    expect(during('us-east-2')).toBeGreaterThan(0.9 * 13.5 * 25);
    expect(run.summary.lost_writes).toBe(0);
    expect(run.finals[2]).toEqual(run.finals[0]);
  });
});
