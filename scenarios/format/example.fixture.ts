// For tests only: SCENARIO-FORMAT.md's example scenario, adapted to the fake engines, and the
// typed Scenario it must load to (units converted, defaults filled in).
// Leaves out: anything the loader does not produce (nothing here runs).

import type { Scenario } from './scenario.ts';

export const S = 1_000_000;
export const M = 60 * S;

/** SCENARIO-FORMAT.md's example, adapted: duration 10m (its faults run to 6m), the clock fault on a
 * role aurora has, a cache with an option, and one engine option of every kind. */
export const EXAMPLE = `name: aurora-az-outage            # required; [a-z0-9-]+
description: Aurora keeps writing through the loss of one AZ.
seed: 42                          # default seed; --seed overrides it
duration: 10m                     # how long the workload runs (simulated time)
warmup: 10s                       # excluded from the figures (default 0s)
settle: 30s                       # quiet time after the workload, before final reads (default 30s)

region:                           # optional; these are the defaults
  azs: [az-a, az-b, az-c]
  latency:                        # one-way delay of a message
    same_az:  { median: 250us, p99: 1ms }     # log-normal fitted to median and p99
    cross_az: { median: 800us, p99: 2.5ms }
    client:   { median: 300us, p99: 1.2ms }   # client to a node in its own AZ (cross-AZ adds cross_az)
  clocks: { max_offset: 1ms, max_drift_ppm: 50 }

engine:
  type: aurora
  replicas: 2
  failover_timeout: 1m30s
  storage_latency: { uniform: [1ms, 3ms] }
  service: { workers: 8, time: { exponential: 200us } }
  read_ratio: 0.25
  page_size: 1.5KB
  iops: 2500/s
  backtrack: true
  tier: io-optimized
  writer_az: az-b
  replica_azs: [az-a, az-c]

cache:                            # optional: a cache topology in front of the database
  type: redis-cluster             # or dax (dynamodb only)
  strategy: cache-aside           # cache-aside | write-through
  ttl: 5m
  shards: 2

workload:
  clients: 12                     # spread evenly over the AZs, or per AZ: { az-a: 6, az-b: 6 }
  rate: 2000/s                    # open loop, Poisson arrivals in total; or \`concurrency: 64\` (closed loop)
  mix: { read: 0.8, write: 0.2 }
  read_consistency: strong        # strong | eventual (per-engine meaning, see DESIGN.md)
  keys: { count: 10000, distribution: zipf, zipf_s: 0.99 }   # uniform | zipf | hotspot
  value_size: 1KB
  timeout: 1s
  retry: { attempts: 3, backoff: 50ms, max_backoff: 2s }     # full jitter

faults:                           # applied by the simulator at simulated times
  - at: 1m
    kind: az-outage               # every node in the AZ crashes and the AZ is cut off
    az: az-a
    for: 2m                       # then it heals (nodes restart); omit \`for\` = until the end
  - at: 3m30s
    kind: partition               # symmetric unless one_way: true (then from sides[0] to sides[1] only)
    sides: [[az-a], [az-b, az-c]] # sides are AZs, node names, or role selectors
    for: 30s
  - at: 4m
    kind: crash                   # crash | pause | restart
    target: { role: writer }      # { node: NAME } | { role: ROLE, index: 0 } | { az: NAME, role: ROLE }
    for: 20s                      # crash: restart after; pause: resume after
  - at: 4m30s
    kind: clock                   # offset jump and/or drift change on the target's clock
    target: { role: replica, index: 0 }
    offset: +2s
    drift_ppm: 200
  - { at: 5m, kind: latency, between: [[az-a], [az-b]], add: 50ms, for: 1m }
  - { at: 5m, kind: loss, between: [[az-c], [az-a, az-b]], probability: 0.2, for: 1m }
  - { at: 6m, kind: failover, target: { role: writer } }   # an operator-initiated failover

expect:                           # the run exits 1 if any of these fails
  availability_write: ">= 0.99"
  write_outage_s: "<= 35"
  lost_writes: "== 0"
  stale_reads: "== 0"
  linearizable: true
`;

export const EXPECTED: Scenario = {
  name: 'aurora-az-outage',
  description: 'Aurora keeps writing through the loss of one AZ.',
  file: 'scenarios/example.yaml',
  seed: 42,
  durationUs: 10 * M,
  warmupUs: 10 * S,
  settleUs: 30 * S,
  region: {
    azs: ['az-a', 'az-b', 'az-c'],
    latency: {
      sameAz: { kind: 'lognormal', median: 250, p99: 1_000 },
      crossAz: { kind: 'lognormal', median: 800, p99: 2_500 },
      client: { kind: 'lognormal', median: 300, p99: 1_200 },
    },
    clocks: { maxOffsetUs: 1_000, maxDriftPpm: 50 },
  },
  engine: {
    type: 'aurora',
    options: {
      replicas: 2,
      failover_timeout: 90 * S,
      storage_latency: { kind: 'uniform', low: 1_000, high: 3_000 },
      service: { workers: 8, time: { kind: 'exponential', mean: 200 } },
      read_ratio: 0.25,
      page_size: 1536,
      iops: 2500,
      backtrack: true,
      tier: 'io-optimized',
      writer_az: 'az-b',
      replica_azs: ['az-a', 'az-c'],
    },
  },
  cache: {
    type: 'redis-cluster',
    strategy: 'cache-aside',
    ttlUs: 5 * M,
    options: { shards: 2, node_timeout: 15 * S, maxmemory: 1024 ** 3 },
  },
  workload: {
    clients: [
      { az: 'az-a', count: 4 },
      { az: 'az-b', count: 4 },
      { az: 'az-c', count: 4 },
    ],
    load: { kind: 'open', ratePerS: 2000 },
    readFraction: 0.8,
    consistency: 'strong',
    keyCount: 10_000,
    keyDistribution: { kind: 'zipf', s: 0.99 },
    valueSizeBytes: 1024,
    retry: { timeoutUs: S, attempts: 3, backoffUs: 50_000, maxBackoffUs: 2 * S },
  },
  faults: [
    { kind: 'az-outage', atUs: M, forUs: 2 * M, az: 'az-a' },
    { kind: 'partition', atUs: 3.5 * M, forUs: 30 * S, sides: [['az-a'], ['az-b', 'az-c']], oneWay: false },
    { kind: 'crash', atUs: 4 * M, forUs: 20 * S, target: { role: 'writer' } },
    { kind: 'clock', atUs: 4.5 * M, target: { role: 'replica', index: 0 }, offsetUs: 2 * S, driftPpm: 200 },
    { kind: 'latency', atUs: 5 * M, forUs: M, between: [['az-a'], ['az-b']], addUs: 50_000 },
    { kind: 'loss', atUs: 5 * M, forUs: M, between: [['az-c'], ['az-a', 'az-b']], probability: 0.2 },
    { kind: 'failover', atUs: 6 * M, target: { role: 'writer' } },
  ],
  expect: [
    { metric: 'availability_write', comparator: '>=', bound: 0.99, line: 69 },
    { metric: 'write_outage_s', comparator: '<=', bound: 35, line: 70 },
    { metric: 'lost_writes', comparator: '==', bound: 0, line: 71 },
    { metric: 'stale_reads', comparator: '==', bound: 0, line: 72 },
    { metric: 'linearizable', comparator: '==', bound: true, line: 73 },
  ],
};
