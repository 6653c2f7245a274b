// Capacity end to end: routers charge each request's units to its partition and throttle what
// does not fit; clients back off and retry; consumed and throttled units are time-series columns.
import { describe, expect, it } from 'vitest';
import { loadBundled, loadText, withRate } from '../../test/bundled.ts';
import { partitionTable } from './key-hash.ts';
import { record, S } from './harness.fixture.ts';

describe('dynamodb > throttling', () => {
  it('throttles a hot partition while the others are not', () => {
    const s = loadBundled('dynamodb-hot-partition');
    const r = record({ ...s, expect: [], durationUs: 40 * S });
    // hot_keys 0.001 of 1000 keys: k0 takes half of all operations.
    const hot = partitionTable(1000, 4)[0];
    r.partitions.forEach((p, i) => {
      if (i === hot) expect(p.throttled, `partition ${i}`).toBeGreaterThan(100);
      else expect(p.throttled, `partition ${i}`).toBe(0);
    });
    expect(r.summary.throttled as number).toBeGreaterThan(1000);
    // Reads stay well inside their share: only writes are throttled.
    const sum = (c: string) => r.rows.reduce((a, row) => a + Number(row[c] ?? 0), 0);
    expect(sum('rcu_throttled')).toBe(0);
    expect(sum('wcu_throttled')).toBeGreaterThan(1000);
  });

  it('sustains the documented adaptive-capacity example: one partition at 150 WCU/s of a 400 WCU table, none throttled', () => {
    const s = loadBundled('dynamodb-hot-partition-adaptive');
    const r = record({ ...s, expect: [], durationUs: 40 * S });
    const hot = partitionTable(1000, 4)[0];
    r.partitions.forEach((p, i) => expect(p.throttled, `partition ${i}`).toBe(0));
    const sum = (c: string) => r.rows.reduce((a, row) => a + Number(row[c] ?? 0), 0);
    expect(sum('wcu_throttled')).toBe(0);
    // The hot partition is served well past its even share of 100 WCU/s.
    expect(r.partitions[hot].writesOk / 40).toBeGreaterThan(130);
  });

  it('throttles a uniform load above the provisioned capacity by about the excess', () => {
    // 300 writes/s of 1 KB against 200 WCU, no retries: about a third is throttled.
    const r = record(
      loadText(`
name: over-capacity
duration: 1m
warmup: 10s
engine: { type: dynamodb, capacity_mode: provisioned, rcu: 1000, wcu: 200, partitions: 4 }
workload:
  clients: 6
  rate: 300/s
  mix: { write: 1 }
  keys: { count: 10000 }
  value_size: 1KB
  retry: { attempts: 1 }
`),
    );
    const throttledShare = 1 - (r.summary.availability_write as number);
    expect(throttledShare).toBeGreaterThan(0.28);
    expect(throttledShare).toBeLessThan(0.38);
    // What passed is what was provisioned: 200 WCU/s, second by second after the warm-up.
    const steady = r.rows.filter((row) => row.t_s >= 10 && row.t_s < 60);
    const consumed = steady.reduce((a, row) => a + (row.wcu_consumed as number), 0) / steady.length;
    expect(consumed).toBeGreaterThan(190);
    expect(consumed).toBeLessThanOrEqual(201);
    // Every throttled attempt shows in both the client-side and the engine-side count.
    const throttledUnits = steady.reduce((a, row) => a + (row.wcu_throttled as number), 0);
    const throttledAttempts = steady.reduce((a, row) => a + row.throttled, 0);
    expect(throttledUnits).toBe(throttledAttempts);
  });

  it('charges item sizes as documented: 8 KB strong reads cost 2 RCU each, eventual ones 1', () => {
    const text = (consistency: string) => `
name: item-size
duration: 20s
engine: { type: dynamodb }
workload:
  clients: 3
  rate: 100/s
  mix: { read: 1 }
  read_consistency: ${consistency}
  value_size: 8KB
`;
    for (const [consistency, perRead] of [['strong', 2], ['eventual', 1]] as const) {
      const r = record(loadText(text(consistency)));
      const units = r.rows.reduce((a, row) => a + (row.rcu_consumed as number), 0);
      expect(units).toBe(perRead * (r.summary.reads as number));
    }
  });

  it('lets an on-demand table take twice its previous peak at once', () => {
    const text = (rate: number) => `
name: on-demand
duration: 30s
warmup: 5s
engine: { type: dynamodb, capacity_mode: on_demand, wcu: 500 }
workload:
  clients: 6
  rate: ${rate}/s
  mix: { write: 1 }
  keys: { count: 10000 }
  value_size: 1KB
  retry: { attempts: 1 }
`;
    expect(record(loadText(text(900))).summary.throttled).toBe(0);
    const over = record(loadText(text(1500))).summary;
    expect(1 - (over.availability_write as number)).toBeGreaterThan(0.25);
    expect(1 - (over.availability_write as number)).toBeLessThan(0.42);
  });
});
