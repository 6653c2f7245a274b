// The DynamoDB engine's options: every mechanism a documented knob with a default. AWS publishes
// no heartbeat, election or lease durations (REFERENCE-FIGURES.md N5.2): the defaults here are
// modelling choices that land on what is published: a new leader "waits for the old leader's
// lease to expire", which "only takes a couple of seconds" (#39); eventual reads converge
// "usually within one second or less" (#58). Capacity defaults follow #46-#56.
// `capacity: { mode, rcu, wcu }` of the issue is flat here (capacity_mode, rcu, wcu): the option
// kinds of engines/engine.ts have no nested mapping.
// Leaves out: adaptive capacity and table classes (no option), per-partition placement choices.

import type { Distribution } from '../../sim/distribution.ts';
import type { EngineOptions, OptionProblem, OptionSchema, ServiceSpec } from '../engine.ts';
import { partitionsNeeded } from './capacity-math.ts';
import type { CapacityMode } from './admission.ts';

const MS = 1_000;
const S = 1_000_000;
const GB = 1024 ** 3;

export const dynamoOptions: OptionSchema = {
  partitions: {
    kind: 'integer',
    default: 0,
    min: 0,
    max: 4096,
    doc: 'partitions of the table; 0 = as many as the capacity and size need (per partition at most partition_max_rcu, partition_max_wcu, partition_max_size; on_demand sizes for twice the previous peak)',
  },
  capacity_mode: { kind: 'enum', default: 'on_demand', values: ['provisioned', 'on_demand'], doc: 'provisioned: RCU/WCU token buckets per partition with burst; on_demand: up to twice the previous peak at once' },
  rcu: { kind: 'number', default: 6000, min: 0, max: 1e8, doc: 'provisioned: the table\'s read capacity units; on_demand: its previous peak of RCU/s (6000 = a new table: 12,000 read units/s at once)' },
  wcu: { kind: 'number', default: 2000, min: 0, max: 1e8, doc: 'provisioned: the table\'s write capacity units; on_demand: its previous peak of WCU/s (2000 = a new table: 4,000 write units/s at once)' },
  table_size: { kind: 'size', default: 1 * GB, min: 0, max: 1024 ** 5, doc: 'data in the table (only sets the derived partition count)' },
  partition_max_size: { kind: 'size', default: 10 * GB, min: 1024 ** 2, max: 1024 ** 4, doc: 'most data one partition holds' },
  partition_max_rcu: { kind: 'number', default: 3000, min: 1, max: 1e6, doc: 'most RCU/s one partition serves, bursting or not' },
  partition_max_wcu: { kind: 'number', default: 1000, min: 1, max: 1e6, doc: 'most WCU/s one partition serves, bursting or not' },
  burst_window: { kind: 'duration', default: 300 * S, doc: 'provisioned: unused capacity is kept this long for bursts' },
  on_demand_scale_delay: { kind: 'duration', default: 30 * 60 * S, doc: 'on_demand: a new peak raises the limit (twice the peak) only this long after it was seen' },
  transactional: { kind: 'boolean', default: false, doc: 'every operation is a single-item transaction: twice the capacity, reads served by the leader' },
  replica_azs: { kind: 'az-list', default: null, doc: 'the 3 AZs of each partition\'s replicas (default: the region\'s first 3)' },
  storage_nodes_per_az: { kind: 'integer', default: 2, min: 1, max: 1000, doc: 'storage nodes in each AZ; partition replicas are spread over them' },
  routers_per_az: { kind: 'integer', default: 1, min: 1, max: 100, doc: 'request routers in each AZ; a client uses its own AZ\'s, and another after a timeout' },
  service: {
    kind: 'service',
    default: { workers: 8, time: { kind: 'exponential', mean: 100 } },
    doc: 'each storage node serves requests (of all its replicas) with these workers and service time',
  },
  router_service: {
    kind: 'service',
    default: { workers: 16, time: { kind: 'exponential', mean: 50 } },
    doc: 'each request router handles requests with these workers and service time',
  },
  wal_latency: { kind: 'distribution', default: { kind: 'lognormal', median: 300, p99: 1 * MS }, doc: 'time to make one log record durable on a storage node (records complete in order)' },
  apply_delay: {
    kind: 'distribution',
    default: { kind: 'lognormal', median: 5 * MS, p99: 50 * MS },
    doc: 'a follower applies a committed record to its B-tree this long after learning it committed (what eventual reads lag by)',
  },
  heartbeat: { kind: 'duration', default: 250 * MS, min: 1 * MS, doc: 'a leader sends heartbeats this often (local clock); each acknowledged one renews its lease' },
  election_timeout: { kind: 'duration', default: 1500 * MS, min: 1 * MS, doc: 'a follower that heard nothing from its leader this long (local clock) suspects it' },
  election_jitter: { kind: 'duration', default: 500 * MS, doc: 'random extra wait, up to this, before a follower acts on its suspicion (spreads candidates apart)' },
  lease: { kind: 'duration', default: 4 * S, min: 1 * MS, doc: 'a follower that acknowledged a heartbeat promises the leader this long (its local clock, from receipt); a new leader waits out the promises its voters report' },
  lease_margin: { kind: 'duration', default: 250 * MS, doc: 'the leader counts its lease this much shorter than the promise (from sending): clock jumps and drift within it are safe' },
  leader_check: { kind: 'boolean', default: true, doc: 'a suspecting follower first asks its peers whether they still see the leader, and drops the election if one does' },
  leader_check_timeout: { kind: 'duration', default: 200 * MS, min: 1 * MS, doc: 'how long a suspecting follower waits for its peers\' answers' },
  replica_recovery: { kind: 'distribution', default: { kind: 'uniform', low: 1 * S, high: 3 * S }, doc: 'a restarted replica process recovers from its local WAL and B-tree this long before it rejoins' },
  replication_retry: { kind: 'duration', default: 500 * MS, min: 1 * MS, doc: 'a leader probes a follower that acknowledged nothing this long' },
  router_timeout: { kind: 'duration', default: 500 * MS, min: 1 * MS, doc: 'a request router gives up on a storage node after this long (then rediscovers the leader, or tries another replica for eventual reads)' },
  router_suspect: { kind: 'duration', default: 5 * S, doc: 'a router avoids a replica that timed out for this long (eventual reads)' },
  dax: { kind: 'boolean', default: false, doc: 'clients read and write through a DAX cluster (one node per AZ): write-through item cache; strong and transactional reads pass through' },
  dax_ttl: { kind: 'duration', default: 5 * 60 * S, min: 1 * MS, doc: 'DAX item cache TTL' },
  dax_bypass: { kind: 'number', default: 0, min: 0, max: 1, doc: 'fraction of clients that write straight to DynamoDB, bypassing DAX (their writes leave DAX stale until the TTL)' },
  dax_service: { kind: 'service', default: { workers: 16, time: { kind: 'exponential', mean: 50 } }, doc: 'each DAX node handles requests with these workers and service time' },
};

/** Parsed options, typed and in internal units. */
export interface DynamoOptions {
  partitions: number;
  capacityMode: CapacityMode;
  rcu: number;
  wcu: number;
  tableSizeBytes: number;
  partitionMaxSizeBytes: number;
  partitionMaxRcu: number;
  partitionMaxWcu: number;
  burstWindowUs: number;
  onDemandScaleDelayUs: number;
  transactional: boolean;
  replicaAzs: string[];
  storageNodesPerAz: number;
  routersPerAz: number;
  service: ServiceSpec;
  routerService: ServiceSpec;
  walLatency: Distribution;
  applyDelay: Distribution;
  heartbeatUs: number;
  electionTimeoutUs: number;
  electionJitterUs: number;
  leaseUs: number;
  leaseMarginUs: number;
  leaderCheck: boolean;
  leaderCheckTimeoutUs: number;
  replicaRecovery: Distribution;
  replicationRetryUs: number;
  routerTimeoutUs: number;
  routerSuspectUs: number;
  dax: boolean;
  daxTtlUs: number;
  daxBypass: number;
  daxService: ServiceSpec;
}

/** Partitions the table gets: as set, or as its capacity and size need. */
function partitionCount(o: EngineOptions): number {
  const set = o.partitions as number;
  if (set > 0) return set;
  const scale = o.capacity_mode === 'on_demand' ? 2 : 1;
  return partitionsNeeded(scale * (o.rcu as number), scale * (o.wcu as number), o.table_size as number, {
    maxRcu: o.partition_max_rcu as number,
    maxWcu: o.partition_max_wcu as number,
    maxSizeBytes: o.partition_max_size as number,
  });
}

export function readOptions(o: EngineOptions, azs: readonly string[]): DynamoOptions {
  return {
    partitions: partitionCount(o),
    capacityMode: o.capacity_mode as CapacityMode,
    rcu: o.rcu as number,
    wcu: o.wcu as number,
    tableSizeBytes: o.table_size as number,
    partitionMaxSizeBytes: o.partition_max_size as number,
    partitionMaxRcu: o.partition_max_rcu as number,
    partitionMaxWcu: o.partition_max_wcu as number,
    burstWindowUs: o.burst_window as number,
    onDemandScaleDelayUs: o.on_demand_scale_delay as number,
    transactional: o.transactional as boolean,
    replicaAzs: (o.replica_azs as string[] | null) ?? azs.slice(0, 3),
    storageNodesPerAz: o.storage_nodes_per_az as number,
    routersPerAz: o.routers_per_az as number,
    service: o.service as ServiceSpec,
    routerService: o.router_service as ServiceSpec,
    walLatency: o.wal_latency as Distribution,
    applyDelay: o.apply_delay as Distribution,
    heartbeatUs: o.heartbeat as number,
    electionTimeoutUs: o.election_timeout as number,
    electionJitterUs: o.election_jitter as number,
    leaseUs: o.lease as number,
    leaseMarginUs: o.lease_margin as number,
    leaderCheck: o.leader_check as boolean,
    leaderCheckTimeoutUs: o.leader_check_timeout as number,
    replicaRecovery: o.replica_recovery as Distribution,
    replicationRetryUs: o.replication_retry as number,
    routerTimeoutUs: o.router_timeout as number,
    routerSuspectUs: o.router_suspect as number,
    dax: o.dax as boolean,
    daxTtlUs: o.dax_ttl as number,
    daxBypass: o.dax_bypass as number,
    daxService: o.dax_service as ServiceSpec,
  };
}

/** Cross-field checks: replica placement, timer ordering, and capacity the partitions can hold. */
export function checkOptions(o: EngineOptions, azs: readonly string[]): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const replicaAzs = (o.replica_azs as string[] | null) ?? azs.slice(0, 3);
  if (replicaAzs.length !== 3) {
    problems.push({ option: 'replica_azs', message: `each partition has 3 replicas in 3 different AZs: ${o.replica_azs === null ? `the region has only ${azs.length} AZ(s)` : `give 3 AZs, not ${replicaAzs.length}`}` });
  }
  const heartbeat = o.heartbeat as number;
  if ((o.election_timeout as number) <= heartbeat) problems.push({ option: 'election_timeout', message: `must be longer than the heartbeat (${heartbeat / MS} ms), or followers suspect a healthy leader` });
  if ((o.lease as number) <= heartbeat) problems.push({ option: 'lease', message: `must be longer than the heartbeat (${heartbeat / MS} ms), or the lease lapses between renewals` });
  if ((o.lease_margin as number) >= (o.lease as number) - heartbeat) problems.push({ option: 'lease_margin', message: 'must be shorter than the lease minus one heartbeat, or the leader never holds a lease' });
  if (o.capacity_mode === 'provisioned') {
    const set = o.partitions as number;
    const need = partitionsNeeded(o.rcu as number, o.wcu as number, 0, { maxRcu: o.partition_max_rcu as number, maxWcu: o.partition_max_wcu as number, maxSizeBytes: Infinity });
    if (set > 0 && set < need) {
      problems.push({ option: 'partitions', message: `${set} partition(s) cannot serve ${String(o.rcu)} RCU and ${String(o.wcu)} WCU at ${String(o.partition_max_rcu)} RCU / ${String(o.partition_max_wcu)} WCU each: at least ${need} are needed` });
    }
  }
  return problems;
}
