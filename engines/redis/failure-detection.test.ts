// Failure detection rules: FAIL needs reports from a majority of the slot-serving primaries, so
// one observer that lost its link never causes a failover; with a slot uncovered (no replica to
// promote) the whole cluster refuses queries, unless require_full_coverage is off.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { eventsOf, record, S } from './harness.fixture.ts';

function scenario(faults: string, engine = '', seed = 1): string {
  return `
name: t
seed: ${seed}
duration: 80s
warmup: 5s
settle: 10s
engine:
  type: redis-cluster
  node_timeout: 5s
${engine}
workload:
  clients: 6
  rate: 300/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 1000, distribution: uniform }
  timeout: 500ms
faults:
${faults}
`;
}

describe('redis > failure detection', () => {
  it('never marks a primary FAIL that only one other primary cannot reach', () => {
    // redis-1 (shard 0's primary) and redis-3 (shard 1's) lose their link; redis-5 still sees both.
    const r = record(loadText(scenario('  - { at: 20s, kind: partition, sides: [[redis-1], [redis-3]], for: 40s }')));
    expect(eventsOf(r, 'failure-detected')).toEqual([]);
    expect(eventsOf(r, 'promoted')).toEqual([]);
    expect(r.summary.lost_writes).toBe(0);
  });

  it('marks a primary FAIL when a majority of primaries cannot reach it, though its replica still can', () => {
    const r = record(loadText(scenario('  - { at: 20s, kind: partition, sides: [[redis-1], [redis-3, redis-5]], for: 40s }')));
    const detected = eventsOf(r, 'failure-detected', 0);
    expect(detected.length).toBe(1);
    expect(detected[0].node).toBe('redis-1');
    expect(detected[0].detail).toMatch(/2 primaries report it \(majority 2\)/);
    // Its replica hears the FAIL broadcast and stands, and the primaries vote for it.
    expect(eventsOf(r, 'promoted', 0).map((e) => e.node)).toEqual(['redis-2']);
  });

  it('counts no report from a replica: replicas cut off from everything cause no FAIL of a primary', () => {
    const r = record(loadText(scenario('  - { at: 20s, kind: partition, sides: [[redis-2, redis-4, redis-6], [redis-1, redis-3, redis-5]], for: 40s }')));
    const failed = eventsOf(r, 'failure-detected').map((e) => e.node);
    // The primaries mark the replicas FAIL (a majority of primaries reports them); never the reverse.
    expect(failed.sort()).toEqual(['redis-2', 'redis-4', 'redis-6']);
    expect(eventsOf(r, 'promoted')).toEqual([]);
  });

  it('stops every shard when a slot is uncovered: a primary without replicas fails', () => {
    const r = record(loadText(scenario('  - { at: 20s, kind: crash, target: { role: primary, shard: 0 }, for: 40s }', '  replicas_per_shard: 0')));
    expect(eventsOf(r, 'failure-detected', 0).length).toBe(1);
    const down = (r.events.find((e) => e.kind === 'failure-detected')!.timeUs - 20 * S) / S;
    // Shards 1 and 2 stop from FAIL until the crashed primary is back (at 60 s) and its FAIL is undone.
    expect(r.shardOutageUs[1] / S).toBeGreaterThan(60 - 20 - down - 2);
    expect(r.shardOutageUs[2] / S).toBeGreaterThan(60 - 20 - down - 2);
    expect(eventsOf(r, 'cluster-down').map((e) => e.node)).toEqual(expect.arrayContaining(['redis-2', 'redis-3']));
  });

  it('keeps the other shards serving with require_full_coverage off', () => {
    const r = record(loadText(scenario('  - { at: 20s, kind: crash, target: { role: primary, shard: 0 }, for: 40s }', '  replicas_per_shard: 0\n  require_full_coverage: false')));
    expect(r.shardOutageUs[0] / S).toBeGreaterThan(35);
    expect(r.shardOutageUs[1] / S).toBeLessThan(1);
    expect(r.shardOutageUs[2] / S).toBeLessThan(1);
  });

  it('undoes FAIL of a primary nobody replaced once it is reachable again and loses its unpersisted data', () => {
    const r = record(loadText(scenario('  - { at: 20s, kind: crash, target: { role: primary, shard: 0 }, for: 20s }', '  replicas_per_shard: 0')));
    // Back at 40 s, writable after 2 s, FAIL undone by the others once 2 x node_timeout passed since it.
    const ok = eventsOf(r, 'cluster-ok').filter((e) => e.timeUs > 40 * S);
    expect(ok.length).toBeGreaterThanOrEqual(3);
    expect(r.shardOutageUs[1] / S).toBeLessThan(40);
    // No appendonly: the restarted primary came back empty.
    expect(r.summary.lost_writes as number).toBeGreaterThan(0);
  });
});
