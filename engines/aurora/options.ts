// The Aurora engine's options: every mechanism a documented knob with a default. The defaults are
// chosen so the published behaviour emerges from the sum of mechanisms (REFERENCE-FIGURES.md A):
//   failover with replicas = health-check detection + replica promotion (restart in writer mode,
//     then crash recovery by read quorum) + DNS propagation + the clients' DNS cache (< 60 s, often
//     < 30 s published);
//   failover without replicas = detection + re-creating the instance + engine start (< 10 min);
//   crash recovery = engine start + read-quorum recovery of the volume (< 10 s);
//   segment repair = segment size / repair bandwidth (10 GB at 10 Gbit/s, about 10 s).
// The volume is fixed at 6 copies per protection group, 2 in each of the region's first 3 AZs.
// Leaves out: a writer instance class (replicas' classes: instance-class.ts), Serverless, global databases, and promotion tiers other
// than 1 and 15 (a list of tiers needs an option kind the contract does not have).

import { AURORA_CLASSES } from './instance-class.ts';
import { az, azList, boolean, choiceList, defineOptions, distribution, duration, integer, rate, service, size } from '../engine.ts';
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
  repairBitsPerS: rate('repair_bandwidth', 10_000_000_000, { min: 1_000_000, max: 1e12, doc: 'bits per second one segment repair copies (10 Gbit/s: a 10 GB segment in 8.6 s)' }),
  replicaApply: distribution('replica_apply', { kind: 'exponential', mean: 50 }, {
    doc: "time a replica's apply thread spends per redo record (cache invalidation); lag grows as the write rate nears its capacity",
  }),
  lsnAllocationLimit: integer('lsn_allocation_limit', 10_000_000, {
    min: 1,
    max: 1_000_000_000,
    doc: 'LAL: no LSN is allocated above the durable point plus this (back-pressure); recovery truncates this range above it',
  }),
});

export const auroraOptions: OptionSchema = auroraDeclared.schema;

/** Parsed options, typed, with the AZs resolved against the region. */
export type AuroraOptions = Omit<OptionValues<typeof auroraDeclared.fields>, 'writerAz' | 'replicaAzs'> & {
  writerAz: string;
  replicaAzs: string[];
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
  };
}

/** Cross-field checks: the quorum rules, the volume's 3 AZs, and replica placement. */
export function checkOptions(o: EngineOptions, azs: readonly string[]): OptionProblem[] {
  const p = readOptions(o, azs);
  const problems: OptionProblem[] = [...quorumProblems(COPIES, p.writeQuorum, p.readQuorum)];
  if (azs.length < VOLUME_AZS) problems.push({ option: 'writer_az', message: `an Aurora volume keeps 2 copies in each of 3 AZs: the region has ${azs.length}` });
  if (p.lowPriorityReplicas > p.replicas) {
    problems.push({ option: 'low_priority_replicas', message: `${p.lowPriorityReplicas} low-priority replicas, but only ${p.replicas} replicas` });
  }
  if (p.replicaClasses.length > p.replicas) {
    problems.push({ option: 'replica_classes', message: `${p.replicaClasses.length} replica classes, but only ${p.replicas} replicas` });
  }
  return problems;
}
