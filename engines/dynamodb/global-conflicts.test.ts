// Global tables under a region partition with writes on both sides (the bundled
// dynamodb-global-partition-conflicts): last writer wins settles every item on one value after
// the heal, and conflicts_lost is checked against the history and each region's final copy.
import { describe, expect, it } from 'vitest';
import { loadBundled } from '../../test/bundled.ts';
import { columnSum, recordGlobal, type GlobalRun } from './global-harness.fixture.ts';

const S = 1_000_000;

/** Acknowledged writes (from the history) whose value some region's copy does not hold at the end. */
function overwrittenAcked(run: GlobalRun) {
  return run.acked.filter((w) => run.logs.some((log) => !(log.get(w.keyIndex)?.has(w.value) ?? false)));
}

describe('dynamodb > global tables > last writer wins under a region partition', () => {
  const runs = [1, 2].map((seed) => recordGlobal(loadBundled('dynamodb-global-partition-conflicts', seed)));

  it('counts in conflicts_lost exactly the acknowledged writes some region never holds', () => {
    for (const run of runs) {
      const lost = overwrittenAcked(run).length;
      expect(lost).toBeGreaterThan(100);
      expect(columnSum(run.rows, 'conflicts_lost')).toBe(lost);
      // The per-run figure (summary.csv's conflicts_lost) is the same count, and so is lost_writes.
      expect(run.conflictsLost).toBe(lost);
      expect(run.summary.lost_writes).toBe(lost);
    }
  });

  it('converges: every region ends with the same value of every key, one some region wrote', () => {
    for (const run of runs) {
      const [home, ...others] = run.finals;
      const written = new Set(run.acked.map((w) => w.value));
      for (const [k, v] of home) {
        for (const o of others) expect(o.get(k), `k${k}`).toBe(v);
        if (v !== null) expect(written.has(v) || run.logs[0].get(k)?.has(v)).toBe(true);
      }
    }
  });

  it('loses writes of both regions, far more of them a second while the regions are cut apart', () => {
    for (const run of runs) {
      const lost = overwrittenAcked(run);
      for (const region of run.regions) expect(lost.filter((w) => w.region === region).length, region).toBeGreaterThan(20);
      // Outside the partition two regions still conflict on an item written in both within a lag.
      const during = lost.filter((w) => w.invokeUs >= 20 * S && w.invokeUs < 40 * S).length;
      expect(during / 20).toBeGreaterThan(5 * ((lost.length - during) / 40));
    }
  });

  it('lets the region whose clocks run ahead win the conflicts: stamps are its leaders\' clocks', () => {
    const s = loadBundled('dynamodb-global-partition-conflicts');
    // us-west-2's storage hosts (so every replica on them) a minute ahead from the start: longer than the partition.
    const ahead = ['usw2-az1', 'usw2-az2', 'usw2-az3'].map((az) => ({ kind: 'clock' as const, atUs: 0, target: { az, role: 'storage' }, offsetUs: 60 * S }));
    const run = recordGlobal({ ...s, faults: [...s.faults, ...ahead] });
    const lost = overwrittenAcked(run).filter((w) => w.invokeUs >= 20 * S && w.invokeUs < 40 * S);
    const east = lost.filter((w) => w.region === 'us-east-1').length;
    const west = lost.filter((w) => w.region === 'us-west-2').length;
    expect(east).toBeGreaterThan(500);
    expect(west).toBeLessThan(east / 10);
    expect(columnSum(run.rows, 'conflicts_lost')).toBe(overwrittenAcked(run).length);
  });

  it('keeps every region writing its own copy while cut off', () => {
    for (const run of runs) expect(run.failed.size).toBe(0);
  });
});
