import { describe, expect, it } from 'vitest';
import { shrink, variants, type ShrinkSpace } from './shrink.ts';
import type { GenFault } from './schedule.ts';
import type { RunShape } from './scenario-text.ts';

const S = 1_000_000;
const space: ShrinkSpace = { durationUs: 400 * S, warmupUs: 10 * S, clients: 6, tailUs: 140 * S };

function fault(kind: GenFault['kind'], node: string, atS: number, forS?: number): GenFault {
  return { kind, atUs: atS * S, forUs: forS === undefined ? undefined : forS * S, body: { target: { node } }, scope: { kind, azs: ['az-a'], nodes: [node], storageOnly: false, shards: [] } };
}

/** A stand-in property: fails while a restart of db-2 is followed (later) by a failover. */
const restartThenFailover = (r: RunShape) => {
  const restart = r.faults.find((f) => f.kind === 'restart' && (f.body.target as { node: string }).node === 'db-2');
  return restart !== undefined && r.faults.some((f) => f.kind === 'failover' && f.atUs > restart.atUs);
};

describe('swarm > shrinking', () => {
  it('reduces a failing schedule to the faults the failure needs, with fewer clients and a shorter run', async () => {
    const start: RunShape = {
      seed: 7,
      faults: [fault('crash', 'db-1', 20, 30), fault('restart', 'db-2', 40, 20), fault('pause', 'db-1', 90, 10), fault('failover', 'db-1', 150), fault('partition', 'db-2', 200, 30)],
    };
    let runs = 0;
    const r = await shrink(start, space, {
      budget: 200,
      batch: 4,
      failsSame: async (shapes) => {
        runs += shapes.length;
        return shapes.map(restartThenFailover);
      },
    });
    expect(r.shape.faults.map((f) => f.kind)).toEqual(['restart', 'failover']);
    expect(r.shape.clients).toBe(1);
    expect(r.shape.durationUs).toBeLessThan(space.durationUs);
    expect(restartThenFailover(r.shape)).toBe(true);
    expect(r.runs).toBe(runs);
    expect(r.runs).toBeLessThanOrEqual(200);
  });

  it('stops at the run budget', async () => {
    const start: RunShape = { seed: 1, faults: [fault('crash', 'db-1', 20, 30), fault('restart', 'db-2', 40, 20), fault('failover', 'db-1', 150)] };
    const r = await shrink(start, space, { budget: 5, batch: 4, failsSame: async (shapes) => shapes.map(() => false) });
    expect(r.runs).toBe(5);
    expect(r.shape).toBe(start);
  });

  it('keeps every variant inside the safety phase (each fault heals before the liveness phase)', () => {
    const start: RunShape = { seed: 1, faults: [fault('crash', 'db-1', 20, 30), fault('restart', 'db-2', 200, 50)] };
    for (const v of variants(start, space)) {
      const until = (v.durationUs ?? space.durationUs) - space.tailUs;
      for (const f of v.faults) expect(f.atUs + (f.forUs ?? 0)).toBeLessThanOrEqual(until);
    }
  });

  it('tries only the variants the space admits (within tolerance: no two faults moved together)', () => {
    const start: RunShape = { seed: 1, faults: [fault('partition', 'db-1', 20, 30), fault('partition', 'db-2', 120, 20)] };
    const apart = (faults: readonly GenFault[]) => faults.every((a) => faults.every((b) => a === b || a.atUs + (a.forUs ?? 0) + 30 * S <= b.atUs || b.atUs + (b.forUs ?? 0) + 30 * S <= a.atUs));
    const all = variants(start, space);
    const admitted = variants(start, { ...space, admits: apart });
    expect(all.some((v) => !apart(v.faults))).toBe(true);
    expect(admitted.length).toBeGreaterThan(0);
    expect(admitted.length).toBeLessThan(all.length);
    for (const v of admitted) expect(apart(v.faults)).toBe(true);
  });
});
