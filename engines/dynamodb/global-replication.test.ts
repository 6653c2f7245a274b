// Global tables' asynchronous replication (MREC): the lag at the defaults, a pause of one
// region's replication (pause-replication, with FIS's delay before it bites), and a region
// outage (the bundled dynamodb-global-region-outage): the other region goes on, and what is lost
// is the outage region's writes that had not crossed and were overwritten meanwhile.
import { describe, expect, it } from 'vitest';
import { loadBundled, loadText } from '../../test/bundled.ts';
import { columnSum, recordGlobal, regionsYaml } from './global-harness.fixture.ts';

const S = 1_000_000;

function twoRegions(extra: { clients: string; faults?: string; duration?: string }): string {
  return `name: gt
seed: 1
duration: ${extra.duration ?? '30s'}
warmup: 2s
settle: 20s
${regionsYaml(['us-east-1', 'us-west-2'])}
engine:
  type: dynamodb
  partitions: 2
  global_table_azs: [usw2-az1, usw2-az2, usw2-az3]
workload:
  clients: ${extra.clients}
  rate: 200/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: eventual
  keys: { count: 1000, distribution: uniform }
faults: ${extra.faults ?? '[]'}
`;
}

describe('dynamodb > global tables > asynchronous replication', () => {
  it('replicates each write to the other region in about a second at the defaults', () => {
    const run = recordGlobal(loadText(twoRegions({ clients: '{ us-east-1: 3 }' })));
    const west = run.lags.get('us-west-2')!;
    expect(west.writes).toBe(run.acked.length);
    const meanS = west.sumUs / west.writes / S;
    // AWS: replicas are updated "typically within a second".
    expect(meanS).toBeGreaterThan(0.5);
    expect(meanS).toBeLessThan(1.2);
    expect(west.maxUs / S).toBeLessThan(1.5);
    // One writing region: nothing conflicts, nothing is lost.
    expect(columnSum(run.rows, 'conflicts_lost')).toBe(0);
    expect(run.summary.lost_writes).toBe(0);
  });

  it("pause-replication holds the region's replication from takes_effect_after until the action ends, then catches up", () => {
    const faults = '[{ kind: pause-replication, region: us-west-2, at: 5s, takes_effect_after: 5s, for: 15s }]';
    const run = recordGlobal(loadText(twoRegions({ clients: '{ us-east-1: 3 }', faults })));
    const paused = run.events.filter((e) => e.kind === 'replication-paused');
    const resumed = run.events.filter((e) => e.kind === 'replication-resumed');
    expect(paused.map((e) => e.timeUs / S)).toEqual([10]);
    expect(resumed.map((e) => e.timeUs / S)).toEqual([20]);
    // Nothing crosses while paused; the writes of the pause cross after it, about 10 s late at most.
    const replicated = (from: number, to: number) => run.rows.filter((r) => r.t_s >= from && r.t_s < to).reduce((n, r) => n + Number((r as Record<string, unknown>).replicated_writes ?? 0), 0);
    expect(replicated(11, 20)).toBe(0);
    expect(replicated(5, 10)).toBeGreaterThan(200);
    const west = run.lags.get('us-west-2')!;
    expect(west.maxUs / S).toBeGreaterThan(9);
    expect(west.maxUs / S).toBeLessThan(12);
    // The region's own clients never noticed; nothing is lost once it catches up.
    expect(run.failed.size).toBe(0);
    expect(run.summary.lost_writes).toBe(0);
    expect(run.finals[1]).toEqual(run.finals[0]);
  });

  it("region outage: the other region goes on; the outage region's unreplicated writes that were overwritten are lost", () => {
    const run = recordGlobal(loadBundled('dynamodb-global-region-outage'));
    expect(run.failed.get('us-west-2')).toBeUndefined();
    const westDuring = run.acked.filter((w) => w.region === 'us-west-2' && w.invokeUs >= 21 * S && w.invokeUs < 59 * S).length;
    expect(westDuring).toBeGreaterThan(0.95 * 38 * 100);
    // us-east-1's writes in its last replication lag had not crossed: those lost were discarded in
    // us-west-2 when the region came back (at 60 s) and its stream sent them.
    const lost = run.acked.filter((w) => run.logs.some((log) => !(log.get(w.keyIndex)?.has(w.value) ?? false)));
    const unreplicated = run.acked.filter((w) => w.region === 'us-east-1' && w.invokeUs >= 18.8 * S && w.invokeUs < 20 * S);
    const lostUnreplicated = lost.filter((w) => unreplicated.includes(w));
    expect(lostUnreplicated.length).toBeGreaterThan(0.6 * unreplicated.length);
    const atHeal = run.events.filter((e) => e.kind === 'global-write-discarded' && e.timeUs >= 60 * S && e.timeUs < 61 * S).length;
    expect(atHeal).toBeGreaterThanOrEqual(lostUnreplicated.length - 5);
    expect(columnSum(run.rows, 'conflicts_lost')).toBe(lost.length);
    expect(run.summary.lost_writes).toBe(lost.length);
  });
});
