import { describe, expect, it } from 'vitest';
import { summaryRow, type RunFacts } from './summary.ts';
import { SUMMARY_COLUMNS } from './summary-columns.ts';
import { Measurement, type MeasurementConfig } from './measure/measurement.ts';
import { ev, MS, play, read, SECOND as S, write, type Script } from './measure/history.fixture.ts';

const CONFIG: MeasurementConfig = { warmupUs: 2 * S, endUs: 12 * S, intervalUs: S, maxOpUs: S, domainOf: () => 'db', clientName: (i) => `client-${i + 1}` };

const FACTS: RunFacts = {
  scenario: 'test',
  engine: 'rds-multi-az',
  seed: 7,
  windowUs: 10 * S,
  networkBytes: 5_000,
  networkBytesCrossAz: 1_000,
  bytesBetweenNodes: 600,
  simEvents: 1234,
  linearizable: null,
  anomaly: null,
  capDuringPartition: null,
  cacheHitRatio: null,
};

function summarize(script: Script, surviving: (k: number) => number[] = () => [], build?: (m: Measurement) => void) {
  const m = new Measurement(CONFIG, () => {});
  play(m, script);
  build?.(m);
  const lost = m.finish(14 * S, (k) => surviving(k));
  return summaryRow(m, lost, FACTS);
}

describe('reports', () => {
  describe('summary row', () => {
    it('has every column of SUMMARY_COLUMNS (summary.csv writes them in that order)', () => {
      const row = summarize({ ops: [write(0, 1, 3 * S, 3 * S + 10 * MS)] }, () => [1]);
      expect(Object.keys(row).sort()).toEqual([...SUMMARY_COLUMNS].sort());
      expect([row.scenario, row.engine, row.seed, row.network_bytes, row.network_bytes_cross_az, row.sim_events]).toEqual(['test', 'rds-multi-az', 7, 5_000, 1_000, 1234]);
    });

    it('puts the anomaly column beside the linearizability verdict, empty when the history was not checked', () => {
      const row = summarize({ ops: [write(0, 1, 3 * S, 3 * S + 10 * MS)] }, () => [1]);
      expect(SUMMARY_COLUMNS[SUMMARY_COLUMNS.indexOf('linearizable') + 1]).toBe('anomaly');
      expect(row.anomaly).toBeNull();
    });

    it('names the anomaly of a history that is not linearizable, and violation.txt explains it before the window', () => {
      const m = new Measurement(CONFIG, () => {});
      play(m, {
        ops: [
          write(0, 1, 3 * S, 3 * S + 10 * MS),
          write(0, 2, 4 * S, 4 * S + 10 * MS),
          read(0, 5 * S, 5 * S + 1 * MS, 1, 'ok', 'strong', 2), // stale: 2 was acknowledged at 4.01 s
          read(0, 6 * S, 6 * S + 1 * MS, 2),
        ],
      });
      const lost = m.finish(14 * S, () => [1, 2]);
      const check = m.check!;
      const row = summaryRow(m, lost, { ...FACTS, linearizable: check.linearizable, anomaly: check.anomaly?.label ?? null });
      expect([row.linearizable, row.anomaly]).toEqual([false, 'stale-read']);
      expect(check.rendered).toMatch(/^anomaly: stale-read\nStale read, on key "k0": read #5 \(client client-3, t=5000000\.\.5001000us\) returned 1/);
      expect(check.rendered).toMatch(/\n\nkey "k0" is not linearizable/);
    });

    it('gives availability and throughput from the measurement window only (the warm-up excluded)', () => {
      const row = summarize(
        {
          ops: [
            // warm-up: all failing, not counted
            write(0, 1, 100 * MS, 200 * MS, 'fail'),
            read(0, 500 * MS, 600 * MS, null, 'fail'),
            read(0, 1_900 * MS, 2_100 * MS, null, 'info'), // invoked in the warm-up, completes after it
            // window: 4 writes (3 ok), 2 reads (1 ok)
            write(0, 2, 3 * S, 3 * S + 5 * MS),
            write(0, 3, 4 * S, 4 * S + 5 * MS),
            write(0, 4, 5 * S, 5 * S + 5 * MS),
            write(0, 5, 6 * S, 6 * S + 500 * MS, 'info'),
            read(0, 7 * S, 7 * S + 1 * MS, 4),
            read(0, 8 * S, 8 * S + 1 * MS, null, 'fail'),
          ],
        },
        () => [2, 3, 4],
      );
      expect([row.ops, row.ops_ok, row.reads, row.writes, row.ops_failed, row.ops_unknown]).toEqual([6, 4, 2, 4, 1, 1]);
      expect(row.availability_write).toBe(0.75);
      expect(row.availability_read).toBe(0.5);
      expect(row.throughput_ops_s).toBe(0.4); // 4 ok in a 10 s window
    });

    it('leaves read figures empty when there were no reads', () => {
      const row = summarize({ ops: [write(0, 1, 3 * S, 3 * S + 10 * MS)] }, () => [1]);
      for (const c of ['availability_read', 'stale_reads', 'stale_read_ratio', 'staleness_ms_p99', 'staleness_ms_max', 'read_latency_ms_mean', 'read_latency_ms_p50', 'read_latency_ms_p99', 'read_latency_ms_p999', 'read_latency_ms_max'] as const) {
        expect(row[c], c).toBeNull();
      }
      expect(row.write_latency_ms_max).toBe(10);
    });

    it('leaves write figures empty when there were no writes', () => {
      const row = summarize({ ops: [read(0, 3 * S, 3 * S + 1 * MS, null)] });
      for (const c of ['availability_write', 'write_outage_s', 'write_latency_ms_mean', 'write_latency_ms_p50', 'write_latency_ms_max', 'replication_bytes_per_write'] as const) {
        expect(row[c], c).toBeNull();
      }
      expect([row.stale_reads, row.stale_read_ratio]).toEqual([0, 0]);
    });

    it('leaves detection and failover empty without faults, and lag empty without replication', () => {
      const row = summarize({ ops: [write(0, 1, 3 * S, 3 * S + 10 * MS)] }, () => [1]);
      for (const c of ['detection_s', 'failover_s', 'replication_lag_ms_p50', 'replication_lag_ms_p99', 'replication_lag_ms_max'] as const) expect(row[c], c).toBeNull();
    });

    it('gives 0, not empty, for a write outage, lost writes and rpo that did not happen', () => {
      const row = summarize({ ops: [write(0, 1, 3 * S, 3 * S + 10 * MS)] }, () => [1]);
      expect([row.write_outage_s, row.lost_writes, row.rpo_s, row.throttled]).toEqual([0, 0, 0, 0]);
    });

    it('gives the figures of a faulty run in seconds and milliseconds', () => {
      const row = summarize(
        {
          ops: [
            write(0, 1, 3 * S, 3_010 * MS), // survives
            write(0, 2, 4 * S, 4_020 * MS), // lost
            write(0, 3, 5 * S, 5_500 * MS, 'fail'), // outage 5 s ..
            write(0, 4, 6 * S, 6_010 * MS, 'info'),
            write(0, 5, 8 * S, 8_030 * MS), // .. 8 s; lost
            read(0, 9 * S, 9_001 * MS, 1), // stale: superseded first by write 2, acknowledged at 4.02 s -> 4,980 ms
          ],
          events: [ev(4_500 * MS, 'fault-start', { fault: 0, detail: 'crash writer' }), ev(5_500 * MS, 'failure-detected'), ev(7_500 * MS, 'promoted'), ev(7 * S, 'fault-end', { fault: 0 })],
        },
        () => [1],
        (m) => {
          m.replicationLag(3 * S, 2_000);
          m.replicationLag(4 * S, 4_000);
          m.attemptFailed(5 * S, 'throttled', {});
        },
      );
      expect([row.write_outage_s, row.detection_s, row.failover_s]).toEqual([3, 1, 3]);
      expect([row.lost_writes, row.rpo_s]).toEqual([2, 4.03]); // from 4 s (invocation of write 2) to 8.03 s (acknowledgement of write 5)
      expect([row.stale_reads, row.stale_read_ratio, row.staleness_ms_max]).toEqual([1, 1, 4_980]);
      expect(Math.abs((row.staleness_ms_p99 as number) - 4_980) / 4_980).toBeLessThanOrEqual(0.01);
      expect(row.replication_lag_ms_max).toBe(4);
      expect(row.replication_lag_ms_p50).toBeCloseTo(2, 1);
      expect(row.throttled).toBe(1);
      expect(row.replication_bytes_per_write).toBe(200); // 600 bytes between nodes / 3 acknowledged writes
      expect(row.write_latency_ms_max).toBe(30);
      expect(row.write_latency_ms_mean).toBe(20);
    });
  });
});
