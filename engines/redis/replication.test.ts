// Asynchronous replication, WAIT, and what survives a restart: a write is acknowledged before
// its replica has it unless `wait_replicas`; a primary restarted before anyone noticed comes back
// empty (no appendonly) or with what it fsynced up to a second before (appendonly), and its
// replicas resynchronise to whatever it has.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { errorCount, eventsOf, record, S } from './harness.fixture.ts';

function scenario(engine: string, faults = '', duration = '40s'): string {
  return `
name: t
duration: ${duration}
warmup: 5s
settle: 10s
engine:
  type: redis-cluster
${engine}
workload:
  clients: 3
  rate: 300/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 1000, distribution: uniform }
  timeout: 1s
  retry: { attempts: 1 }
${faults === '' ? '' : `faults:\n${faults}`}
`;
}

describe('redis > replication', () => {
  it('acknowledges a write before its replica has it; WAIT 1 adds the replica round trip', () => {
    const async = record(loadText(scenario('')));
    const wait = record(loadText(scenario('  wait_replicas: 1')));
    const added = (wait.summary.write_latency_ms_p50 as number) - (async.summary.write_latency_ms_p50 as number);
    // Replicas sit in another AZ: one cross-AZ round trip (median 0.8 ms each way).
    expect(added).toBeGreaterThan(1.0);
    expect(added).toBeLessThan(4);
    expect(async.summary.replication_lag_ms_p50 as number).toBeGreaterThan(0.3);
    expect(async.summary.replication_lag_ms_p50 as number).toBeLessThan(3);
  });

  it('fails WAIT writes after wait_timeout while the replica is down, and recovers when it resynchronises', () => {
    const faults = '  - { at: 15s, kind: crash, target: { role: replica, shard: 0 }, for: 10s }';
    const r = record(loadText(scenario('  wait_replicas: 1\n  wait_timeout: 200ms', faults)));
    const timedOut = errorCount(r, 'write', 'wait-timeout');
    // Shard 0 gets about a third of 150 writes/s for the 10 s the replica is down.
    expect(timedOut).toBeGreaterThan(300);
    expect(timedOut).toBeLessThan(700);
    expect(eventsOf(r, 'full-sync', 0).map((e) => e.node)).toEqual(['redis-2']);
    // After the resynchronisation writes succeed again: the outage ends with the crash.
    expect(r.shardOutageUs[0] / S).toBeLessThan(11);
    expect(r.summary.lost_writes).toBe(0);
  });

  it('loses every write of a primary restarted without appendonly before it was failed over', () => {
    const faults = '  - { at: 20s, kind: crash, target: { role: primary, shard: 0 }, for: 2s }';
    const r = record(loadText(scenario('', faults)));
    expect(eventsOf(r, 'failure-detected')).toEqual([]);
    expect(eventsOf(r, 'full-sync', 0).map((e) => e.node)).toEqual(['redis-2']);
    expect(r.summary.lost_writes as number).toBeGreaterThan(1000);
    expect(r.result.faults[0].lostFromUs!).toBeLessThan(6 * S);
  });

  it('keeps all but the last second of writes with appendonly (fsync every second)', () => {
    const faults = '  - { at: 20s, kind: crash, target: { role: primary, shard: 0 }, for: 2s }';
    const r = record(loadText(scenario('  appendonly: true', faults)));
    const f = r.result.faults[0];
    expect(r.summary.lost_writes as number).toBeGreaterThan(0);
    expect(r.summary.lost_writes as number).toBeLessThan(100);
    expect(f.lostFromUs!).toBeGreaterThan(20 * S - 1.1 * S);
    expect(f.lostToUs!).toBeLessThanOrEqual(20 * S);
    // The replica was ahead of the restarted primary: it resynchronises fully, to the primary's data.
    expect(eventsOf(r, 'full-sync', 0).map((e) => e.node)).toEqual(['redis-2']);
  });

  it('keeps a restarted primary from serving for the writable delay', () => {
    const faults = '  - { at: 20s, kind: crash, target: { role: primary, shard: 0 }, for: 2s }';
    const r = record(loadText(scenario('  appendonly: true\n  writable_delay: 5s', faults)));
    const ok = eventsOf(r, 'cluster-ok', 0).find((e) => e.node === 'redis-1')!;
    expect((ok.timeUs - 22 * S) / S).toBeGreaterThanOrEqual(5);
    expect((ok.timeUs - 22 * S) / S).toBeLessThan(5.2);
    expect(r.shardOutageUs[0] / S).toBeGreaterThan(6.5);
  });
});
