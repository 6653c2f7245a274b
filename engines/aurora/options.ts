// The Aurora engine's options: every mechanism a documented knob with a default. The defaults are
// chosen so the published behaviour emerges from the sum of mechanisms (REFERENCE-FIGURES.md A):
//   failover with replicas = health-check detection + replica promotion (restart in writer mode,
//     then crash recovery by read quorum) + DNS propagation + the clients' DNS cache (< 60 s, often
//     < 30 s published);
//   failover without replicas = detection + re-creating the instance + engine start (< 10 min);
//   crash recovery = engine start + read-quorum recovery of the volume (< 10 s);
//   segment repair = segment size / the fair share of the repair links it crosses (one 10 GB segment
//     alone at 10 Gbit/s, about 10 s; a whole node's segments share the links they cross).
// The volume is fixed at 6 copies per protection group, 2 in each of the region's first 3 AZs.
// Aurora Global Database (global_azs, global_readers, write_forwarding): secondary clusters in
// other regions of `regions:`, fed by storage-level replication (global-*.ts).
// Leaves out: a writer instance class (replicas' classes: instance-class.ts), and promotion tiers other
// than 1 and 15 (a list of tiers needs an option kind the contract does not have).

import { AURORA_CLASSES } from './instance-class.ts';
import { anyRegionAzList, az, azList, boolean, choiceList, clientPathOptions, defineOptions, distribution, duration, integer, number, rate, service, size } from '../engine.ts';
import type { EngineOptions, OptionProblem, OptionSchema, OptionValues } from '../engine.ts';
import { quorumProblems } from './quorum.ts';

const MS = 1_000;
const S = 1_000_000;
const MIN = 60 * S;

/** Copies of each protection group (V); the quorums are checked against it. */
export const COPIES = 6;
/** AZs the volume spans (2 copies in each). */
export const VOLUME_AZS = 3;

export const auroraDeclared = defineOptions({
  replicas: integer('replicas', 1, { min: 0, max: 15, doc: 'Aurora replicas sharing the volume (reader endpoint; failover targets)' }),
  writerAz: az('writer_az', null, { doc: 'AZ of the writer (default: the first AZ)' }),
  replicaAzs: azList('replica_azs', null, { doc: "AZs of the replicas, in turn (default: the AZs after the writer's)" }),
  lowPriorityReplicas: integer('low_priority_replicas', 0, {
    min: 0,
    max: 15,
    doc: 'the last N replicas get promotion tier 15 (the others tier 1): promoted only when no tier-1 replica is healthy',
  }),
  replicaClasses: choiceList('replica_classes', [], AURORA_CLASSES, {
    doc: 'instance classes of the replicas, in order (db.r6g.large, ...): each listed replica serves with one worker per vCPU, and a failover promotes the largest replica of the best tier; unlisted replicas keep service and count as the smallest',
  }),
  protectionGroups: integer('protection_groups', 16, { min: 1, max: 4096, doc: 'protection groups in the volume; each key maps to one by a stable hash' }),
  storageNodesPerAz: integer('storage_nodes_per_az', 4, { min: 2, max: 256, doc: 'storage nodes in each of the 3 volume AZs (a PG puts its 2 segments of an AZ on 2 of them)' }),
  writeQuorum: integer('write_quorum', 4, { min: 1, max: COPIES, doc: 'Vw: a redo record is durable once this many of its 6 segments persisted it' }),
  readQuorum: integer('read_quorum', 3, { min: 1, max: COPIES, doc: 'Vr: segments per PG crash recovery must hear from to find the durable point, and that must confirm the writer\'s epoch before it answers a read when writer_epoch_check is on' }),
  writerEpochCheck: boolean('writer_epoch_check', false, {
    doc: 'before each read the writer asks read_quorum segments of the PG that no newer writer epoch exists (a Raft read-index style backstop Aurora does not document: published Aurora reads a page from one segment; costs a storage round trip per read)',
  }),
  service: service('service', { workers: 8, time: { kind: 'exponential', mean: 200 } }, {
    doc: 'each instance (writer, replica) serves requests with these workers and this service time',
  }),
  storageService: service('storage_service', { workers: 4, time: { kind: 'exponential', mean: 30 } }, {
    doc: 'each storage node receives and queues a redo batch or a page read with these workers and this service time',
  }),
  persistLatency: distribution('persist_latency', { kind: 'lognormal', median: 250, p99: 1 * MS }, {
    doc: "a storage node's SSD write of a redo record (completions in order per node)",
  }),
  storageTimeoutUs: duration('storage_timeout', 100 * MS, { min: 1 * MS, doc: 'a storage request (read, recovery query, gossip) with no answer within this is retried elsewhere' }),
  writeQuorumTimeoutUs: duration('write_quorum_timeout', 500 * MS, {
    min: 1 * MS,
    doc: 'a redo record short of its write quorum this long makes the writer fail its pending writes and re-establish the volume by read quorum',
  }),
  quorumProbeIntervalUs: duration('quorum_probe_interval', 1 * S, { min: 1 * MS, doc: 'how often the writer probes the segments of a PG that lacks its write quorum' }),
  gossipIntervalUs: duration('gossip_interval', 500 * MS, { min: 1 * MS, doc: 'a segment with a hole in its log asks a peer segment for the missing records at least this often' }),
  healthCheckIntervalUs: duration('health_check_interval', 2 * S, { min: 1 * MS, doc: 'how often the control plane checks each instance' }),
  healthCheckTimeoutUs: duration('health_check_timeout', 1 * S, { min: 1 * MS, doc: 'a check with no answer within this fails' }),
  healthCheckFailures: integer('health_check_failures', 3, { min: 1, max: 100, doc: 'consecutive failed checks that declare an instance failed' }),
  promotion: distribution('promotion', { kind: 'uniform', low: 3 * S, high: 12 * S }, {
    doc: 'time for a replica to restart in writer mode once chosen, before its crash recovery of the volume',
  }),
  instanceStart: distribution('instance_start', { kind: 'uniform', low: 2 * S, high: 6 * S }, {
    doc: 'time for the database engine to start after a restart, before its crash recovery of the volume (redo is applied by storage, not replayed)',
  }),
  instanceReplacement: distribution('instance_replacement', { kind: 'uniform', low: 3 * MIN, high: 8 * MIN }, {
    doc: 'with no replica to promote, time to re-create the failed writer on a new host in its AZ',
  }),
  dnsTtlUs: duration('dns_ttl', 5 * S, { doc: 'TTL of the cluster and reader endpoint records; clients cache answers this long' }),
  dnsPropagation: distribution('dns_propagation', { kind: 'uniform', low: 1 * S, high: 4 * S }, {
    doc: 'delay between the control plane deciding a DNS change and resolvers serving it',
  }),
  storageHealthCheckIntervalUs: duration('storage_health_check_interval', 1 * S, { min: 1 * MS, doc: 'how often the storage control plane checks each storage node' }),
  storageHealthCheckTimeoutUs: duration('storage_health_check_timeout', 500 * MS, { min: 1 * MS, doc: 'a storage check with no answer within this fails' }),
  storageHealthCheckFailures: integer('storage_health_check_failures', 3, { min: 1, max: 100, doc: 'consecutive failed checks that declare a storage node failed (its segments lost)' }),
  storageReplaceAfterUs: duration('storage_replace_after', 10 * S, {
    doc: 'a storage node still failed this long after detection is replaced: its segments are re-replicated to other nodes of its AZ',
  }),
  segmentSizeBytes: size('segment_size', 10 * 1024 ** 3, { min: 1024 ** 2, max: 1024 ** 4, doc: 'size of a segment: what a repair copies' }),
  repairBitsPerS: rate('repair_bandwidth', 10_000_000_000, { min: 1_000_000, max: 1e12, doc: "each storage node's repair link, outbound and inbound: the segment copies through it share it fairly (10 Gbit/s: one 10 GB segment alone in 8.6 s)" }),
  replicaApply: distribution('replica_apply', { kind: 'exponential', mean: 50 }, {
    doc: "time a replica's apply thread spends per redo record (cache invalidation); lag grows as the write rate nears its capacity",
  }),
  serverless: boolean('serverless', false, {
    doc: 'Aurora Serverless v2: each instance\'s capacity in ACUs follows its load between serverless_min_acu and serverless_max_acu, and sets its service workers (acu_* time-series columns)',
  }),
  serverlessMinAcu: number('serverless_min_acu', 0.5, { min: 0, max: 256, doc: 'least capacity, in 0.5 ACU steps; 0 lets an idle instance pause (AWS: 0 where the engine version supports auto-pause, else 0.5)' }),
  serverlessMaxAcu: number('serverless_max_acu', 16, { min: 1, max: 256, doc: 'most capacity, in 0.5 ACU steps (AWS: up to 256, or 128 on older versions)' }),
  serverlessWorkersPerAcu: number('serverless_workers_per_acu', 2, { min: 0.1, max: 100, doc: 'service workers per ACU (an ACU is about 2 GiB of memory with its CPU): 4 ACUs serve like the default 8 workers' }),
  serverlessTargetUtilization: number('serverless_target_utilization', 0.7, { min: 0.05, max: 1, doc: 'the platform sizes capacity to run the last second\'s load at this utilisation of the workers (an assumption: AWS publishes no figure)' }),
  serverlessScaleUp: number('serverless_scale_up', 1, { min: 0.01, max: 100, doc: 'most capacity rises in a second, as a fraction of the current capacity (at least 0.5 ACU): the bigger the instance, the faster it grows, as AWS documents (the rate is an assumption)' }),
  serverlessScaleDown: number('serverless_scale_down', 0.1, { min: 0.01, max: 1, doc: 'most capacity falls in a second, as a fraction of the current capacity (at least 0.5 ACU; an assumption: AWS says scaling down is gradual)' }),
  serverlessAutoPauseAfterUs: duration('serverless_auto_pause_after', 5 * MIN, { min: 5 * MIN, max: 24 * 60 * MIN, doc: 'with serverless_min_acu 0, an instance idle this long pauses (AWS SecondsUntilAutoPause: 300 s to 1 day)' }),
  serverlessResumeUs: duration('serverless_resume', 15 * S, { doc: 'a paused instance with a request waiting resumes after this (AWS: about 15 seconds, about 30 after a day paused)' }),
  lsnAllocationLimit: integer('lsn_allocation_limit', 10_000_000, {
    min: 1,
    max: 1_000_000_000,
    doc: 'LAL: no LSN is allocated above the durable point plus this (back-pressure); recovery truncates this range above it',
  }),
  globalAzs: anyRegionAzList('global_azs', {
    doc: 'Aurora Global Database: the AZs of up to 5 secondary clusters, 3 per secondary region in turn (each group of 3 is one region other than the first of `regions:`): each secondary keeps its own volume over its 3 AZs, fed by storage-level replication from the primary over the inter-region link (default: none)',
  }),
  globalReaders: integer('global_readers', 1, { min: 1, max: 15, doc: 'read-only reader instances in each secondary cluster (secondary-<n>-reader-<i>, over its 3 AZs in turn)' }),
  writeForwarding: boolean('write_forwarding', false, {
    doc: 'a secondary region\'s clients send their writes to their region\'s readers, which forward them to the primary writer (eventual consistency: a read after a forwarded write may not see it); off: they write to the global writer endpoint across regions',
  }),
  ...clientPathOptions,
});

export const auroraOptions: OptionSchema = auroraDeclared.schema;

/** Parsed options, typed, with the AZs resolved against the region. */
export type AuroraOptions = Omit<OptionValues<typeof auroraDeclared.fields>, 'writerAz' | 'replicaAzs' | 'globalAzs'> & {
  writerAz: string;
  replicaAzs: string[];
  /** Each secondary cluster's 3 AZs (none without a global database). */
  secondaryAzs: string[][];
  /** The AZs the volume spans (the region's first three). */
  volumeAzs: string[];
};

/** AZs after `from` in region order, wrapping around. */
function azsAfter(azs: readonly string[], from: string): string[] {
  const i = azs.indexOf(from);
  return [...azs.slice(i + 1), ...azs.slice(0, i)];
}

export function readOptions(o: EngineOptions, azs: readonly string[]): AuroraOptions {
  const v = auroraDeclared.values(o);
  const writerAz = v.writerAz ?? azs[0];
  const others = azsAfter(azs, writerAz);
  return {
    ...v,
    writerAz,
    replicaAzs: v.replicaAzs ?? (others.length > 0 ? others : [writerAz]),
    volumeAzs: azs.slice(0, VOLUME_AZS),
    secondaryAzs: secondaryGroups(v.globalAzs ?? []),
  };
}

/** Most secondary regions of a global database (AWS: up to five). */
export const MAX_SECONDARIES = 5;

/** The listed global AZs in groups of 3, one group per secondary cluster. */
function secondaryGroups(list: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i + VOLUME_AZS <= list.length; i += VOLUME_AZS) out.push(list.slice(i, i + VOLUME_AZS));
  return out;
}

/** `global_azs` against the regions: groups of 3, each of one region other than the home one, each region once. */
function globalProblems(list: readonly string[] | null, o: AuroraOptions, regionOf?: ReadonlyMap<string, string>): OptionProblem[] {
  const option = 'global_azs';
  if (list === null) {
    return o.writeForwarding ? [{ option: 'write_forwarding', message: 'write forwarding is a global database\'s: it needs secondary clusters (global_azs)' }] : [];
  }
  if (list.length % VOLUME_AZS !== 0) return [{ option, message: `each secondary cluster lists its 3 AZs (its volume spans them): ${list.length} AZs is not a multiple of 3` }];
  if (list.length > MAX_SECONDARIES * VOLUME_AZS) return [{ option, message: `at most ${MAX_SECONDARIES} secondary regions (${MAX_SECONDARIES * VOLUME_AZS} AZs): ${list.length / VOLUME_AZS} given` }];
  if (o.clientPath !== 'dns') return [{ option: 'client_path', message: `a global database's clients reach it by DNS here (client_path: dns): ${o.clientPath} is not modelled with global_azs` }];
  if (o.serverless) return [{ option: 'serverless', message: 'Aurora Serverless v2 with a global database is not modelled: set serverless: false or drop global_azs' }];
  const seen: string[] = [];
  for (const group of o.secondaryAzs) {
    const regions = group.map((az) => regionOf?.get(az));
    if (regions.some((r) => r === undefined)) return [{ option, message: `the secondary AZs ${group.join(', ')} include an AZ of the primary's region: each group of 3 is a secondary region's` }];
    if (new Set(regions).size !== 1) return [{ option, message: `the secondary AZs ${group.join(', ')} span regions ${[...new Set(regions)].join(', ')}: each group of 3 is one region's` }];
    if (seen.includes(regions[0]!)) return [{ option, message: `region ${regions[0]} has two secondary clusters: one per region` }];
    seen.push(regions[0]!);
  }
  return [];
}

/** Cross-field checks: the quorum rules, the volume's 3 AZs, replica placement, and the global database's AZs. */
export function checkOptions(o: EngineOptions, azs: readonly string[], regionOf?: ReadonlyMap<string, string>): OptionProblem[] {
  const p = readOptions(o, azs);
  const problems: OptionProblem[] = [...quorumProblems(COPIES, p.writeQuorum, p.readQuorum)];
  if (azs.length < VOLUME_AZS) problems.push({ option: 'writer_az', message: `an Aurora volume keeps 2 copies in each of 3 AZs: the region has ${azs.length}` });
  if (p.lowPriorityReplicas > p.replicas) {
    problems.push({ option: 'low_priority_replicas', message: `${p.lowPriorityReplicas} low-priority replicas, but only ${p.replicas} replicas` });
  }
  for (const [option, acu] of [['serverless_min_acu', p.serverlessMinAcu], ['serverless_max_acu', p.serverlessMaxAcu]] as const) {
    if (!Number.isInteger(acu * 2)) problems.push({ option, message: `ACUs come in 0.5 steps: ${acu} is not one (e.g. ${Math.round(acu * 2) / 2})` });
  }
  if (p.serverlessMinAcu > p.serverlessMaxAcu) {
    problems.push({ option: 'serverless_min_acu', message: `the least capacity (${p.serverlessMinAcu} ACU) is above the most (serverless_max_acu ${p.serverlessMaxAcu} ACU)` });
  }
  if (p.replicaClasses.length > p.replicas) {
    problems.push({ option: 'replica_classes', message: `${p.replicaClasses.length} replica classes, but only ${p.replicas} replicas` });
  }
  problems.push(...globalProblems(auroraDeclared.values(o).globalAzs, p, regionOf));
  return problems;
}
