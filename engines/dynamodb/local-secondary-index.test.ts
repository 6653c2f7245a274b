// Local secondary indexes: each base write also writes its LSIs on the same partition, from the
// base table's write capacity (the router's charge, router.ts).
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { record } from './harness.fixture.ts';

const run = (lsis: number) =>
  record(
    loadText(`
name: lsi
duration: 20s
warmup: 0s
settle: 5s
engine: { type: dynamodb, capacity_mode: provisioned, partitions: 4, rcu: 2000, wcu: 800, lsis: ${lsis} }
workload:
  clients: 8
  rate: 500/s
  mix: { write: 1 }
  keys: { count: 20000 }
  value_size: 1KB
`),
  );
const sum = (rows: Record<string, unknown>[], c: string) => rows.reduce((a, r) => a + Number(r[c] ?? 0), 0);

describe('dynamodb > local secondary index', () => {
  it('charges each write its LSI on the base table, so a table that fits its writes alone throttles with one', () => {
    // 500 writes/s of 1 KB against 800 WCU: they fit without an LSI, not with one (1,000 WCU/s).
    const alone = run(0);
    expect(sum(alone.rows, 'wcu_throttled')).toBe(0);
    expect(sum(alone.rows, 'wcu_consumed')).toBe(alone.summary.ops_ok);
    const withLsi = run(1);
    expect(sum(withLsi.rows, 'wcu_consumed')).toBe(2 * (withLsi.summary.ops_ok as number));
    expect(sum(withLsi.rows, 'wcu_throttled')).toBeGreaterThan(0);
    // The table's 800 WCU now serve about 400 writes/s.
    const okPerS = (withLsi.summary.ops_ok as number) / 20;
    expect(okPerS).toBeGreaterThan(370);
    expect(okPerS).toBeLessThan(430);
  });
});
