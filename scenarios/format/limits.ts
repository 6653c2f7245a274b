// The absolute bounds of the scenario format: values beyond them cannot run at all (a table that
// cannot be allocated, more pending events than the scheduler holds, a clock finer than the
// simulator's microsecond), or are so far from any real deployment that they can only be typos.
// The loader refuses them as bad input; `--yes` cannot pass them. docs/limits.md gives each bound
// and its reason. The soft bounds (estimated operations, memory, disk, wall time) are in
// scenarios/estimate.ts: those `--yes` can pass.
// Leaves out: engine option ranges (each engine's options.ts declares its own).

const MS = 1_000;
const S = 1_000_000;
const H = 3_600 * S;
const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

export const LIMITS = Object.freeze({
  /** Longest workload: a week of simulated time. */
  durationUs: 168 * H,
  /** Longest settle phase after the workload. */
  settleUs: 24 * H,
  /** Any duration the file writes (a fault's `for`, a distribution's value, an option): a week. */
  anyDurationUs: 168 * H,
  /** A clock fault's offset, either way. */
  clockOffsetUs: 24 * H,
  /** A latency fault's added one-way delay. */
  addedLatencyUs: 1 * H,
  /** Region link delays and service times (any value of a distribution). */
  distributionUs: 1 * H,
  /** The region's initial clock offsets. */
  regionClockOffsetUs: 1 * H,
  /** Per-attempt timeout: at least 1 ms, at most an hour. */
  timeoutMinUs: 1 * MS,
  timeoutMaxUs: 1 * H,
  /** Retry backoffs. */
  backoffMaxUs: 1 * H,
  retryAttempts: 100,
  /**
   * Clients and closed-loop callers: the scheduler holds at most 2^22 (4,194,304) pending events,
   * and each client or caller keeps one to a few pending (an arrival, an attempt's timeout, a
   * message in flight).
   */
  clients: 1_000_000,
  concurrency: 1_000_000,
  /** Open-loop rate: arrivals are at least 1 us apart (the simulator's clock resolution). */
  ratePerS: 1_000_000,
  /** Keys: every database node keeps per-key tables (8 bytes a key each), built when the file is validated. */
  keys: 10_000_000,
  /** Value size: a DynamoDB item is at most 400 KB and a Redis string 512 MB; 64 MB covers any sane workload. */
  valueSizeBytes: 64 * MB,
  /** Regions in one file: Aurora Global Database's primary and up to 5 secondaries is 6; 10 leaves room. */
  regions: 10,
  /** Faults in one file. */
  faults: 1_000,
  /** Any size an option takes (segment size, table size, memory). */
  anySizeBytes: 1024 * GB,
  /** Any rate an option takes (bandwidths in bits or bytes per second). */
  anyRatePerS: 1e12,
  /** Any plain number an option takes without its own maximum (capacity units, factors). */
  anyNumber: 1e9,
  /** Time-series interval (`--interval`): at least 1 ms, at most the run. */
  intervalMinUs: 1 * MS,
  /** Scenario file size. */
  fileBytes: 10 * MB,
  /** Simulated events in one run: the scheduler's sequence numbers run out at 2^31. */
  events: 2 ** 31,
  /** Periodic timers (health checks, heartbeats, crons, pings): at least 1 ms apart. */
  periodicMinUs: 1 * MS,
});
