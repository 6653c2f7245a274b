import { describe, expect, it } from 'vitest';
import { Timeseries } from './timeseries.ts';

describe('measure > timeseries domains', () => {
  it('keeps availability per domain and the largest lag per replica per interval, out of the csv rows', () => {
    const rows: Record<string, unknown>[] = [];
    const t = new Timeseries(1_000_000, 0, (r) => rows.push(r));
    t.invoked('write', 100);
    t.completed('write', 100, true, 1, 'shard-b');
    t.completed('write', 200, false, 1, 'shard-a');
    t.completed('read', 300, true, 1, 'shard-a');
    t.lag(400, 5, 'replica-1');
    t.lag(500, 9, 'replica-1');
    t.lag(1_500_000, 2, 'replica-2');
    t.finish(2_000_000);
    expect(t.domainRows).toEqual([
      { t_s: 0, availability: { 'shard-a': 0.5, 'shard-b': 1 }, lagMs: { 'replica-1': 9 } },
      { t_s: 1, availability: {}, lagMs: { 'replica-2': 2 } },
    ]);
    expect(Object.keys(rows[0]).some((k) => k.includes('shard') || k.includes('replica-'))).toBe(false);
  });
});
