// Two of a partition's three storage replicas lost (the bundled dynamodb-two-replicas-down, at a
// lighter load): the leader adds a log replica and writes resume after its delay; strong reads
// never stop; nothing acknowledged is lost, even when the leader itself fails while the log
// replica stands in; the log replica goes once a storage replica is back.
import { describe, expect, it } from 'vitest';
import { loadBundled, loadText, withOptions, withRate } from '../../test/bundled.ts';
import { eventsOf, longestGap, record, S, type Recorded } from './harness.fixture.ts';

const CRASH_US = 40 * S;

function run(options: Record<string, unknown> = {}): Recorded {
  // Both followers of partition 0 are down from 40 s to 100 s; the workload stops at 70 s.
  return record({ ...withRate(withOptions(loadBundled('dynamodb-two-replicas-down'), options), 300), expect: [], durationUs: 70 * S });
}

describe('dynamodb > log replicas', () => {
  const withLog = run();

  it('resumes writes of the partition after detection and log_replica_delay, where without it they stop for the whole fault', () => {
    const added = eventsOf(withLog, 'quorum-restored', 0);
    expect(added).toHaveLength(1);
    // Detected within replication_retry (0.5 s) plus a heartbeat, then the 2 s delay.
    const readyS = (added[0].timeUs - CRASH_US) / S;
    expect(readyS).toBeGreaterThan(2.4);
    expect(readyS).toBeLessThan(2.5 + 0.3);
    const p0 = withLog.partitions[0];
    expect(longestGap(p0.okWriteTimes, CRASH_US, 70 * S)).toBeLessThan(3.5 * S);
    expect(p0.okWriteTimes.filter((t) => t >= 45 * S).length).toBeGreaterThan(300); // about 15 writes/s reach partition 0
    const without = run({ log_replicas: false });
    expect(without.partitions[0].okWriteTimes.filter((t) => t >= 45 * S)).toHaveLength(0);
    expect(eventsOf(without, 'quorum-restored', 0)).toHaveLength(0);
  });

  it('keeps strong reads working from the leader: the log replica renews its lease and serves no reads', () => {
    const p0 = withLog.partitions[0];
    expect(p0.reads).toBeGreaterThan(3000);
    expect(p0.readsOk).toBe(p0.reads);
    expect(eventsOf(withLog, 'stepped-down', 0)).toHaveLength(0);
  });

  it('loses no acknowledged write and stays linearizable', () => {
    expect(withLog.summary.lost_writes).toBe(0);
    expect(withLog.summary.linearizable).toBe(true);
  });

  it('removes the log replica once a storage replica is back and caught up', () => {
    const r = record({ ...withRate(loadBundled('dynamodb-two-replicas-down'), 300), expect: [], durationUs: 115 * S });
    const removed = eventsOf(r, 'rejoined', 0);
    expect(removed).toHaveLength(1);
    const recovered = eventsOf(r, 'replica-recovered', 0)[0];
    expect(removed[0].timeUs).toBeGreaterThan(recovered.timeUs);
    expect(removed[0].timeUs - recovered.timeUs).toBeLessThan(3 * S);
  });

  it('never lets the log replica lead, and a later leader holds every write it helped commit', () => {
    // Followers down 40-60 s; the leader crashes at 50 s (while the log replica stands in) until 75 s.
    const r = record(
      loadText(`
name: leader-lost-too
duration: 95s
warmup: 5s
engine: { type: dynamodb, partitions: 4 }
workload:
  clients: 6
  rate: 300/s
  mix: { read: 0.8, write: 0.2 }
  read_consistency: strong
  keys: { count: 10000 }
  value_size: 1KB
  timeout: 1s
faults:
  - { at: 40s, kind: crash, target: { role: follower, partition: 0 }, for: 20s }
  - { at: 50s, kind: crash, target: { node: p0-az-a }, for: 25s }
`),
    );
    // The followers come back without the writes of 42.5-50 s: the log replica refuses them its
    // vote (and the replaced one does not count), so no one leads until the old leader is back.
    const elected = eventsOf(r, 'elected', 0);
    expect(elected.length).toBeGreaterThan(0);
    expect(elected.every((e) => e.timeUs > 75 * S)).toBe(true);
    expect(elected.every((e) => !(e.node ?? '').includes('-log-'))).toBe(true);
    expect(r.summary.lost_writes).toBe(0);
    expect(r.summary.linearizable).toBe(true);
  });
});
