// The summary row of one run (summary.csv), assembled from the measurement. A figure that does
// not apply (no reads, no replicas, no fault, no cache) is null, written as an empty cell.

import type { Measurement } from './measure/measurement.ts';
import type { LostWrites } from './measure/lost-writes.ts';
import type { Histogram } from './histogram.ts';
import type { SummaryRow } from './summary-columns.ts';

export interface RunFacts {
  scenario: string;
  engine: string;
  seed: number;
  /** Length of the measurement window (workload duration minus warm-up). */
  windowUs: number;
  networkBytes: number;
  networkBytesCrossAz: number;
  bytesBetweenNodes: number;
  simEvents: number;
  linearizable: boolean | 'unknown' | null;
  /** The anomaly's label when `linearizable` is false (stale-read, duplicate-apply, ...), else null. */
  anomaly: string | null;
  capDuringPartition: string | null;
  cacheHitRatio: number | null;
}

const orNull = (x: number | null): number | null => (x === null || Number.isNaN(x) ? null : x);
const quant = (h: Histogram, q: number) => (h.count === 0 ? null : h.quantile(q));

export function summaryRow(m: Measurement, lost: LostWrites, f: RunFacts): SummaryRow {
  const r = m.ops.read;
  const w = m.ops.write;
  const worst = m.faults.worst();
  const longest = m.outages.longest;
  const committedWrites = w.ok;
  return {
    scenario: f.scenario,
    engine: f.engine,
    seed: f.seed,
    ops: m.ops.invoked,
    ops_ok: m.ops.ok,
    throughput_ops_s: f.windowUs > 0 ? m.ops.ok / (f.windowUs / 1e6) : null,
    availability_read: r.availability,
    availability_write: w.availability,
    write_outage_s: w.invoked === 0 ? null : longest === null ? 0 : (longest.endUs - longest.startUs) / 1e6,
    detection_s: worst?.detectionUs == null ? null : worst.detectionUs / 1e6,
    failover_s: worst?.failoverUs == null ? null : worst.failoverUs / 1e6,
    replication_lag_ms_p50: quant(m.lagMs, 0.5),
    replication_lag_ms_p99: quant(m.lagMs, 0.99),
    replication_lag_ms_max: m.lagMs.count === 0 ? null : m.lagMs.max,
    stale_reads: r.invoked === 0 ? null : m.stale.stale,
    stale_read_ratio: r.ok === 0 ? null : m.stale.stale / r.ok,
    // With ok reads and none stale, staleness is 0 (not "does not apply").
    staleness_ms_p99: r.ok === 0 ? null : m.stale.ageMs.count === 0 ? 0 : m.stale.ageMs.quantile(0.99),
    lost_writes: lost.count,
    rpo_s: lost.rpoUs === null ? (lost.count === 0 ? 0 : null) : lost.rpoUs / 1e6,
    linearizable: f.linearizable,
    read_latency_ms_mean: orNull(r.latencyMs.count === 0 ? null : r.latencyMs.mean),
    read_latency_ms_p50: quant(r.latencyMs, 0.5),
    read_latency_ms_p99: quant(r.latencyMs, 0.99),
    read_latency_ms_p999: quant(r.latencyMs, 0.999),
    read_latency_ms_max: r.latencyMs.count === 0 ? null : r.latencyMs.max,
    write_latency_ms_mean: orNull(w.latencyMs.count === 0 ? null : w.latencyMs.mean),
    write_latency_ms_p50: quant(w.latencyMs, 0.5),
    write_latency_ms_p99: quant(w.latencyMs, 0.99),
    write_latency_ms_p999: quant(w.latencyMs, 0.999),
    write_latency_ms_max: w.latencyMs.count === 0 ? null : w.latencyMs.max,
    throttled: m.throttled,
    network_bytes: f.networkBytes,
    network_bytes_cross_az: f.networkBytesCrossAz,
    cache_hit_ratio: f.cacheHitRatio,
    reads: r.invoked,
    writes: w.invoked,
    ops_failed: r.failed + w.failed,
    ops_unknown: r.unknown + w.unknown,
    staleness_ms_max: r.ok === 0 ? null : m.stale.ageMs.count === 0 ? 0 : m.stale.ageMs.max,
    cap_during_partition: f.capDuringPartition,
    replication_bytes_per_write: committedWrites === 0 ? null : f.bytesBetweenNodes / committedWrites,
    sim_events: f.simEvents,
    anomaly: f.anomaly,
  };
}
