import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { HeatSplit } from './heat-split.ts';
import { eventsOf, record, S } from './harness.fixture.ts';

const MS = 1_000;

/** Keys 0..n-1 all in partition 0, hashed in key order. */
function splitter(n: number, afterUs = 10 * S) {
  return new HeatSplit({
    partitionOfKey: new Int32Array(n),
    hashOfKey: Uint32Array.from({ length: n }, (_, k) => k * 1000),
    partitions: 1,
    limits: { read: 3000, write: 1000 },
    thresholdFraction: 0.8,
    afterUs,
  });
}

/** Writes of one unit each, `perS` a second from `fromS` to `toS`, cycling over `keys`. */
function drive(h: HeatSplit, keys: number[], perS: number, fromS: number, toS: number) {
  const splits = [];
  for (let t = fromS * S, i = 0; t < toS * S; t += S / perS, i++) {
    const s = h.observe(keys[i % keys.length], 'write', 1, Math.round(t));
    if (s !== null) splits.push({ atUs: Math.round(t), ...s });
  }
  return splits;
}

describe('dynamodb > split for heat', () => {
  it('splits a partition kept near its write limit for the set time, at the key that halves its traffic', () => {
    const h = splitter(10);
    // 900 WCU/s (past 80% of 1,000) over keys 0..9, evenly, for 30 s.
    const splits = drive(h, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 900, 0, 30);
    expect(splits[0].atUs).toBeGreaterThanOrEqual(10 * S);
    expect(splits[0].atUs).toBeLessThan(11 * S + 10 * MS);
    expect(splits[0]).toMatchObject({ partition: 0, parts: 2, parentKeys: 5, childKeys: 5 });
    expect(splits[0].childShare).toBeCloseTo(0.5, 1);
    // Keys 5..9 now belong to the new part; each half sees 450/s, below the threshold: no more splits.
    expect([...h.unitOfKey]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(splits).toHaveLength(1);
  });

  it('never splits a partition whose traffic is all on one item', () => {
    const h = splitter(10);
    expect(drive(h, [3], 1000, 0, 60)).toEqual([]);
    expect(h.units).toBe(1);
  });

  it('cuts a hot item away from the rest of its range', () => {
    const h = splitter(10);
    // Key 7 takes 9 of every 10 requests.
    const splits = drive(h, [7, 7, 7, 7, 1, 7, 7, 7, 7, 7], 1000, 0, 12);
    expect(splits).toHaveLength(1);
    expect(h.unitOfKey[7]).not.toBe(h.unitOfKey[1]);
  });

  it('starts the wait again after a second below the threshold', () => {
    const h = splitter(10);
    const keys = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(drive(h, keys, 900, 0, 8)).toEqual([]);
    expect(drive(h, keys, 100, 8, 9)).toEqual([]);
    const later = drive(h, keys, 900, 9, 30);
    expect(later[0].atUs).toBeGreaterThanOrEqual(19 * S);
  });

  const table = (split: string, keys: number, duration = '1m30s') =>
    loadText(`
name: heat
duration: ${duration}
warmup: 0s
settle: 5s
engine: { type: dynamodb, capacity_mode: on_demand, wcu: 4000, partitions: 1, ${split} }
workload:
  clients: 12
  rate: 1500/s
  mix: { write: 1 }
  keys: { count: ${keys} }
  value_size: 1KB
  retry: { attempts: 1 }
`);
  const meanOf = (rows: Record<string, unknown>[], column: string, fromS: number, toS: number) => {
    const steady = rows.filter((r) => (r.t_s as number) >= fromS && (r.t_s as number) < toS);
    return steady.reduce((a, r) => a + (r[column] as number), 0) / steady.length;
  };

  it('serves a hot range at its full rate once split, where one partition throttled it at 1,000 WCU/s', () => {
    const on = record(table('split_for_heat_after: 30s', 10_000));
    const [split] = eventsOf(on, 'partition-split', 0);
    expect(split.timeUs).toBeGreaterThanOrEqual(30 * S);
    expect(split.timeUs).toBeLessThan(32 * S);
    expect(meanOf(on.rows, 'wcu_consumed', 5, 30)).toBeLessThanOrEqual(1001);
    expect(meanOf(on.rows, 'wcu_consumed', 35, 90)).toBeGreaterThan(1400);
    expect(meanOf(on.rows, 'wcu_throttled', 35, 90)).toBeLessThan(10);

    const off = record(table('split_for_heat: false', 10_000));
    expect(eventsOf(off, 'partition-split')).toEqual([]);
    expect(meanOf(off.rows, 'wcu_consumed', 35, 90)).toBeLessThanOrEqual(1001);
    expect(meanOf(off.rows, 'wcu_throttled', 35, 90)).toBeGreaterThan(400);
  });

  it("leaves a single hot item at one partition's limit", () => {
    // Short: every operation on one key makes the linearizability check the run's costliest part.
    const one = record(table('split_for_heat_after: 5s', 1, '20s'));
    expect(eventsOf(one, 'partition-split')).toEqual([]);
    expect(meanOf(one.rows, 'wcu_consumed', 2, 20)).toBeGreaterThan(950);
    expect(meanOf(one.rows, 'wcu_consumed', 7, 20)).toBeLessThanOrEqual(1001);
  });
});
