// The columns of summary.csv, named and ordered exactly as DESIGN.md section 5 lists them; the
// extra columns Faultline adds come after them. `expect:` in a scenario may name any of them.

export const SUMMARY_COLUMNS = [
  'scenario',
  'engine',
  'seed',
  'ops',
  'ops_ok',
  'throughput_ops_s',
  'availability_read',
  'availability_write',
  'write_outage_s',
  'detection_s',
  'failover_s',
  'replication_lag_ms_p50',
  'replication_lag_ms_p99',
  'replication_lag_ms_max',
  'stale_reads',
  'stale_read_ratio',
  'staleness_ms_p99',
  'lost_writes',
  'rpo_s',
  'linearizable',
  'read_latency_ms_mean',
  'read_latency_ms_p50',
  'read_latency_ms_p99',
  'read_latency_ms_p999',
  'read_latency_ms_max',
  'write_latency_ms_mean',
  'write_latency_ms_p50',
  'write_latency_ms_p99',
  'write_latency_ms_p999',
  'write_latency_ms_max',
  'throttled',
  'network_bytes',
  'network_bytes_cross_az',
  'cache_hit_ratio',
  // Faultline's additions:
  'reads',
  'writes',
  'ops_failed',
  'ops_unknown',
  'staleness_ms_max',
  'cap_during_partition',
  'replication_bytes_per_write',
  'sim_events',
  // Which anomaly a linearizability violation is (explain-anomaly.ts), empty when linearizable or
  // unchecked. Appended last so every other column keeps its place.
  'anomaly',
] as const;

export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];

/** A summary row: a number, a string, a boolean, or null where the figure does not apply. */
export type SummaryRow = Record<SummaryColumn, number | string | boolean | null>;
