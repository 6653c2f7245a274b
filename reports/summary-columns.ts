// The columns of summary.csv: every figure DESIGN.md section 5 names, spelled exactly so, with
// Faultline's additions placed beside their relatives (the operation counts together, the
// staleness figures together, the anomaly beside the linearizability verdict). `expect:` in a
// scenario may name any of them. Readers look columns up by name, never by position.

export const SUMMARY_COLUMNS = [
  // What ran.
  'scenario',
  'engine',
  'seed',
  // How many operations, and what became of them.
  'ops',
  'ops_ok',
  'ops_failed',
  'ops_unknown',
  'reads',
  'writes',
  'throughput_ops_s',
  'throttled',
  // Availability and recovery.
  'availability_read',
  'availability_write',
  'write_outage_s',
  'detection_s',
  'failover_s',
  // Replication.
  'replication_lag_ms_p50',
  'replication_lag_ms_p99',
  'replication_lag_ms_max',
  // Stale reads.
  'stale_reads',
  'stale_read_ratio',
  'staleness_ms_p99',
  'staleness_ms_max',
  // Data: lost writes, consistency, and which anomaly a violation is (explain-anomaly.ts; empty
  // when linearizable or unchecked), the CAP verdict during a partition.
  'lost_writes',
  'rpo_s',
  'linearizable',
  'anomaly',
  'cap_during_partition',
  // Latency of successful operations.
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
  // Network.
  'network_bytes',
  'network_bytes_cross_az',
  'replication_bytes_per_write',
  // Cache, and the simulator's own count.
  'cache_hit_ratio',
  'sim_events',
] as const;

export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];

/** A summary row: a number, a string, a boolean, or null where the figure does not apply. */
export type SummaryRow = Record<SummaryColumn, number | string | boolean | null>;
