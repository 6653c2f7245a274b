// A minority partition (the bundled redis-minority-partition-short and -long, lighter): shard 0's
// primary and one client are cut off from every other node and client.
//   Shorter than node_timeout: nobody is flagged PFAIL, no failover, nothing lost.
//   Longer: the majority elects the replica; the minority primary acknowledges writes until it
//   has missed the other primaries for node_timeout, then refuses; when the partition heals it
//   becomes a replica of the promoted node and its writes since the partition began are lost.
import { describe, expect, it } from 'vitest';
import { loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import { eventsOf, record, S, secondsTo, type Recorded } from './harness.fixture.ts';

const START_US = 40 * S;
const seeds = [1, 2, 3];

function run(name: string, seed: number, rate: number, options: Record<string, unknown> = {}, check = false): Recorded {
  return record(withRate(withOptions(loadBundled(name, seed), options), rate), { check });
}

describe('redis > minority partition', () => {
  describe('shorter than node_timeout', () => {
    const runs = seeds.map((seed) => run('redis-minority-partition-short', seed, 300, {}, true));

    it('flags nothing FAIL and elects nobody', () => {
      for (const r of runs) {
        for (const kind of ['failure-detected', 'election-started', 'promoted', 'demoted', 'cluster-down']) expect(eventsOf(r, kind), kind).toEqual([]);
        expect(r.summary.failover_s).toBeNull();
      }
    });

    it('loses no acknowledged write, and the history is linearizable', () => {
      for (const r of runs) {
        expect(r.summary.lost_writes).toBe(0);
        expect(r.summary.linearizable).toBe(true);
        expect(r.summary.cap_during_partition).toBe('CP');
      }
    });

    it('resumes the replica with a partial resynchronisation of the writes it missed', () => {
      for (const r of runs) {
        const partial = eventsOf(r, 'partial-sync', 0);
        expect(partial.length).toBeGreaterThanOrEqual(1);
        expect(partial[0].node).toBe('redis-2');
        expect(eventsOf(r, 'full-sync')).toEqual([]);
      }
    });
  });

  describe('longer than node_timeout', () => {
    const nt = 15;
    const runs = seeds.map((seed) => run('redis-minority-partition-long', seed, 300, {}, true));

    it('promotes shard 0\'s replica on the majority side', () => {
      for (const r of runs) {
        const promoted = eventsOf(r, 'promoted', 0);
        expect(promoted.map((e) => e.node)).toEqual(['redis-2']);
        const t = secondsTo(r, 'promoted', 0, START_US)!;
        expect(t).toBeGreaterThan(nt);
        expect(t).toBeLessThan(1.5 * nt + 3);
      }
    });

    it('stops the minority primary taking writes once it has missed a majority of primaries for node_timeout', () => {
      for (const r of runs) {
        const down = eventsOf(r, 'cluster-down', 0).filter((e) => e.node === 'redis-1');
        expect(down.length).toBe(1);
        const t = (down[0].timeUs - START_US) / S;
        expect(t).toBeGreaterThan(nt);
        expect(t).toBeLessThan(1.5 * nt + 3);
        expect(down[0].detail).toContain('reaches 1 of 3 primaries');
      }
    });

    it('loses the writes the minority primary acknowledged, all within about node_timeout of the partition\'s start', () => {
      for (const r of runs) {
        const f = r.result.faults[0];
        expect(r.summary.lost_writes as number).toBeGreaterThan(0);
        expect(f.lostWrites).toBe(r.summary.lost_writes);
        expect(f.lostFromUs!).toBeGreaterThanOrEqual(START_US);
        // Acknowledged no later than the minority primary's own PFAIL of the others: node_timeout
        // after its first unanswered ping, which went out at most node_timeout/2 after the start.
        const down = eventsOf(r, 'cluster-down', 0).find((e) => e.node === 'redis-1')!;
        expect(f.lostToUs!).toBeLessThanOrEqual(down.timeUs);
        expect((f.lostToUs! - START_US) / S).toBeLessThan(1.5 * nt + 3);
      }
    });

    it('turns the old primary into a replica of the promoted one when the partition heals, replacing its data', () => {
      for (const r of runs) {
        const demoted = eventsOf(r, 'demoted', 0);
        expect(demoted.map((e) => e.node)).toEqual(['redis-1']);
        expect(demoted[0].timeUs).toBeGreaterThanOrEqual(80 * S);
        expect(eventsOf(r, 'full-sync', 0).some((e) => e.node === 'redis-1')).toBe(true);
      }
    });

    it('is neither consistent nor available: not linearizable, lost writes, the minority refused', () => {
      for (const r of runs) {
        expect(r.summary.linearizable).toBe(false);
        expect(r.summary.cap_during_partition).toBe('neither');
      }
    });

    it('roughly doubles the lost writes when node_timeout doubles', () => {
      const lost = (ntS: number) =>
        seeds.reduce((sum, seed) => {
          const s = withRate(withOptions(loadBundled('redis-minority-partition-long', seed), { node_timeout: ntS * S }), 600);
          const r = record({ ...s, durationUs: 130 * S, faults: s.faults.map((f) => ({ ...f, forUs: 60 * S })) });
          expect(r.result.faults[0].lostToUs! - START_US).toBeLessThan((1.5 * ntS + 3) * S);
          return sum + (r.summary.lost_writes as number);
        }, 0);
      const at10 = lost(10);
      const at20 = lost(20);
      expect(at10).toBeGreaterThan(20);
      expect(at20 / at10).toBeGreaterThan(1.5);
      expect(at20 / at10).toBeLessThan(2.5);
    });

    it('loses nothing with WAIT 1: the minority primary cannot get its writes acknowledged by a replica', () => {
      for (const seed of seeds) {
        const r = run('redis-minority-partition-long', seed, 300, { wait_replicas: 1, wait_timeout: 500_000 });
        expect(r.summary.lost_writes).toBe(0);
        expect(eventsOf(r, 'promoted', 0).length).toBe(1);
      }
    });
  });
});
