// The standard columns of timeseries.csv, in order (see TimeseriesRow for their meaning); an
// engine's own counters follow them.

export const TIMESERIES_COLUMNS: readonly string[] = [
  't_s',
  'phase',
  'reads',
  'reads_ok',
  'writes',
  'writes_ok',
  'availability_read',
  'availability_write',
  'read_latency_ms_p50',
  'read_latency_ms_p99',
  'write_latency_ms_p50',
  'write_latency_ms_p99',
  'stale_reads',
  'replication_lag_ms_p50',
  'replication_lag_ms_p99',
  'replication_lag_ms_max',
  'throttled',
  'network_bytes',
  'network_bytes_cross_az',
];
