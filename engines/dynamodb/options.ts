// The DynamoDB engine's options: every mechanism a documented knob with a default. AWS publishes
// no heartbeat, election or lease durations (REFERENCE-FIGURES.md N5.2): the defaults here are
// modelling choices that land on what is published: a new leader "waits for the old leader's
// lease to expire", which "only takes a couple of seconds" (#39); eventual reads converge
// "usually within one second or less" (#58). Capacity defaults follow #46-#56.
// `capacity: { mode, rcu, wcu }` of the issue is flat here (capacity_mode, rcu, wcu): the option
// kinds of engines/engine.ts have no nested mapping.
// Leaves out: table classes (no option), per-partition placement choices.

import { anyRegionAzList, azList, boolean, choice, defineOptions, distribution, duration, integer, number, service, size } from '../engine.ts';
import type { EngineOptions, OptionProblem, OptionSchema, OptionValues } from '../engine.ts';
import { partitionsNeeded } from './capacity-math.ts';
import type { CapacityMode } from './admission.ts';

const MS = 1_000;
const S = 1_000_000;
const GB = 1024 ** 3;

const CAPACITY_MODES: readonly CapacityMode[] = ['provisioned', 'on_demand'];

export const dynamoDeclared = defineOptions({
  partitions: integer('partitions', 0, {
    min: 0,
    max: 4096,
    doc: 'partitions of the table; 0 = as many as the capacity and size need (per partition at most partition_max_rcu, partition_max_wcu, partition_max_size; on_demand sizes for twice the previous peak)',
  }),
  capacityMode: choice('capacity_mode', 'on_demand', CAPACITY_MODES, { doc: 'provisioned: RCU/WCU token buckets per partition with burst; on_demand: up to twice the previous peak at once' }),
  rcu: number('rcu', 6000, { min: 0, max: 1e8, doc: 'provisioned: the table\'s read capacity units; on_demand: its previous peak of RCU/s (6000 = a new table: 12,000 read units/s at once)' }),
  wcu: number('wcu', 2000, { min: 0, max: 1e8, doc: 'provisioned: the table\'s write capacity units; on_demand: its previous peak of WCU/s (2000 = a new table: 4,000 write units/s at once)' }),
  tableSizeBytes: size('table_size', 1 * GB, { min: 0, max: 1024 ** 5, doc: 'data in the table (only sets the derived partition count)' }),
  partitionMaxSizeBytes: size('partition_max_size', 10 * GB, { min: 1024 ** 2, max: 1024 ** 4, doc: 'most data one partition holds' }),
  partitionMaxRcu: number('partition_max_rcu', 3000, { min: 1, max: 1e6, doc: 'most RCU/s one partition serves, bursting or not' }),
  partitionMaxWcu: number('partition_max_wcu', 1000, { min: 1, max: 1e6, doc: 'most WCU/s one partition serves, bursting or not' }),
  burstWindowUs: duration('burst_window', 300 * S, { doc: 'provisioned: unused capacity is kept this long for bursts' }),
  adaptiveCapacity: boolean('adaptive_capacity', true, {
    doc: 'provisioned: a partition asked for more than its even share may use the table\'s unused provisioned capacity, up to its hard limits (AWS: on for every table; false models the static share alone)',
  }),
  adaptiveCapacityDelayUs: duration('adaptive_capacity_delay', 0, { doc: 'provisioned: a partition over its share is first boosted this long after its share first fell short, then at once (0 = instant, as AWS documents it)' }),
  splitForHeat: boolean('split_for_heat', true, {
    doc: 'a partition asked for at least split_for_heat_threshold of a hard limit every second for split_for_heat_after splits in two at the key that halves its traffic, each half with its own hard limits (AWS: on for every table; a single item cannot be split)',
  }),
  splitForHeatAfterUs: duration('split_for_heat_after', 5 * 60 * S, { min: 1 * S, doc: 'how long a partition stays near a hard limit before it splits for heat (AWS documents no figure: an assumption, see docs/sources.md)' }),
  splitForHeatThreshold: number('split_for_heat_threshold', 0.8, { min: 0.01, max: 10, doc: 'a second counts as hot when a partition is asked for at least this fraction of a hard limit (requests throttled included)' }),
  stream: boolean('stream', false, { doc: 'DynamoDB Streams on: each committed write becomes a stream record on its partition\'s shard, read by a Lambda-style consumer (stream_* time-series columns)' }),
  streamBatchSize: integer('stream_batch_size', 100, { min: 1, max: 10_000, doc: 'records the consumer takes per batch, at most (AWS Lambda: 100 by default, up to 10,000)' }),
  streamPollIntervalUs: duration('stream_poll_interval', 250 * MS, { min: 1 * MS, doc: 'how often the consumer polls an empty shard (AWS Lambda: 4 times a second)' }),
  streamInvokeUs: duration('stream_invoke_time', 20 * MS, { doc: 'the consumer function\'s time per batch, besides its time per record (your code: no AWS figure)' }),
  streamRecordUs: duration('stream_record_time', 1 * MS, { doc: 'the consumer function\'s time per record of a batch (your code: no AWS figure)' }),
  streamRetentionUs: duration('stream_retention', 24 * 3600 * S, { min: 1 * S, doc: 'stream records are kept this long, read or not (AWS: 24 hours)' }),
  gsiWcu: number('gsi_wcu', 0, {
    min: 0,
    max: 1e8,
    doc: 'a global secondary index with this provisioned WCU, fed asynchronously from every committed base write (0 = no GSI); too little throttles base writes (gsi_* time-series columns)',
  }),
  gsiPartitions: integer('gsi_partitions', 0, { min: 0, max: 4096, doc: 'partitions of the GSI; 0 = as many as gsi_wcu needs at partition_max_wcu each' }),
  gsiPropagationDelay: distribution('gsi_propagation_delay', { kind: 'uniform', low: 10 * MS, high: 500 * MS }, {
    doc: 'from a base write committing to its reaching the GSI partition (AWS: within a fraction of a second under normal conditions; the shape and bounds are an assumption)',
  }),
  gsiBacklogLimitUs: duration('gsi_backlog_limit', 1 * S, {
    min: 1 * MS,
    doc: 'a GSI partition holding unapplied writes worth more than this long of its WCU throttles the base writes that would land on it (AWS documents the throttling, not the bound)',
  }),
  lsis: integer('lsis', 0, {
    min: 0,
    max: 5,
    doc: 'local secondary indexes (projecting the whole item): each base write also writes every LSI, on the same partition and from the base table\'s WCU (AWS: up to 5 per table)',
  }),
  queryIndex: choice('query_index', 'auto', ['auto', 'gsi', 'lsi'], {
    doc: 'which index a query by index key (mix query) reads: the GSI (eventual: its asynchronously applied copy), or an LSI (on the base partition, updated with the item: the read_consistency of the workload, charged as a read); auto = the GSI when there is one, else an LSI',
  }),
  itemWrites: choice('item_writes', 'overwrite', ['overwrite', 'append'], {
    doc: 'how the application writes a key: overwrite (the key is one item, each write replaces it) or append (the key is a partition key; each write adds an item with a new sort key, and a read queries the newest), which grows the key\'s item collection',
  }),
  itemCollectionLimitBytes: size('item_collection_limit', 10 * GB, {
    min: 1024,
    max: 1024 ** 4,
    doc: 'with lsis: the most an item collection (a partition key\'s items and their LSI entries) may hold; a write that would pass it is refused (AWS: ItemCollectionSizeLimitExceededException at 10 GB)',
  }),
  itemCollectionStartBytes: size('item_collection_start', 0, { min: 0, max: 1024 ** 4, doc: 'what each key\'s item collection holds when the run starts (items written before it, LSI entries included)' }),
  onDemandScaleDelayUs: duration('on_demand_scale_delay', 30 * 60 * S, { doc: 'on_demand: a new peak raises the limit (twice the peak) only this long after it was seen' }),
  transactional: boolean('transactional', false, { doc: 'every operation is a single-item transaction: twice the capacity, reads served by the leader' }),
  replicaAzs: azList('replica_azs', null, { doc: 'the 3 AZs of each partition\'s replicas (default: the region\'s first 3)' }),
  storageNodesPerAz: integer('storage_nodes_per_az', 2, { min: 1, max: 1000, doc: 'storage nodes in each AZ; partition replicas are spread over them' }),
  routersPerAz: integer('routers_per_az', 1, { min: 1, max: 100, doc: 'request routers in each AZ; a client uses its own AZ\'s, and another after a timeout' }),
  service: service('service', { workers: 8, time: { kind: 'exponential', mean: 100 } }, { doc: 'each storage node serves requests (of all its replicas) with these workers and service time' }),
  routerService: service('router_service', { workers: 16, time: { kind: 'exponential', mean: 50 } }, { doc: 'each request router handles requests with these workers and service time' }),
  walLatency: distribution('wal_latency', { kind: 'lognormal', median: 300, p99: 1 * MS }, { doc: 'time to make one log record durable on a storage node (records complete in order)' }),
  applyDelay: distribution('apply_delay', { kind: 'lognormal', median: 5 * MS, p99: 50 * MS }, {
    doc: 'a follower applies a committed record to its B-tree this long after learning it committed (what eventual reads lag by)',
  }),
  heartbeatUs: duration('heartbeat', 250 * MS, { min: 1 * MS, doc: 'a leader sends heartbeats this often (local clock); each acknowledged one renews its lease' }),
  electionTimeoutUs: duration('election_timeout', 1500 * MS, { min: 1 * MS, doc: 'a follower that heard nothing from its leader this long (local clock) suspects it' }),
  electionJitterUs: duration('election_jitter', 500 * MS, { doc: 'random extra wait, up to this, before a follower acts on its suspicion (spreads candidates apart)' }),
  leaseUs: duration('lease', 4 * S, { min: 1 * MS, doc: 'a follower that acknowledged a heartbeat promises the leader this long (its local clock, from receipt); a new leader waits out the promises its voters report' }),
  leaseMarginUs: duration('lease_margin', 250 * MS, { doc: 'the leader counts its lease this much shorter than the promise (from sending): clock jumps and drift within it are safe' }),
  leaderCheck: boolean('leader_check', true, { doc: 'a suspecting follower first asks its peers whether they still see the leader, and drops the election if one does' }),
  leaderCheckTimeoutUs: duration('leader_check_timeout', 200 * MS, { min: 1 * MS, doc: 'how long a suspecting follower waits for its peers\' answers' }),
  replicaRecovery: distribution('replica_recovery', { kind: 'uniform', low: 1 * S, high: 3 * S }, { doc: 'a restarted replica process recovers from its local WAL and B-tree this long before it rejoins' }),
  replicationRetryUs: duration('replication_retry', 500 * MS, { min: 1 * MS, doc: 'a leader probes a follower that acknowledged nothing this long' }),
  logReplicas: boolean('log_replicas', true, {
    doc: 'a leader that lost two of its three storage replicas (silent for replication_retry) adds a log replica (WAL only, no B-tree) on another storage host, so writes reach 2 of 3 again',
  }),
  logReplicaDelayUs: duration('log_replica_delay', 2 * S, { doc: 'from a leader finding its quorum lost to its log replica accepting records (copying the recent log included; the ATC\'22 paper: a few seconds)' }),
  routerTimeoutUs: duration('router_timeout', 500 * MS, { min: 1 * MS, doc: 'a request router gives up on a storage node after this long (then rediscovers the leader, or tries another replica for eventual reads)' }),
  routerSuspectUs: duration('router_suspect', 5 * S, { doc: 'a router avoids a replica that timed out for this long (eventual reads)' }),
  // Global tables (only with `regions:`): each further region named by its 3 AZs holds a full
  // replica of the table; see global-replication.ts and strong-replication.ts.
  globalTableAzs: anyRegionAzList('global_table_azs', {
    doc: 'global tables: 3 AZs of each further region of `regions:` that holds a replica of the table (3 per region, in turn; its own partitions, leaders and routers); clients use their own region\'s replica (default: none, a one-region table)',
  }),
  globalConsistency: choice('global_consistency', 'eventual', ['eventual', 'strong'], {
    doc: 'global tables: eventual (MREC: asynchronous replication, last writer wins) or strong (MRSC: 3 regions, a write is acknowledged once durable in a second region; concurrent writes to an item conflict)',
  }),
  replicationPollIntervalUs: duration('replication_poll_interval', 250 * MS, { min: 1 * MS, doc: 'global tables (eventual): how often a partition\'s replication reader polls its stream when it found nothing to send' }),
  replicationBatchSize: integer('replication_batch_size', 1000, { min: 1, max: 100_000, doc: 'global tables: most stream records one replication batch carries to another region (AWS publishes none: a backlog drains at this many a batch)' }),
  replicationApplyUs: duration('replication_apply_time', 500 * MS, {
    doc: 'global tables (eventual): the replication service\'s own time per batch between reading the stream and sending it on (AWS publishes only the result, "typically within a second": a calibration, see docs/sources.md)',
  }),
  replicationTimeoutUs: duration('replication_timeout', 2 * S, { min: 1 * MS, doc: 'global tables: a batch (eventual) or a synchronous write (strong) unanswered this long by another region is retried (eventual) or counted as not accepted (strong)' }),
  dax: boolean('dax', false, { doc: 'clients read and write through a DAX cluster (one node per AZ): write-through item cache; strong and transactional reads pass through' }),
  daxTtlUs: duration('dax_ttl', 5 * 60 * S, { min: 1 * MS, doc: 'DAX item cache TTL' }),
  daxQueryTtlUs: duration('dax_query_ttl', 5 * 60 * S, { min: 1 * MS, doc: 'DAX query cache TTL (queries by index key); writes do not update the query cache, so a cached result can be this old (AWS default: 5 minutes)' }),
  daxBypass: number('dax_bypass', 0, { min: 0, max: 1, doc: 'fraction of clients that write straight to DynamoDB, bypassing DAX (their writes leave DAX stale until the TTL)' }),
  daxService: service('dax_service', { workers: 16, time: { kind: 'exponential', mean: 50 } }, { doc: 'each DAX node handles requests with these workers and service time' }),
});

export const dynamoOptions: OptionSchema = dynamoDeclared.schema;

/** Parsed options, typed and in internal units, with the derived ones resolved. */
export type DynamoOptions = Omit<OptionValues<typeof dynamoDeclared.fields>, 'replicaAzs' | 'queryIndex'> & { replicaAzs: string[]; queryIndex: 'gsi' | 'lsi' | 'none' };

type Declared = OptionValues<typeof dynamoDeclared.fields>;

/** Partitions the table gets: as set, or as its capacity and size need. */
/** GSI partitions: as set, or as gsi_wcu needs at the partition hard limit (0 without a GSI). */
function gsiPartitionCount(v: Declared): number {
  if (v.gsiWcu <= 0) return 0;
  return v.gsiPartitions > 0 ? v.gsiPartitions : Math.max(1, Math.ceil(v.gsiWcu / v.partitionMaxWcu));
}

function partitionCount(v: Declared): number {
  if (v.partitions > 0) return v.partitions;
  const scale = v.capacityMode === 'on_demand' ? 2 : 1;
  return partitionsNeeded(scale * v.rcu, scale * v.wcu, v.tableSizeBytes, {
    maxRcu: v.partitionMaxRcu,
    maxWcu: v.partitionMaxWcu,
    maxSizeBytes: v.partitionMaxSizeBytes,
  });
}

/** The index queries read: as set, or the GSI when there is one, else an LSI (none: no queries). */
function queryIndexOf(v: Declared): 'gsi' | 'lsi' | 'none' {
  if (v.queryIndex !== 'auto') return v.queryIndex as 'gsi' | 'lsi';
  return v.gsiWcu > 0 ? 'gsi' : v.lsis > 0 ? 'lsi' : 'none';
}

export function readOptions(o: EngineOptions, azs: readonly string[]): DynamoOptions {
  const v = dynamoDeclared.values(o);
  return { ...v, queryIndex: queryIndexOf(v), partitions: partitionCount(v), gsiPartitions: gsiPartitionCount(v), replicaAzs: v.replicaAzs ?? azs.slice(0, 3) };
}

/** Cross-field checks: replica placement, timer ordering, and capacity the partitions can hold. */
export function checkOptions(o: EngineOptions, azs: readonly string[], regionOf?: ReadonlyMap<string, string>): OptionProblem[] {
  const v = dynamoDeclared.values(o);
  const problems: OptionProblem[] = [];
  const replicaAzs = v.replicaAzs ?? azs.slice(0, 3);
  if (replicaAzs.length !== 3) {
    problems.push({ option: 'replica_azs', message: `each partition has 3 replicas in 3 different AZs: ${v.replicaAzs === null ? `the region has only ${azs.length} AZ(s)` : `give 3 AZs, not ${replicaAzs.length}`}` });
  }
  const heartbeat = v.heartbeatUs;
  if (v.electionTimeoutUs <= heartbeat) problems.push({ option: 'election_timeout', message: `must be longer than the heartbeat (${heartbeat / MS} ms), or followers suspect a healthy leader` });
  if (v.leaseUs <= heartbeat) problems.push({ option: 'lease', message: `must be longer than the heartbeat (${heartbeat / MS} ms), or the lease lapses between renewals` });
  if (v.leaseMarginUs >= v.leaseUs - heartbeat) problems.push({ option: 'lease_margin', message: 'must be shorter than the lease minus one heartbeat, or the leader never holds a lease' });
  if (v.capacityMode === 'provisioned') {
    const set = v.partitions;
    const need = partitionsNeeded(v.rcu, v.wcu, 0, { maxRcu: v.partitionMaxRcu, maxWcu: v.partitionMaxWcu, maxSizeBytes: Infinity });
    if (set > 0 && set < need) {
      problems.push({ option: 'partitions', message: `${set} partition(s) cannot serve ${String(v.rcu)} RCU and ${String(v.wcu)} WCU at ${String(v.partitionMaxRcu)} RCU / ${String(v.partitionMaxWcu)} WCU each: at least ${need} are needed` });
    }
  }
  if (v.gsiWcu <= 0 && v.gsiPartitions > 0) problems.push({ option: 'gsi_partitions', message: 'needs a GSI: set gsi_wcu too' });
  if (v.queryIndex === 'gsi' && v.gsiWcu <= 0) problems.push({ option: 'query_index', message: 'gsi needs a GSI: set gsi_wcu too' });
  if (v.queryIndex === 'lsi' && v.lsis <= 0) problems.push({ option: 'query_index', message: 'lsi needs an LSI: set lsis too' });
  if (v.itemCollectionStartBytes >= v.itemCollectionLimitBytes) problems.push({ option: 'item_collection_start', message: 'must be below item_collection_limit, or no write could ever be accepted' });
  problems.push(...checkGlobalTable(v, azs, regionOf));
  if (v.itemWrites === 'append' && v.globalTableAzs !== null) {
    problems.push({ option: 'item_writes', message: 'append is not modelled for a global table (each region would have to check the collections of the writes it replicates): use overwrite' });
  }
  return problems;
}

/** The replica regions' AZ triples of `global_table_azs`, in order (none for a one-region table). */
export function globalAzGroups(o: Pick<DynamoOptions, 'globalTableAzs'>): string[][] {
  const azs = o.globalTableAzs ?? [];
  const out: string[][] = [];
  for (let i = 0; i + 3 <= azs.length; i += 3) out.push(azs.slice(i, i + 3));
  return out;
}

/** Global tables: 3 AZs per replica region, each triple in one other region; MRSC needs 3 regions. */
function checkGlobalTable(v: Declared, azs: readonly string[], regionOf: ReadonlyMap<string, string> | undefined): OptionProblem[] {
  const list = v.globalTableAzs;
  if (list === null) return v.globalConsistency === 'strong' ? [{ option: 'global_consistency', message: 'strong (MRSC) is a global table mode: set global_table_azs (3 AZs in each of 2 other regions)' }] : [];
  const option = 'global_table_azs';
  if (list.length % 3 !== 0) return [{ option, message: `3 AZs per replica region (each partition has 3 replicas there), got ${list.length}` }];
  const seen = new Set<string>();
  for (const group of globalAzGroups({ globalTableAzs: list })) {
    const regions = group.map((az) => (azs.includes(az) ? 'the home region' : (regionOf?.get(az) ?? '?')));
    if (regions[0] === 'the home region') return [{ option, message: `\`${group[0]}\` is in the home region, which holds the table already: name AZs of the other regions` }];
    if (regions.some((r) => r !== regions[0])) return [{ option, message: `each 3 AZs in turn are one replica region's: ${group.join(', ')} are in ${[...new Set(regions)].join(' and ')}` }];
    if (seen.has(regions[0])) return [{ option, message: `region ${regions[0]} is named twice: a region holds one replica of the table` }];
    seen.add(regions[0]);
  }
  if (v.globalConsistency === 'strong' && seen.size !== 2) return [{ option: 'global_consistency', message: `strong (MRSC) needs exactly 3 regions (AWS: three replicas, or two and a witness): the home region and 2 others, got ${seen.size + 1}` }];
  if (v.dax) return [{ option: 'dax', message: 'DAX with global tables is not modelled: a DAX cluster would serve the home region only' }];
  if (v.gsiWcu > 0) return [{ option: 'gsi_wcu', message: 'a GSI with global tables is not modelled (each replica region would need its own)' }];
  return [];
}

/** A global table's replica regions (besides the home one): with the home region, what pause-replication may name. */
export function replicatedRegions(o: EngineOptions, regionOf: ReadonlyMap<string, string>): string[] {
  return globalAzGroups(dynamoDeclared.values(o)).map((g) => regionOf.get(g[0]) ?? g[0]);
}
