import { describe, expect, it } from 'vitest';
import { Measurement, type MeasurementConfig } from './measurement.ts';
import type { TimeseriesRow } from './timeseries.ts';
import { verdict } from './partitions.ts';
import { ev, MS, play, read, SECOND as S, write, type Script } from './history.fixture.ts';

const CONFIG: MeasurementConfig = {
  warmupUs: 1 * S,
  endUs: 10 * S,
  intervalUs: 1 * S,
  maxOpUs: 1 * S,
  // Keys 0 and 1 are one shard, key 2 another.
  domainOf: (k) => (k === 2 ? 'shard-b' : 'shard-a'),
  counters: ['wal_records'],
  clientName: (i) => `client-${i + 1}`,
};

/**
 * A small run. Warm-up until 1 s, workload until 10 s, settle until 12 s.
 *   shard-a: write 2 ok at 2 s; write 3 fails (3 s); write 4 times out (info, 4 s); write 5 (key 1) ok at 6 s
 *            -> an outage from 3 s to 6 s (info counts as failing).
 *   shard-b: write 6 ok at 2.5 s; write 7 invoked at 6.5 s never completes -> an outage from 6.5 s to the end (10 s).
 *   reads:   at 2.5 s key 0 returns 1 (superseded by write 2, acknowledged at 2.01 s: stale by 490 ms);
 *            at 3 s key 2 returns the never-written value (write 6 acknowledged at 2.6 s: stale by 400 ms);
 *            at 7 s key 0 returns 2 (fresh); at 9 s a read of key 1 fails.
 *   fault 0: crash from 2.9 s to 7 s, detected at 3.4 s, promoted at 5.9 s.
 *   after the run, key 1 lost write 5 (acknowledged at 6.002 s).
 */
function smallRun(): { m: Measurement; rows: TimeseriesRow[]; script: Script } {
  const rows: TimeseriesRow[] = [];
  const m = new Measurement(CONFIG, (r) => rows.push(r));
  // Stand-ins for the operations whose attempts failed (the measurement only tells them apart).
  const [throttledEarly, throttledTwice, timedOut] = [{}, {}, {}];
  const script: Script = {
    ops: [
      // warm-up (not in the window, but their writes count as acknowledged)
      write(0, 1, 500 * MS, 600 * MS),
      read(0, 700 * MS, 710 * MS, 1),
      write(0, 9, 800 * MS, 900 * MS, 'fail'),
      // window
      write(0, 2, 2_000 * MS, 2_010 * MS),
      write(2, 6, 2_500 * MS, 2_600 * MS),
      read(0, 2_500 * MS, 2_520 * MS, 1),
      write(0, 3, 3_000 * MS, 3_500 * MS, 'fail'),
      read(2, 3_000 * MS, 3_004 * MS, null),
      write(0, 4, 4_000 * MS, 5_000 * MS, 'info'),
      write(1, 5, 6_000 * MS, 6_002 * MS),
      read(0, 7_000 * MS, 7_001 * MS, 2),
      write(2, 7, 6_500 * MS, null),
      read(1, 9_000 * MS, 9_500 * MS, null, 'fail'),
    ],
    events: [
      ev(2_900 * MS, 'fault-start', { fault: 0, detail: 'crash writer' }),
      ev(3_400 * MS, 'failure-detected', { node: 'db-1', domain: 'db' }),
      ev(5_900 * MS, 'promoted', { node: 'db-2', domain: 'db' }),
      ev(7_000 * MS, 'fault-end', { fault: 0, detail: 'crash writer' }),
    ],
    at: [
      { timeUs: 500 * MS, run: () => m.replicationLag(500 * MS, 9_000) }, // warm-up: not measured
      { timeUs: 2_200 * MS, run: () => m.replicationLag(2_200 * MS, 1_500) },
      { timeUs: 2_700 * MS, run: () => m.replicationLag(2_700 * MS, 500) },
      { timeUs: 500 * MS, run: () => m.attemptFailed(500 * MS, 'throttled', throttledEarly) },
      { timeUs: 3_200 * MS, run: () => m.attemptFailed(3_200 * MS, 'throttled', throttledTwice) },
      { timeUs: 3_250 * MS, run: () => m.attemptFailed(3_250 * MS, 'throttled', throttledTwice) }, // its retry: the same operation
      { timeUs: 3_300 * MS, run: () => m.attemptFailed(3_300 * MS, 'timeout', timedOut) },
      { timeUs: 2_500 * MS, run: () => m.count(2_500 * MS, 'wal_records', 4) },
      { timeUs: 300 * MS, run: () => m.count(300 * MS, 'wal_records', 1) },
      ...Array.from({ length: 12 }, (_, i) => ({ timeUs: (i + 1) * S, run: () => m.tick((i + 1) * S, 1_000 * (i + 1), 100 * (i + 1)) })),
    ],
  };
  play(m, script);
  return { m, rows, script };
}

const survivors: Record<number, number[]> = { 0: [1, 2, 4], 1: [], 2: [6] };

describe('reports', () => {
  describe('measurement', () => {
    it('counts operations invoked in the window (after warm-up) by kind and outcome', () => {
      const { m } = smallRun();
      m.finish(12 * S, (k) => survivors[k]);
      expect([m.ops.read.invoked, m.ops.read.ok, m.ops.read.failed, m.ops.read.unknown]).toEqual([4, 3, 1, 0]);
      // Write 7 never completed: invoked, neither ok, failed nor unknown.
      expect([m.ops.write.invoked, m.ops.write.ok, m.ops.write.failed, m.ops.write.unknown]).toEqual([6, 3, 1, 1]);
      expect(m.ops.read.availability).toBe(0.75);
      expect(m.ops.write.availability).toBe(0.5);
      expect(m.ops.write.latencyMs.max).toBe(100); // write 6: 2.5 s -> 2.6 s
      expect(m.ops.write.latencyMs.min).toBe(2);
    });

    it('finds the stale reads of the window with their ages', () => {
      const { m } = smallRun();
      expect(m.stale.stale).toBe(2);
      expect(m.stale.okReads).toBe(3);
      expect([m.stale.ageMs.min, m.stale.ageMs.max]).toEqual([400, 490]);
    });

    it('measures write outages per failure domain, counting an info (timed out) write as failing and an in-flight write as open until the workload end', () => {
      const { m } = smallRun();
      // shard-a's outage closed when write 5 (invoked at 6 s) was acknowledged; shard-b's is still open.
      expect(m.outages.longest).toEqual({ domain: 'shard-a', startUs: 3 * S, endUs: 6 * S });
      m.finish(12 * S, (k) => survivors[k]);
      expect(m.outages.longest).toEqual({ domain: 'shard-b', startUs: 6_500 * MS, endUs: 10 * S });
    });

    it('credits detection, failover, the overlapping outage, stale reads and lost writes to the fault', () => {
      const { m } = smallRun();
      const lost = m.finish(12 * S, (k) => survivors[k]);
      expect(lost).toEqual({ count: 1, rpoUs: 2 * MS, lost: [{ value: 5, ackUs: 6_002 * MS }] });
      expect(m.faults.faults).toEqual([
        {
          index: 0,
          detail: 'crash writer',
          kind: 'crash',
          startUs: 2_900 * MS,
          endUs: 7 * S,
          detectionUs: 500 * MS,
          failoverUs: 3 * S,
          longestOutageUs: 3_500 * MS, // shard-b's 6.5 s -> 10 s (longer than shard-a's 3 s -> 6 s) overlaps it
          longestOutageDomain: 'shard-b',
          staleReads: 1, // the read at 3 s (the one at 2.5 s came before the fault)
          lostWrites: 1,
          lostFromUs: 6 * S,
          lostToUs: 6_002 * MS,
        },
      ]);
      expect(m.faults.worst()?.index).toBe(0);
    });

    it('measures replication lag, throttled operations and engine counters from the end of the warm-up', () => {
      const { m } = smallRun();
      expect([m.lagMs.count, m.lagMs.min, m.lagMs.max]).toEqual([2, 0.5, 1.5]);
      expect(m.throttled).toBe(1);
      expect(m.counterTotals.get('wal_records')).toBe(4);
    });

    it('streams one time-series row per interval up to the end of the run, each operation in the bucket of its invocation', () => {
      const { m, rows } = smallRun();
      // Buckets close once their reads have verdicts, 2 maxOp + interval + the race window (13 s)
      // after they end: by the last tick (12 s) none has, so only finish() writes them.
      expect(rows.map((r) => r.t_s)).toEqual([]);
      m.finish(12 * S, (k) => survivors[k]);
      expect(rows.map((r) => r.t_s)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const pick = (r: TimeseriesRow) => [r.t_s, r.reads, r.reads_ok, r.writes, r.writes_ok, r.stale_reads, r.throttled, r.wal_records];
      expect(rows.slice(0, 10).map(pick)).toEqual([
        [0, 1, 1, 2, 1, 0, 1, 1], // the warm-up is in the series (stale reads and lag too; the summary excludes them)
        [1, 0, 0, 0, 0, 0, 0, 0],
        [2, 1, 1, 2, 2, 1, 0, 4],
        [3, 1, 1, 1, 0, 1, 1, 0],
        [4, 0, 0, 1, 0, 0, 0, 0],
        [5, 0, 0, 0, 0, 0, 0, 0],
        [6, 0, 0, 2, 1, 0, 0, 0],
        [7, 1, 1, 0, 0, 0, 0, 0],
        [8, 0, 0, 0, 0, 0, 0, 0],
        [9, 1, 0, 0, 0, 0, 0, 0],
      ]);
      expect(rows[2].replication_lag_ms_max).toBe(1.5);
      expect(rows[0].replication_lag_ms_max).toBe(9); // lag during the warm-up shows in the series
      expect(rows.map((r) => r.network_bytes)).toEqual(Array(12).fill(1_000));
      expect(rows.map((r) => r.network_bytes_cross_az)).toEqual(Array(12).fill(100));
    });

    it('gives the same figures when the same history is replayed', () => {
      const a = smallRun();
      const b = smallRun();
      expect(a.m.finish(12 * S, (k) => survivors[k])).toEqual(b.m.finish(12 * S, (k) => survivors[k]));
      expect(a.rows).toEqual(b.rows);
    });

    describe('partitions', () => {
      /** A partition from 2 s to 6 s: client-1 (index 0) with db-1, client-2 (index 1) with db-2 and db-3. */
      function partitionRun(staleStrongRead: boolean): Measurement {
        const m = new Measurement({ ...CONFIG, warmupUs: 0 }, () => {});
        const c1 = 0;
        const c2 = 1;
        play(m, {
          ops: [
            write(0, 1, 1_000 * MS, 1_010 * MS, 'ok', c2),
            // client-1's side: 1 of 3 ok (refused), and its one ok read was a stale eventual read
            write(0, 2, 3_000 * MS, 3_500 * MS, 'fail', c1),
            read(0, 3_000 * MS, 3_002 * MS, null, 'ok', 'eventual', c1),
            read(0, 4_000 * MS, 4_500 * MS, null, 'info', 'strong', c1),
            // client-2's side: all ok
            write(0, 3, 3_000 * MS, 3_010 * MS, 'ok', c2),
            read(0, 4_000 * MS, 4_001 * MS, 3, 'ok', 'strong', c2),
            ...(staleStrongRead ? [read(0, 5_000 * MS, 5_001 * MS, 1, 'ok', 'strong', c2)] : []),
          ],
          events: [
            ev(2 * S, 'fault-start', { fault: 0, detail: 'partition [use1-az1] | [use1-az2 use1-az3]', sides: [['db-1', 'client-1'], ['db-2', 'db-3', 'client-2']] }),
            ev(6 * S, 'fault-end', { fault: 0 }),
          ],
        });
        m.finish(12 * S, () => [1, 2, 3]);
        return m;
      }

      it('says CP when the minority side was refused and the only stale reads were eventual ones', () => {
        const m = partitionRun(false);
        const [p] = m.partitions.records;
        expect([p.invoked, p.ok, p.staleStrongReads, p.lostWrites]).toEqual([[3, 2], [1, 2], 0, 0]);
        expect(m.stale.stale).toBe(1); // the eventual read still counts as a stale read of the run
        expect(verdict(p)).toBe('CP');
      });

      it('says neither once a strong read on the serving side was stale', () => {
        const m = partitionRun(true);
        const [p] = m.partitions.records;
        expect(p.staleStrongReads).toBe(1);
        expect(m.stale.stale).toBe(2);
        expect(verdict(p)).toBe('neither');
      });
    });
  });
});
