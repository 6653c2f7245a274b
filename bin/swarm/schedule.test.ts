import { describe, expect, it } from 'vitest';
import { fitsTolerance, generateSchedule, type ScheduleLimits } from './schedule.ts';
import { toleranceOf } from './tolerance.ts';
import type { Topology } from './topology.ts';
import { SWARM_KINDS } from './fault-generators.ts';

const S = 1_000_000;
const limits: ScheduleLimits = { fromUs: 10 * S, untilUs: 300 * S, timeoutUs: S, minDownUs: 30 * S };
const redis: Topology = {
  engine: 'redis-cluster',
  azs: ['az-a', 'az-b', 'az-c'],
  nodes: [
    { name: 'redis-1', az: 'az-a', roles: ['primary'], shard: 0 },
    { name: 'redis-2', az: 'az-b', roles: ['replica'], shard: 0 },
    { name: 'redis-3', az: 'az-b', roles: ['primary'], shard: 1 },
    { name: 'redis-4', az: 'az-c', roles: ['replica'], shard: 1 },
  ],
};
const all = [...SWARM_KINDS];

describe('swarm > fault schedules', () => {
  it('are the same for the same seed and differ between seeds', () => {
    const a = generateSchedule(5, redis, all, limits, null);
    expect(generateSchedule(5, redis, all, limits, null)).toEqual(a);
    expect(generateSchedule(6, redis, all, limits, null)).not.toEqual(a);
  });

  it('hold 1 to 8 faults of the kinds turned on, every one healed before the liveness phase', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = generateSchedule(seed, redis, all, limits, null);
      expect(s.faults.length).toBeGreaterThanOrEqual(1);
      expect(s.faults.length).toBeLessThanOrEqual(8);
      for (const f of s.faults) {
        expect(s.kinds).toContain(f.kind);
        expect(f.atUs).toBeGreaterThanOrEqual(limits.fromUs);
        expect(f.atUs + (f.forUs ?? 0)).toBeLessThanOrEqual(limits.untilUs);
      }
    }
  });

  it('within tolerance never have two Redis faults in effect at once', () => {
    const tol = toleranceOf('redis-cluster')!;
    for (let seed = 1; seed <= 200; seed++) {
      const { faults } = generateSchedule(seed, redis, tol.kinds, limits, tol);
      for (const a of faults)
        for (const b of faults) {
          if (a === b) continue;
          const overlap = a.atUs < b.atUs + (b.forUs ?? 0) + tol.gapUs && b.atUs < a.atUs + (a.forUs ?? 0) + tol.gapUs;
          if (overlap) expect(tol.together([a.scope, b.scope])).toBe(true);
        }
    }
  });

  it('within tolerance keep Redis nodes down long enough for their replica to take over', () => {
    const tol = toleranceOf('redis-cluster')!;
    for (let seed = 1; seed <= 200; seed++) {
      for (const f of generateSchedule(seed, redis, tol.kinds, limits, tol).faults) {
        if (f.kind === 'crash' || f.kind === 'restart' || f.kind === 'az-outage') expect(f.forUs).toBeGreaterThanOrEqual(limits.minDownUs);
      }
    }
  });

  it('within tolerance are all accepted by the whole-schedule check the shrinker uses, which refuses two Redis faults at once', () => {
    const tol = toleranceOf('redis-cluster')!;
    for (let seed = 1; seed <= 200; seed++) expect(fitsTolerance(generateSchedule(seed, redis, tol.kinds, limits, tol).faults, tol, limits.minDownUs)).toBe(true);
    const cut = (node: string, atS: number, forS: number) => ({ kind: 'partition' as const, atUs: atS * S, forUs: forS * S, body: {}, scope: { kind: 'partition' as const, azs: ['az-a'], nodes: [node], storageOnly: false, shards: [0] } });
    expect(fitsTolerance([cut('redis-1', 30, 33), cut('redis-3', 110, 19)], tol, limits.minDownUs)).toBe(true);
    // Seed 1018's schedule with its first partition moved later, as the shrinker once did: overlapping.
    expect(fitsTolerance([cut('redis-1', 88, 33), cut('redis-3', 110, 19)], tol, limits.minDownUs)).toBe(false);
    // A fault starting within the gap after another heals is in effect beside it too.
    expect(fitsTolerance([cut('redis-1', 30, 10), cut('redis-3', 50, 19)], tol, limits.minDownUs)).toBe(false);
  });
});
