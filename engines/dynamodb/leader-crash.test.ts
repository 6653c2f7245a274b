// A partition leader crashes (the bundled dynamodb-leader-crash, at a lighter load): writes and
// strong reads of its partition fail for detection + election + the rest of the old lease; the
// other partitions keep writing.
import { describe, expect, it } from 'vitest';
import { loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import { eventsOf, longestGap, record, S, type Recorded } from './harness.fixture.ts';

const CRASH_US = 40 * S;
const seeds = [1, 2, 3, 4, 5];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function run(seed: number, options: Record<string, unknown> = {}): Recorded {
  // The crash lasts from 40 s to 70 s; the workload stops at 80 s.
  return record({ ...withRate(withOptions(loadBundled('dynamodb-leader-crash', seed), options), 300), durationUs: 80 * S });
}

/** Seconds from the crash to the first event of this kind in partition 0. */
function after(rec: Recorded, kind: string): number {
  const e = eventsOf(rec, kind, 0).find((x) => x.timeUs >= CRASH_US);
  expect(e, `${kind} event`).toBeDefined();
  return (e!.timeUs - CRASH_US) / S;
}

describe('dynamodb > leader crash', () => {
  const runs = seeds.map((seed) => run(seed));

  it('detects the crash after the election timeout, on the followers\' own clocks', () => {
    // 1.5 s timeout + up to 0.5 s jitter + the 0.2 s leader check, from the last heartbeat (<= 0.25 s before).
    for (const r of runs) {
      const d = after(r, 'failure-detected');
      expect(d).toBeGreaterThan(1.5 - 0.25);
      expect(d).toBeLessThan(2.0 + 0.2 + 0.05);
      expect(r.summary.detection_s).toBeCloseTo(d, 3);
    }
  });

  it('has the new leader serve only once the old lease ran out: about 4 s after the last heartbeat', () => {
    for (const r of runs) {
      const elected = after(r, 'elected');
      const serving = after(r, 'leader');
      expect(elected).toBeLessThan(2.5);
      // The followers promised the old leader 4 s from its last heartbeat (at most 0.25 s before the crash).
      expect(serving).toBeGreaterThan(4 - 0.25 - 0.01);
      expect(serving).toBeLessThan(4 + 0.05);
      expect(r.summary.failover_s).toBeCloseTo(serving, 3);
    }
  });

  it('fails writes to that partition for seconds, as the client sees it', () => {
    for (const r of runs) {
      expect(r.summary.write_outage_s as number).toBeGreaterThan(2);
      expect(r.summary.write_outage_s as number).toBeLessThan(4.5);
      // Partition 0 had no successful write for at least 2 s after the crash.
      expect(longestGap(r.partitions[0].okWriteTimes, CRASH_US, CRASH_US + 10 * S)).toBeGreaterThan(2 * S);
    }
  });

  it('leaves the other partitions writing throughout', () => {
    for (const r of runs) {
      for (const p of [1, 2, 3]) {
        // About 15 writes/s per partition: a gap over 1.5 s would be an outage, not chance.
        expect(longestGap(r.partitions[p].okWriteTimes, CRASH_US - 5 * S, CRASH_US + 35 * S), `partition ${p}`).toBeLessThan(1.5 * S);
        expect(r.partitions[p].writesOk).toBe(r.partitions[p].writes);
        expect(eventsOf(r, 'election-started', p)).toEqual([]);
      }
    }
  });

  it('loses no acknowledged write and serves no stale strong read', () => {
    for (const r of runs) {
      expect(r.summary.lost_writes).toBe(0);
      expect(r.summary.stale_reads).toBe(0);
    }
  });

  it('moves the outage with the lease: an 8 s lease serves about 4 s later than a 4 s one', () => {
    const short = [1, 2].map((seed) => after(run(seed, { lease: 4 * S }), 'leader'));
    const long = [1, 2].map((seed) => after(run(seed, { lease: 8 * S }), 'leader'));
    expect(mean(long) - mean(short)).toBeGreaterThan(3.8);
    expect(mean(long) - mean(short)).toBeLessThan(4.2);
  });

  it('moves detection with the election timeout, but not the lease-bound failover', () => {
    const fast = run(1, { election_timeout: 1 * S });
    const slow = run(1, { election_timeout: 3 * S });
    expect(after(slow, 'failure-detected') - after(fast, 'failure-detected')).toBeGreaterThan(1.5);
    // With a 3 s timeout the followers still wait out the same 4 s promise.
    expect(Math.abs(after(slow, 'leader') - after(fast, 'leader'))).toBeLessThan(0.3);
  });
});
