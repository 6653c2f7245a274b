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

import { anyRegionAzList, azList, boolean, choice, defineOptions, distribution, duration, integer, number, service, size } from '../engine.ts';
import type { EngineOptions, OptionProblem, OptionSchema, OptionValues } from '../engine.ts';

const MS = 1_000;
const S = 1_000_000;
const MB = 1024 * 1024;

export const MAXMEMORY_POLICIES = ['volatile-lru', 'allkeys-lru', 'noeviction'] as const;
export type MaxmemoryPolicy = (typeof MAXMEMORY_POLICIES)[number];

export const redisDeclared = defineOptions({
  shards: integer('shards', 3, { min: 1, max: 500, doc: 'shards (primaries); the 16,384 hash slots are split evenly over them' }),
  replicasPerShard: integer('replicas_per_shard', 1, { min: 0, max: 5, doc: 'replicas of each primary, in the AZs after its own' }),
  azs: azList('azs', null, { doc: "AZs the nodes are spread over: shard i's primary in the i-th (in turn), its replicas in the next ones (default: the region's AZs)" }),
  nodeTimeoutUs: duration('node_timeout', 15 * S, { min: 1 * MS, doc: 'cluster-node-timeout: a node with a ping unanswered this long is PFAIL; a primary that reaches no majority of primaries this long stops serving' }),
  cronIntervalUs: duration('cron_interval', 100 * MS, { min: 1 * MS, doc: "clusterCron period: each node's check of pings, PFAIL, cluster state and failover (local clock)" }),
  pingIntervalUs: duration('ping_interval', 1 * S, { min: 1 * MS, doc: 'every this long a node also pings the one of 5 random peers it heard from least recently' }),
  failReportValidityMult: number('fail_report_validity', 2, { min: 0, max: 100, doc: "failure reports count toward FAIL for this many node_timeouts (FAIL also undone after a primary with slots is reachable this long and nobody replaced it)" }),
  failoverDelayUs: duration('failover_delay', 500 * MS, { doc: 'a replica whose primary is FAIL waits this long before its election (lets FAIL propagate)' }),
  failoverJitterUs: duration('failover_jitter', 500 * MS, { doc: 'plus a uniform random wait up to this' }),
  failoverRankDelayUs: duration('failover_rank_delay', 1 * S, { doc: 'plus this times its rank (0 for the replica with the highest replication offset)' }),
  failoverAuthTimeoutUs: duration('failover_auth_timeout', 0, { doc: 'an election without a majority of votes this long is abandoned, and retried after twice as long (0 = max(2 x node_timeout, 2 s))' }),
  replicaValidityFactor: number('replica_validity_factor', 10, { min: 0, max: 1000, doc: 'a replica that lost its primary more than node_timeout x this + repl_ping_replica_period ago does not fail over (0 = always eligible)' }),
  replPingReplicaPeriodUs: duration('repl_ping_replica_period', 10 * S, { min: 1 * MS, doc: 'a primary pings its replicas over the replication link this often' }),
  rejoinDelayMinUs: duration('rejoin_delay_min', 500 * MS, { doc: 'a primary back from the minority waits clamp(node_timeout, rejoin_delay_min, rejoin_delay_max) before serving again' }),
  rejoinDelayMaxUs: duration('rejoin_delay_max', 5 * S, { doc: 'see rejoin_delay_min' }),
  writableDelayUs: duration('writable_delay', 2 * S, { doc: 'a restarted primary serves nothing for this long (CLUSTER_WRITABLE_DELAY)' }),
  requireFullCoverage: boolean('require_full_coverage', true, { doc: 'cluster-require-full-coverage: with a slot uncovered (its primary FAIL and not replaced) every node refuses queries' }),
  allowReadsWhenDown: boolean('allow_reads_when_down', false, { doc: 'cluster-allow-reads-when-down: a node whose cluster state is FAIL still serves reads' }),
  service: service('service', { workers: 1, time: { kind: 'exponential', mean: 20 } }, { doc: 'each node runs commands on one thread with this service time (about 50,000 commands/s)' }),
  replBacklogBytes: size('repl_backlog_size', 1 * MB, { min: 16 * 1024, max: 64 * 1024 * MB, doc: 'replication backlog: a replica that missed at most this many bytes of the stream resynchronises partially, else fully' }),
  fullSync: distribution('full_sync', { kind: 'uniform', low: 100 * MS, high: 500 * MS }, { doc: 'fixed part of a full resynchronisation (fork, RDB header, handshake); modelling choice' }),
  fullSyncBytesPerS: size('full_sync_rate', 100 * MB, { min: 1024, max: 100 * 1024 * MB, doc: 'bytes of dataset per second a full resynchronisation transfers and loads; modelling choice' }),
  waitReplicas: integer('wait_replicas', 0, { min: 0, max: 5, doc: 'WAIT n after every write: the reply waits until n replicas acknowledged it; fewer by wait_timeout is an error (the write may stay applied)' }),
  waitTimeoutUs: duration('wait_timeout', 1 * S, { doc: 'WAIT timeout (0 = wait until the client gives up)' }),
  maxmemoryBytes: size('maxmemory', 0, { min: 0, max: 1024 * 1024 * MB, doc: 'memory limit of each primary for keys and values (0 = no limit); replicas follow their primary' }),
  maxmemoryPolicy: choice('maxmemory_policy', 'volatile-lru', MAXMEMORY_POLICIES, { doc: 'what a primary over maxmemory evicts: keys with a TTL (volatile-lru, the ElastiCache default), any key (allkeys-lru), or nothing: writes get OOM (noeviction, the Redis OSS default)' }),
  maxmemorySamples: integer('maxmemory_samples', 5, { min: 1, max: 64, doc: 'approximated LRU: keys sampled per eviction; the least recently used of them is evicted' }),
  keyTtlUs: duration('key_ttl', 0, { doc: 'TTL every write sets (SET ... PX); 0 = none. A `cache:` section sets it to its `ttl`' }),
  appendonly: boolean('appendonly', false, { doc: 'AOF with fsync every second: a restarted node keeps its data up to its last fsync; without it a restarted node comes back empty' }),
  elasticache: boolean('elasticache', false, { doc: 'ElastiCache Multi-AZ: replicas do not elect themselves; the managed control plane, once the cluster marks a primary FAIL, promotes its least-lagged replica' }),
  ecPollIntervalUs: duration('ec_poll_interval', 1 * S, { min: 1 * MS, doc: 'elasticache: how often the control plane polls every node for FAIL flags and replication offsets' }),
  ecPromotion: distribution('ec_promotion', { kind: 'uniform', low: 1 * S, high: 3 * S }, {
    doc: "elasticache: from choosing a replica to its takeover (AWS: 'typically just a few seconds'; modelling choice)",
  }),
  // ElastiCache Global Datastore (global-datastore.ts): AWS publishes cross-Region replication
  // under a second and a failover RTO of about a minute (docs/sources.md); the promotion's time
  // is a modelling choice under that.
  globalSecondaryAzs: anyRegionAzList('global_secondary_azs', {
    doc: 'ElastiCache Global Datastore: AZs, all in one region of `regions:` other than the first, of a read-only secondary cluster (one node per shard, in turn: global-1..), fed asynchronously by the shard primaries over the inter-region link; promote it with a `failover` of one of its nodes (default: none)',
  }),
  globalPromotion: distribution('global_promotion', { kind: 'uniform', low: 20 * S, high: 50 * S }, {
    doc: "global datastore failover: from the operator's request to the secondary region's control plane ordering its nodes to take writes (AWS: RTO about 1 minute; modelling choice)",
  }),
  cacheTimeoutUs: duration('cache_timeout', 100 * MS, { min: 1 * MS, doc: 'as a `cache:` only: how long the application waits for a cache command before it goes to the database without it' }),
});

export const redisOptions: OptionSchema = redisDeclared.schema;

/** Parsed options, typed and in internal units (microseconds, bytes), with the derived ones resolved. */
export type RedisOptions = Omit<OptionValues<typeof redisDeclared.fields>, 'azs'> & {
  azs: string[];
  /** clamp(node_timeout, rejoin_delay_min, rejoin_delay_max). */
  rejoinDelayUs: number;
};

export function readOptions(o: EngineOptions, regionAzs: readonly string[]): RedisOptions {
  const v = redisDeclared.values(o);
  return {
    ...v,
    azs: v.azs ?? [...regionAzs],
    failoverAuthTimeoutUs: v.failoverAuthTimeoutUs > 0 ? v.failoverAuthTimeoutUs : Math.max(2 * v.nodeTimeoutUs, 2 * S),
    rejoinDelayUs: Math.min(v.rejoinDelayMaxUs, Math.max(v.rejoinDelayMinUs, v.nodeTimeoutUs)),
  };
}

/** Cross-field checks. */
export function checkOptions(o: EngineOptions, homeAzs: readonly string[] = [], elsewhere?: ReadonlyMap<string, string>): OptionProblem[] {
  const v = redisDeclared.values(o);
  const problems: OptionProblem[] = [];
  const home = (v.globalSecondaryAzs ?? []).find((az) => homeAzs.includes(az));
  if (v.globalSecondaryAzs !== null && !v.elasticache) problems.push({ option: 'global_secondary_azs', message: 'a Global Datastore is an ElastiCache feature: set elasticache: true' });
  if (home !== undefined) problems.push({ option: 'global_secondary_azs', message: `\`${home}\` is in the primary cluster's region: a Global Datastore's secondary cluster is in another region of \`regions:\`` });
  const secondaryRegions = [...new Set((v.globalSecondaryAzs ?? []).map((az) => elsewhere?.get(az) ?? ''))];
  if (home === undefined && secondaryRegions.length > 1) problems.push({ option: 'global_secondary_azs', message: `the secondary cluster is in one region: these AZs are in ${secondaryRegions.join(' and ')}` });
  if (v.waitReplicas > v.replicasPerShard) {
    problems.push({ option: 'wait_replicas', message: `WAIT ${v.waitReplicas} can never be met with ${v.replicasPerShard} replica(s) per shard` });
  }
  if (v.elasticache && v.replicasPerShard < 1) {
    problems.push({ option: 'elasticache', message: 'ElastiCache Multi-AZ automatic failover needs at least one replica per shard (replicas_per_shard >= 1)' });
  }
  if (v.rejoinDelayMinUs > v.rejoinDelayMaxUs) {
    problems.push({ option: 'rejoin_delay_min', message: 'must not be longer than rejoin_delay_max' });
  }
  if (v.cronIntervalUs * 2 > v.nodeTimeoutUs) {
    problems.push({ option: 'cron_interval', message: 'must be at most half of node_timeout, or PFAIL and reconnections cannot be timed' });
  }
  return problems;
}
