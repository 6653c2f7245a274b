// A storage node hosts replicas of many partitions: its crash, restart and pause reach them all.
// And an operator failover hands a partition over without waiting out a lease.
import { describe, expect, it } from 'vitest';
import { loadBundled, withRate } from '../../test/bundled.ts';
import type { FaultSpec } from '../../sim/fault-spec.ts';
import { eventsOf, record, withFaults, MS, S } from './harness.fixture.ts';

function run(faults: FaultSpec[]) {
  // 4 partitions on 2 storage nodes per AZ: storage-az-a-1 holds p0 and p2, storage-az-a-2 p1 and p3.
  return record(withFaults(withRate(loadBundled('dynamodb-leader-crash'), 300), faults, 60 * S));
}

describe('dynamodb > storage node', () => {
  it('crashes and restarts every replica on a crashed storage node', () => {
    const r = run([{ atUs: 20 * S, kind: 'crash', target: { node: 'storage-az-a-1' }, forUs: 10 * S }]);
    const back = r.events.filter((e) => e.kind === 'replica-recovered').map((e) => e.node);
    expect(back.sort()).toEqual(['p0-az-a', 'p2-az-a']);
    // p0 was led from there: it fails over; p2 only lost a follower.
    expect(eventsOf(r, 'leader', 0).length).toBe(1);
    expect(eventsOf(r, 'election-started', 2)).toEqual([]);
    expect(r.summary.lost_writes).toBe(0);
    expect(r.summary.stale_reads).toBe(0);
  });

  it('freezes every replica on a paused storage node; its leader steps down when it thaws', () => {
    const r = run([{ atUs: 20 * S, kind: 'pause', target: { node: 'storage-az-a-1' }, forUs: 10 * S }]);
    expect(eventsOf(r, 'leader', 0).length).toBe(1);
    const stepped = eventsOf(r, 'stepped-down', 0).find((e) => e.node === 'p0-az-a');
    expect(stepped?.timeUs).toBe(30 * S);
    expect(r.events.filter((e) => e.kind === 'replica-recovered')).toEqual([]);
    expect(r.summary.stale_reads).toBe(0);
  });

  it('hands a partition over at once on an operator failover: no lease to wait out', () => {
    const r = run([{ atUs: 20 * S, kind: 'failover', target: { role: 'leader', partition: 1 } }]);
    const elected = eventsOf(r, 'elected', 1)[0];
    expect(elected.detail).toMatch(/waits 0 ms/);
    const serving = eventsOf(r, 'leader', 1)[0];
    expect(serving.timeUs - 20 * S).toBeLessThan(20 * MS);
    expect(r.summary.failover_s as number).toBeLessThan(0.02);
    expect(r.summary.lost_writes).toBe(0);
    expect(r.summary.stale_reads).toBe(0);
  });
});
