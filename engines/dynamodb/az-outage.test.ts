// An AZ goes dark (the bundled dynamodb-az-outage, lighter): only the partitions whose leader was
// there hold elections; the rest keep their leader and a 2-of-3 quorum; eventual reads never fail.
import { describe, expect, it } from 'vitest';
import { loadBundled, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { eventsOf, longestGap, record, S } from './harness.fixture.ts';

const OUTAGE_US = 40 * S;

function scenario(seed: number, consistency: 'strong' | 'eventual'): Scenario {
  const s = withRate(loadBundled('dynamodb-az-outage', seed), 300);
  // Shorter than the bundled one: the outage lasts from 40 s to 70 s; the workload stops at 90 s.
  return { ...s, durationUs: 90 * S, faults: s.faults.map((f) => ({ ...f, forUs: 30 * S })), workload: { ...s.workload, consistency } };
}

describe('dynamodb > az outage', () => {
  const runs = [1, 2, 3].map((seed) => record(scenario(seed, 'strong')));
  // Leaders start spread over the AZs: partition i leads from replica AZ i mod 3, so az-a led 0 and 3.
  const ledFromAzA = [0, 3];
  const others = [1, 2, 4, 5];

  it('elects new leaders only for the partitions whose leader was in the failed AZ', () => {
    for (const r of runs) {
      for (const p of ledFromAzA) {
        const leader = eventsOf(r, 'leader', p).find((e) => e.timeUs > OUTAGE_US);
        expect(leader?.node).not.toMatch(/az-a$/);
        expect((leader!.timeUs - OUTAGE_US) / S).toBeLessThan(4.1);
      }
      for (const p of others) expect(eventsOf(r, 'election-started', p)).toEqual([]);
    }
  });

  it('keeps writes and strong reads available apart from those elections', () => {
    for (const r of runs) {
      for (const p of others) {
        const ops = r.partitions[p];
        expect(ops.writesOk, `partition ${p} writes`).toBe(ops.writes);
        expect(ops.readsOk, `partition ${p} reads`).toBe(ops.reads);
        expect(longestGap(ops.okWriteTimes, OUTAGE_US, OUTAGE_US + 30 * S)).toBeLessThan(2 * S);
      }
      for (const p of ledFromAzA) {
        // Down for the election and the old lease, then writing again for the rest of the outage.
        expect(longestGap(r.partitions[p].okWriteTimes, OUTAGE_US, OUTAGE_US + 30 * S)).toBeLessThan(4.5 * S);
      }
      expect(r.summary.write_outage_s as number).toBeLessThan(4.5);
      // 2 partitions of 6 down for under 5 s of an 80 s window: at most 2/6 x 5/80 = 2.1% of writes.
      expect(r.summary.availability_write as number).toBeGreaterThan(1 - (2 / 6) * (5 / 80));
      expect(r.summary.lost_writes).toBe(0);
      expect(r.summary.stale_reads).toBe(0);
    }
  });

  it('keeps eventual reads available throughout', () => {
    for (const seed of [1, 2, 3]) {
      const r = record(scenario(seed, 'eventual'));
      expect(r.summary.availability_read).toBe(1);
      expect(r.summary.availability_write as number).toBeLessThan(1); // the writes did see the elections
    }
  });

  it('brings the failed AZ\'s replicas back as followers when it returns', () => {
    for (const r of runs) {
      const back = r.events.filter((e) => e.kind === 'replica-recovered' && e.timeUs > 70 * S).map((e) => e.node);
      expect(back.sort()).toEqual(['p0-az-a', 'p1-az-a', 'p2-az-a', 'p3-az-a', 'p4-az-a', 'p5-az-a']);
      // They do not take leadership back by force: no election after the AZ returns.
      expect(r.events.filter((e) => e.kind === 'election-started' && e.timeUs > 70 * S)).toEqual([]);
    }
  });
});
