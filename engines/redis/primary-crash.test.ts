// Shard 0's primary crashes (the bundled redis-primary-crash, at a lighter load): its peers flag
// it PFAIL after node_timeout without a pong, FAIL once a majority of primaries report it, and
// its replica (rank 0) is elected 500 ms + random(0-500) ms later. Writes to shard 0 are down for
// about that long; the other shards only while a slot is uncovered.
import { describe, expect, it } from 'vitest';
import { loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import { eventsOf, record, S, secondsTo, type Recorded } from './harness.fixture.ts';

const CRASH_US = 40 * S;
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function run(seed: number, options: Record<string, unknown> = {}): Recorded {
  return record({ ...withRate(withOptions(loadBundled('redis-primary-crash', seed), options), 200), durationUs: 75 * S, settleUs: 10 * S });
}

describe('redis > primary crash', () => {
  const runs = seeds.map((seed) => run(seed));
  const nt = 15;

  it('marks the primary FAIL after node_timeout plus the wait for an unanswered ping and the gossip of a second primary', () => {
    for (const r of runs) {
      const d = secondsTo(r, 'failure-detected', 0, CRASH_US)!;
      // A peer pings a node at least every node_timeout/2: PFAIL within [NT, 1.5 NT] of the crash, FAIL a gossip later.
      expect(d).toBeGreaterThan(nt);
      expect(d).toBeLessThan(1.5 * nt + 2);
      expect(r.summary.detection_s).toBeCloseTo(d, 3);
    }
  });

  it('elects the rank-0 replica 500-1000 ms after FAIL, and promotes it one vote round trip later', () => {
    for (const r of runs) {
      const detected = secondsTo(r, 'failure-detected', 0, CRASH_US)!;
      const started = secondsTo(r, 'election-started', 0, CRASH_US)!;
      const promoted = secondsTo(r, 'promoted', 0, CRASH_US)!;
      expect(started - detected).toBeGreaterThanOrEqual(0.5);
      expect(started - detected).toBeLessThan(1.0 + 0.01);
      expect(promoted - started).toBeLessThan(0.02);
      expect(eventsOf(r, 'election-started', 0)[0].detail).toContain('rank 0');
      expect(eventsOf(r, 'promoted', 0)[0].node).toBe('redis-2');
      expect(r.summary.failover_s).toBeCloseTo(promoted, 3);
    }
  });

  it('recovers writes to the crashed primary\'s slots after about node_timeout + election, for seeds 1..10', () => {
    for (const r of runs) {
      const promoted = secondsTo(r, 'promoted', 0, CRASH_US)!;
      const outage = r.shardOutageUs[0] / S;
      // Writes invoked up to ~3 s before the promotion still succeed on a retry after it.
      expect(outage).toBeGreaterThan(nt - 3);
      expect(outage).toBeLessThan(promoted + 0.5);
      expect(r.summary.write_outage_s).toBeCloseTo(outage, 3);
    }
  });

  it('leaves the other shards writing but for the moment a slot is uncovered (between FAIL and the promotion)', () => {
    for (const r of runs) {
      expect(r.shardOutageUs[1] / S).toBeLessThan(1.5);
      expect(r.shardOutageUs[2] / S).toBeLessThan(1.5);
      // Every other primary reported the cluster down while shard 0 was uncovered, and up again after.
      expect(eventsOf(r, 'cluster-down').map((e) => e.node)).toEqual(expect.arrayContaining(['redis-3', 'redis-5']));
      expect(eventsOf(r, 'cluster-ok').length).toBeGreaterThanOrEqual(3);
    }
  });

  it('takes about 10 s less to fail over with node_timeout 5 s instead of 15 s', () => {
    const short = seeds.slice(0, 5).map((seed) => run(seed, { node_timeout: 5 * S }));
    const shortMean = mean(short.map((r) => secondsTo(r, 'promoted', 0, CRASH_US)!));
    const longMean = mean(runs.slice(0, 5).map((r) => secondsTo(r, 'promoted', 0, CRASH_US)!));
    expect(longMean - shortMean).toBeGreaterThan(10 - 3.5);
    expect(longMean - shortMean).toBeLessThan(10 + 3.5);
    for (const r of short) expect(secondsTo(r, 'promoted', 0, CRASH_US)!).toBeLessThan(1.5 * 5 + 3);
  });

  it('brings the old primary back as a replica of the promoted one, with a full resynchronisation', () => {
    for (const r of runs.slice(0, 3)) {
      const demoted = eventsOf(r, 'demoted', 0);
      expect(demoted.map((e) => e.node)).toEqual(['redis-1']);
      expect(demoted[0].detail).toContain('now a replica of redis-2');
      expect(eventsOf(r, 'full-sync', 0).some((e) => e.node === 'redis-1' && e.timeUs >= demoted[0].timeUs)).toBe(true);
      expect(r.summary.lost_writes).toBe(0);
    }
  });
});
