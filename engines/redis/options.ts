// The Redis Cluster engine's options: every mechanism a documented knob with a default. Defaults
// follow redis.conf and the cluster specification (REFERENCE-FIGURES.md D #64-#80):
// cluster-node-timeout 15 s, replica validity factor 10, repl-ping-replica-period 10 s, election
// delay 500 ms + random(0-500) ms + rank x 1000 ms, FAIL reports valid for 2 x node_timeout,
// rejoin delay clamp(node_timeout, 500 ms, 5 s), writable delay 2 s, full coverage required,
// approximated LRU with 5 samples, a 1 MB replication backlog. Nothing published fixes a full
// resynchronisation's speed or ElastiCache's promotion time (N5.6): those defaults are modelling
// choices, documented as such.
// `WAIT n` is not a workload key of the scenario format: it is the engine option `wait_replicas`
// (every write waits for n replica acknowledgements, up to `wait_timeout`).
// Leaves out: cluster-migration-barrier (replica migration), cluster-allow-replica-migration,
// slot migration, and every persistence knob but `appendonly` (fsync every second).

import type { Distribution } from '../../sim/distribution.ts';
import type { EngineOptions, OptionProblem, OptionSchema, ServiceSpec } from '../engine.ts';

const MS = 1_000;
const S = 1_000_000;
const MB = 1024 * 1024;

export const MAXMEMORY_POLICIES = ['volatile-lru', 'allkeys-lru', 'noeviction'] as const;
export type MaxmemoryPolicy = (typeof MAXMEMORY_POLICIES)[number];

export const redisOptions: OptionSchema = {
  shards: { kind: 'integer', default: 3, min: 1, max: 500, doc: 'shards (primaries); the 16,384 hash slots are split evenly over them' },
  replicas_per_shard: { kind: 'integer', default: 1, min: 0, max: 5, doc: 'replicas of each primary, in the AZs after its own' },
  azs: { kind: 'az-list', default: null, doc: "AZs the nodes are spread over: shard i's primary in the i-th (in turn), its replicas in the next ones (default: the region's AZs)" },
  node_timeout: { kind: 'duration', default: 15 * S, min: 1 * MS, doc: 'cluster-node-timeout: a node with a ping unanswered this long is PFAIL; a primary that reaches no majority of primaries this long stops serving' },
  cron_interval: { kind: 'duration', default: 100 * MS, min: 1 * MS, doc: "clusterCron period: each node's check of pings, PFAIL, cluster state and failover (local clock)" },
  ping_interval: { kind: 'duration', default: 1 * S, min: 1 * MS, doc: 'every this long a node also pings the one of 5 random peers it heard from least recently' },
  fail_report_validity: { kind: 'number', default: 2, min: 0, max: 100, doc: "failure reports count toward FAIL for this many node_timeouts (FAIL also undone after a primary with slots is reachable this long and nobody replaced it)" },
  failover_delay: { kind: 'duration', default: 500 * MS, doc: 'a replica whose primary is FAIL waits this long before its election (lets FAIL propagate)' },
  failover_jitter: { kind: 'duration', default: 500 * MS, doc: 'plus a uniform random wait up to this' },
  failover_rank_delay: { kind: 'duration', default: 1 * S, doc: 'plus this times its rank (0 for the replica with the highest replication offset)' },
  failover_auth_timeout: { kind: 'duration', default: 0, doc: 'an election without a majority of votes this long is abandoned, and retried after twice as long (0 = max(2 x node_timeout, 2 s))' },
  replica_validity_factor: { kind: 'number', default: 10, min: 0, max: 1000, doc: 'a replica that lost its primary more than node_timeout x this + repl_ping_replica_period ago does not fail over (0 = always eligible)' },
  repl_ping_replica_period: { kind: 'duration', default: 10 * S, min: 1 * MS, doc: 'a primary pings its replicas over the replication link this often' },
  rejoin_delay_min: { kind: 'duration', default: 500 * MS, doc: 'a primary back from the minority waits clamp(node_timeout, rejoin_delay_min, rejoin_delay_max) before serving again' },
  rejoin_delay_max: { kind: 'duration', default: 5 * S, doc: 'see rejoin_delay_min' },
  writable_delay: { kind: 'duration', default: 2 * S, doc: 'a restarted primary serves nothing for this long (CLUSTER_WRITABLE_DELAY)' },
  require_full_coverage: { kind: 'boolean', default: true, doc: 'cluster-require-full-coverage: with a slot uncovered (its primary FAIL and not replaced) every node refuses queries' },
  allow_reads_when_down: { kind: 'boolean', default: false, doc: 'cluster-allow-reads-when-down: a node whose cluster state is FAIL still serves reads' },
  service: {
    kind: 'service',
    default: { workers: 1, time: { kind: 'exponential', mean: 20 } },
    doc: 'each node runs commands on one thread with this service time (about 50,000 commands/s)',
  },
  repl_backlog_size: { kind: 'size', default: 1 * MB, min: 16 * 1024, max: 64 * 1024 * MB, doc: 'replication backlog: a replica that missed at most this many bytes of the stream resynchronises partially, else fully' },
  full_sync: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 100 * MS, high: 500 * MS },
    doc: 'fixed part of a full resynchronisation (fork, RDB header, handshake); modelling choice',
  },
  full_sync_rate: { kind: 'size', default: 100 * MB, min: 1024, max: 100 * 1024 * MB, doc: 'bytes of dataset per second a full resynchronisation transfers and loads; modelling choice' },
  wait_replicas: { kind: 'integer', default: 0, min: 0, max: 5, doc: 'WAIT n after every write: the reply waits until n replicas acknowledged it; fewer by wait_timeout is an error (the write may stay applied)' },
  wait_timeout: { kind: 'duration', default: 1 * S, doc: 'WAIT timeout (0 = wait until the client gives up)' },
  maxmemory: { kind: 'size', default: 0, min: 0, max: 1024 * 1024 * MB, doc: 'memory limit of each primary for keys and values (0 = no limit); replicas follow their primary' },
  maxmemory_policy: { kind: 'enum', default: 'volatile-lru', values: MAXMEMORY_POLICIES, doc: 'what a primary over maxmemory evicts: keys with a TTL (volatile-lru, the ElastiCache default), any key (allkeys-lru), or nothing: writes get OOM (noeviction, the Redis OSS default)' },
  maxmemory_samples: { kind: 'integer', default: 5, min: 1, max: 64, doc: 'approximated LRU: keys sampled per eviction; the least recently used of them is evicted' },
  key_ttl: { kind: 'duration', default: 0, doc: 'TTL every write sets (SET ... PX); 0 = none. A `cache:` section sets it to its `ttl`' },
  appendonly: { kind: 'boolean', default: false, doc: 'AOF with fsync every second: a restarted node keeps its data up to its last fsync; without it a restarted node comes back empty' },
  elasticache: { kind: 'boolean', default: false, doc: 'ElastiCache Multi-AZ: replicas do not elect themselves; the managed control plane, once the cluster marks a primary FAIL, promotes its least-lagged replica' },
  ec_poll_interval: { kind: 'duration', default: 1 * S, min: 1 * MS, doc: 'elasticache: how often the control plane polls every node for FAIL flags and replication offsets' },
  ec_promotion: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 1 * S, high: 3 * S },
    doc: "elasticache: from choosing a replica to its takeover (AWS: 'typically just a few seconds'; modelling choice)",
  },
  cache_timeout: { kind: 'duration', default: 100 * MS, min: 1 * MS, doc: 'as a `cache:` only: how long the application waits for a cache command before it goes to the database without it' },
};

/** Parsed options, typed and in internal units (microseconds, bytes). */
export interface RedisOptions {
  shards: number;
  replicasPerShard: number;
  azs: string[];
  nodeTimeoutUs: number;
  cronIntervalUs: number;
  pingIntervalUs: number;
  failReportValidityMult: number;
  failoverDelayUs: number;
  failoverJitterUs: number;
  failoverRankDelayUs: number;
  failoverAuthTimeoutUs: number;
  replicaValidityFactor: number;
  replPingReplicaPeriodUs: number;
  rejoinDelayUs: number;
  writableDelayUs: number;
  requireFullCoverage: boolean;
  allowReadsWhenDown: boolean;
  service: ServiceSpec;
  replBacklogBytes: number;
  fullSync: Distribution;
  fullSyncBytesPerS: number;
  waitReplicas: number;
  waitTimeoutUs: number;
  maxmemoryBytes: number;
  maxmemoryPolicy: MaxmemoryPolicy;
  maxmemorySamples: number;
  keyTtlUs: number;
  appendonly: boolean;
  elasticache: boolean;
  ecPollIntervalUs: number;
  ecPromotion: Distribution;
  cacheTimeoutUs: number;
}

export function readOptions(o: EngineOptions, regionAzs: readonly string[]): RedisOptions {
  const nodeTimeoutUs = o.node_timeout as number;
  const auth = o.failover_auth_timeout as number;
  const rejoinMin = o.rejoin_delay_min as number;
  const rejoinMax = o.rejoin_delay_max as number;
  return {
    shards: o.shards as number,
    replicasPerShard: o.replicas_per_shard as number,
    azs: (o.azs as string[] | null) ?? [...regionAzs],
    nodeTimeoutUs,
    cronIntervalUs: o.cron_interval as number,
    pingIntervalUs: o.ping_interval as number,
    failReportValidityMult: o.fail_report_validity as number,
    failoverDelayUs: o.failover_delay as number,
    failoverJitterUs: o.failover_jitter as number,
    failoverRankDelayUs: o.failover_rank_delay as number,
    failoverAuthTimeoutUs: auth > 0 ? auth : Math.max(2 * nodeTimeoutUs, 2 * S),
    replicaValidityFactor: o.replica_validity_factor as number,
    replPingReplicaPeriodUs: o.repl_ping_replica_period as number,
    rejoinDelayUs: Math.min(rejoinMax, Math.max(rejoinMin, nodeTimeoutUs)),
    writableDelayUs: o.writable_delay as number,
    requireFullCoverage: o.require_full_coverage as boolean,
    allowReadsWhenDown: o.allow_reads_when_down as boolean,
    service: o.service as ServiceSpec,
    replBacklogBytes: o.repl_backlog_size as number,
    fullSync: o.full_sync as Distribution,
    fullSyncBytesPerS: o.full_sync_rate as number,
    waitReplicas: o.wait_replicas as number,
    waitTimeoutUs: o.wait_timeout as number,
    maxmemoryBytes: o.maxmemory as number,
    maxmemoryPolicy: o.maxmemory_policy as MaxmemoryPolicy,
    maxmemorySamples: o.maxmemory_samples as number,
    keyTtlUs: o.key_ttl as number,
    appendonly: o.appendonly as boolean,
    elasticache: o.elasticache as boolean,
    ecPollIntervalUs: o.ec_poll_interval as number,
    ecPromotion: o.ec_promotion as Distribution,
    cacheTimeoutUs: o.cache_timeout as number,
  };
}

/** Cross-field checks. */
export function checkOptions(o: EngineOptions): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const replicas = o.replicas_per_shard as number;
  if ((o.wait_replicas as number) > replicas) {
    problems.push({ option: 'wait_replicas', message: `WAIT ${String(o.wait_replicas)} can never be met with ${replicas} replica(s) per shard` });
  }
  if (o.elasticache === true && replicas < 1) {
    problems.push({ option: 'elasticache', message: 'ElastiCache Multi-AZ automatic failover needs at least one replica per shard (replicas_per_shard >= 1)' });
  }
  if ((o.rejoin_delay_min as number) > (o.rejoin_delay_max as number)) {
    problems.push({ option: 'rejoin_delay_min', message: 'must not be longer than rejoin_delay_max' });
  }
  if ((o.cron_interval as number) * 2 > (o.node_timeout as number)) {
    problems.push({ option: 'cron_interval', message: 'must be at most half of node_timeout, or PFAIL and reconnections cannot be timed' });
  }
  return problems;
}
