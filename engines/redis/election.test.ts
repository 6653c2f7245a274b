// Who replaces a failed primary: the replica with the highest replication offset stands first
// (rank), a replica whose link has been silent too long never stands (data age), the ElastiCache
// flavour's control plane promotes the least-lagged replica, and an operator's failover
// (CLUSTER FAILOVER) hands over without losing a write.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { errorCount, eventsOf, record, S, secondsTo } from './harness.fixture.ts';

function scenario(engine: string, faults: string, seed = 1): string {
  return `
name: t
seed: ${seed}
duration: 70s
warmup: 5s
settle: 10s
engine:
  type: redis-cluster
  node_timeout: 5s
${engine}
workload:
  clients: 6
  rate: 400/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 1000, distribution: uniform }
  timeout: 500ms
faults:
${faults}
`;
}

// Shard 0 = redis-1 (primary), redis-2 and redis-3 (replicas). redis-3 misses the stream from 20 s
// (cut off from its primary only) and is behind when the primary crashes at 30 s.
const LAGGING = '  - { at: 20s, kind: partition, sides: [[redis-1], [redis-3]], for: 40s }\n  - { at: 30s, kind: crash, target: { node: redis-1 }, for: 30s }';

describe('redis > election', () => {
  it('lets the replica with the highest offset stand first: the lagging one ranks 1 and waits 1 s more', () => {
    for (const seed of [1, 2, 3]) {
      const r = record(loadText(scenario('  replicas_per_shard: 2', LAGGING, seed)));
      // Its rank is 1 when it schedules its election, or once its sibling's offset reaches it.
      const ranked = [...eventsOf(r, 'election-scheduled', 0), ...eventsOf(r, 'election-rescheduled', 0)];
      expect(ranked.filter((e) => e.node === 'redis-2').map((e) => e.detail)).toEqual([expect.stringContaining('rank 0')]);
      const last = ranked.filter((e) => e.node === 'redis-3').at(-1)!;
      expect(last.detail).toContain('rank 1');
      if (last.kind === 'election-scheduled') expect(Number(/in (\d+) ms/.exec(last.detail!)![1])).toBeGreaterThanOrEqual(1500);
      else expect(last.detail).toContain('1000 ms later');
      expect(eventsOf(r, 'election-started', 0).map((e) => e.node)).toEqual(['redis-2']);
      expect(eventsOf(r, 'promoted', 0).map((e) => e.node)).toEqual(['redis-2']);
    }
  });

  it('never lets a replica stand whose link to its primary has been silent too long, so the slots stay down', () => {
    // node_timeout 5 s x factor 2 + repl_ping_replica_period 10 s = 20 s; redis-2 has heard nothing since 5 s.
    const faults = '  - { at: 5s, kind: partition, sides: [[redis-1], [redis-2]] }\n  - { at: 35s, kind: crash, target: { node: redis-1 } }';
    const r = record(loadText(scenario('  replica_validity_factor: 2', faults)));
    expect(eventsOf(r, 'failure-detected', 0).length).toBe(1);
    expect(eventsOf(r, 'failover-ineligible', 0).map((e) => e.node)).toEqual(['redis-2']);
    expect(eventsOf(r, 'promoted')).toEqual([]);
    expect(r.summary.availability_write as number).toBeLessThan(0.75);

    const anyAge = record(loadText(scenario('  replica_validity_factor: 0', faults)));
    expect(eventsOf(anyAge, 'failover-ineligible')).toEqual([]);
    expect(eventsOf(anyAge, 'promoted', 0).map((e) => e.node)).toEqual(['redis-2']);
    // It had missed everything written since 5 s: promoting it loses those writes.
    expect(anyAge.summary.lost_writes as number).toBeGreaterThan(0);
  });

  it('needs the votes of a majority of primaries: a replica cut off from them cannot win', () => {
    // redis-2 (shard 0's replica) can reach no primary; redis-1 crashes: it is marked FAIL by redis-3 and redis-5.
    const faults = '  - { at: 5s, kind: partition, sides: [[redis-2], [redis-3, redis-5]] }\n  - { at: 30s, kind: crash, target: { node: redis-1 } }';
    const r = record(loadText(scenario('', faults)));
    expect(eventsOf(r, 'failure-detected', 0).map((e) => e.node)).toContain('redis-1');
    expect(eventsOf(r, 'promoted')).toEqual([]);
  });

  it('ElastiCache: the control plane promotes the least-lagged replica, without an election', () => {
    for (const seed of [1, 2, 3]) {
      const r = record(loadText(scenario('  replicas_per_shard: 2\n  elasticache: true', LAGGING, seed)));
      expect(eventsOf(r, 'election-started')).toEqual([]);
      const started = eventsOf(r, 'failover-started', 0);
      expect(started.map((e) => e.node)).toEqual(['redis-2']);
      expect(Number(/ahead of the others by (\d+) bytes/.exec(started[0].detail!)![1])).toBeGreaterThan(100_000);
      expect(eventsOf(r, 'promoted', 0).map((e) => e.node)).toEqual(['redis-2']);
      const detected = secondsTo(r, 'failure-detected', 0, 30 * S)!;
      const promoted = secondsTo(r, 'promoted', 0, 30 * S)!;
      // A poll (at most 1 s) and the promotion (1-3 s) after the cluster's FAIL.
      expect(promoted - detected).toBeGreaterThan(1);
      expect(promoted - detected).toBeLessThan(1 + 3 + 0.1);
    }
  });

  it('hands over on an operator failover without losing a write or waiting for node_timeout', () => {
    const r = record(loadText(scenario('', '  - { at: 30s, kind: failover, target: { role: replica, shard: 1 } }')), { check: true });
    expect(eventsOf(r, 'election-started', 1)[0].detail).toContain('(manual)');
    const promoted = secondsTo(r, 'promoted', 1, 30 * S)!;
    expect(promoted).toBeLessThan(0.1);
    expect(eventsOf(r, 'demoted', 1).map((e) => e.node)).toEqual(['redis-3']);
    expect(r.summary.lost_writes).toBe(0);
    expect(r.summary.linearizable).toBe(true);
    expect(r.shardOutageUs[1] / S).toBeLessThan(1);
    // Clients still sent shard 1's commands to redis-3: it answered MOVED, and they followed.
    expect(errorCount(r, 'write', '')).toBe(0);
    expect(errorCount(r, 'read', '')).toBe(0);
    // On a primary, the operator's failover goes to its replica.
    const onPrimary = record(loadText(scenario('', '  - { at: 30s, kind: failover, target: { role: primary, shard: 2 } }')));
    expect(eventsOf(onPrimary, 'promoted', 2).map((e) => e.node)).toEqual(['redis-6']);
  });
});
