import { describe, expect, it } from 'vitest';
import { Timeseries, type TimeseriesRow } from './timeseries.ts';
import { TIMESERIES_COLUMNS } from '../timeseries-columns.ts';
import { MS, SECOND as S } from './history.fixture.ts';

function series(maxOpUs: number, counters: string[] = []): { ts: Timeseries; rows: TimeseriesRow[] } {
  const rows: TimeseriesRow[] = [];
  return { ts: new Timeseries(S, maxOpUs, (r) => rows.push(r), counters), rows };
}

describe('reports', () => {
  describe('timeseries', () => {
    it('names the phase of each interval by its start: warm-up, run, then settle once the workload has ended', () => {
      const rows: TimeseriesRow[] = [];
      const ts = new Timeseries(S, S, (r) => rows.push(r), [], { warmupUs: 2 * S, workloadEndUs: 4 * S });
      ts.finish(6 * S);
      expect(rows.map((r) => r.phase)).toEqual(['warmup', 'warmup', 'run', 'run', 'settle', 'settle']);
    });

    it('counts an operation in the bucket of its invocation, even when it completes in a later one', () => {
      const { ts, rows } = series(2 * S);
      ts.invoked('read', 900 * MS);
      ts.invoked('write', 950 * MS);
      ts.invoked('write', 1_100 * MS);
      ts.completed('read', 900 * MS, true, 600); // completes at 1.5 s
      ts.completed('write', 950 * MS, false, 1_000);
      ts.completed('write', 1_100 * MS, true, 2);
      ts.finish(2 * S);
      expect(rows.map((r) => [r.t_s, r.reads, r.reads_ok, r.writes, r.writes_ok, r.availability_read, r.availability_write])).toEqual([
        [0, 1, 1, 1, 0, 1, 0],
        [1, 0, 0, 1, 1, null, 1],
      ]);
      expect(rows[0].read_latency_ms_p50).toBeCloseTo(600, -1);
      expect(rows[0].write_latency_ms_p50).toBeNull(); // latency of ok operations only
      expect(rows[1].write_latency_ms_p99).toBeCloseTo(2, 1);
    });

    it('closes a bucket only once every operation invoked in it can have completed (its end plus the longest operation)', () => {
      const { ts, rows } = series(1_500 * MS);
      ts.invoked('write', 999 * MS);
      ts.tick(1 * S, 0, 0);
      ts.tick(2 * S, 0, 0);
      expect(rows).toEqual([]); // 1 s + 1.5 s > 2 s: the write may still complete
      ts.completed('write', 999 * MS, true, 1_499); // completes at 2.498 s
      ts.tick(3 * S, 0, 0);
      expect(rows.map((r) => [r.t_s, r.writes, r.writes_ok])).toEqual([[0, 1, 1]]);
      ts.tick(4 * S, 0, 0); // bucket 1 (1 s .. 2 s) closes at 3.5 s; bucket 2 not before 4.5 s
      expect(rows.map((r) => r.t_s)).toEqual([0, 1]);
    });

    it('streams rows in order with every bucket up to the end, empty ones too', () => {
      const { ts, rows } = series(0);
      ts.invoked('read', 3_200 * MS);
      ts.completed('read', 3_200 * MS, true, 1);
      ts.tick(1 * S, 0, 0);
      ts.tick(2 * S, 0, 0);
      expect(rows.map((r) => r.t_s)).toEqual([0, 1]);
      ts.finish(5_500 * MS);
      expect(rows.map((r) => [r.t_s, r.reads])).toEqual([
        [0, 0],
        [1, 0],
        [2, 0],
        [3, 1],
        [4, 0],
        [5, 0],
      ]);
      expect(rows[4]).toMatchObject({ availability_read: null, availability_write: null, read_latency_ms_p50: null, replication_lag_ms_max: null, stale_reads: 0, throttled: 0, network_bytes: 0 });
    });

    it('has every standard column and every engine counter on every row, 0 when nothing was counted', () => {
      const { ts, rows } = series(0, ['wal_records', 'throttled_by_partition']);
      ts.count(500 * MS, 'wal_records', 3);
      ts.count(700 * MS, 'wal_records', 4);
      ts.count(1_200 * MS, 'throttled_by_partition', 1);
      ts.finish(3 * S);
      expect(rows.map((r) => [r.wal_records, r.throttled_by_partition])).toEqual([
        [7, 0],
        [0, 1],
        [0, 0],
      ]);
      for (const r of rows) expect(Object.keys(r)).toEqual([...TIMESERIES_COLUMNS, 'wal_records', 'throttled_by_partition']);
    });

    it('attributes network bytes to the interval in which they were sent, from the running totals at each boundary', () => {
      const { ts, rows } = series(0);
      ts.tick(1 * S, 100, 10);
      ts.tick(2 * S, 250, 10);
      ts.tick(3 * S, 250, 40);
      ts.finish(3 * S);
      expect(rows.map((r) => [r.t_s, r.network_bytes, r.network_bytes_cross_az])).toEqual([
        [0, 100, 10],
        [1, 150, 0],
        [2, 0, 30],
      ]);
    });

    it('puts replication lag and throttled operations in the bucket in which they happened, stale reads in that of the read', () => {
      const { ts, rows } = series(0);
      ts.lag(100 * MS, 2);
      ts.lag(900 * MS, 8);
      ts.lag(1_500 * MS, 0.5);
      ts.throttled(1_100 * MS);
      ts.throttled(1_200 * MS);
      ts.staleRead(1_999 * MS);
      ts.finish(2 * S);
      expect(rows.map((r) => [r.replication_lag_ms_max, r.throttled, r.stale_reads])).toEqual([
        [8, 0, 0],
        [0.5, 2, 1],
      ]);
      expect(rows[0].replication_lag_ms_p50).toBeCloseTo(2, 1);
      expect(rows[0].replication_lag_ms_p99).toBeCloseTo(8, 1);
    });
  });
});
