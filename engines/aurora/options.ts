// The Aurora engine's options: every mechanism a documented knob with a default. The defaults are
// chosen so the published behaviour emerges from the sum of mechanisms (REFERENCE-FIGURES.md A):
//   failover with replicas = health-check detection + replica promotion (restart in writer mode,
//     then crash recovery by read quorum) + DNS propagation + the clients' DNS cache (< 60 s, often
//     < 30 s published);
//   failover without replicas = detection + re-creating the instance + engine start (< 10 min);
//   crash recovery = engine start + read-quorum recovery of the volume (< 10 s);
//   segment repair = segment size / repair bandwidth (10 GB at 10 Gbit/s, about 10 s).
// The volume is fixed at 6 copies per protection group, 2 in each of the region's first 3 AZs.
// Leaves out: instance classes and sizes, Serverless, global databases, and promotion tiers other
// than 1 and 15 (a list of tiers needs an option kind the contract does not have).

import type { Distribution } from '../../sim/distribution.ts';
import type { EngineOptions, OptionProblem, OptionSchema, ServiceSpec } from '../engine.ts';
import { quorumProblems } from './quorum.ts';

const MS = 1_000;
const S = 1_000_000;
const MIN = 60 * S;

/** Copies of each protection group (V); the quorums are checked against it. */
export const COPIES = 6;
/** AZs the volume spans (2 copies in each). */
export const VOLUME_AZS = 3;

export const auroraOptions: OptionSchema = {
  replicas: { kind: 'integer', default: 1, min: 0, max: 15, doc: 'Aurora replicas sharing the volume (reader endpoint; failover targets)' },
  writer_az: { kind: 'az', default: null, doc: 'AZ of the writer (default: the first AZ)' },
  replica_azs: { kind: 'az-list', default: null, doc: "AZs of the replicas, in turn (default: the AZs after the writer's)" },
  low_priority_replicas: {
    kind: 'integer',
    default: 0,
    min: 0,
    max: 15,
    doc: 'the last N replicas get promotion tier 15 (the others tier 1): promoted only when no tier-1 replica is healthy',
  },
  protection_groups: { kind: 'integer', default: 16, min: 1, max: 4096, doc: 'protection groups in the volume; each key maps to one by a stable hash' },
  storage_nodes_per_az: { kind: 'integer', default: 4, min: 2, max: 256, doc: 'storage nodes in each of the 3 volume AZs (a PG puts its 2 segments of an AZ on 2 of them)' },
  write_quorum: { kind: 'integer', default: 4, min: 1, max: COPIES, doc: 'Vw: a redo record is durable once this many of its 6 segments persisted it' },
  read_quorum: { kind: 'integer', default: 3, min: 1, max: COPIES, doc: 'Vr: segments per PG crash recovery must hear from to find the durable point, and that must confirm the writer\'s epoch before it answers a read when writer_epoch_check is on' },
  writer_epoch_check: {
    kind: 'boolean',
    default: false,
    doc: 'before each read the writer asks read_quorum segments of the PG that no newer writer epoch exists (a Raft read-index style backstop Aurora does not document: published Aurora reads a page from one segment; costs a storage round trip per read)',
  },
  service: {
    kind: 'service',
    default: { workers: 8, time: { kind: 'exponential', mean: 200 } },
    doc: 'each instance (writer, replica) serves requests with these workers and this service time',
  },
  storage_service: {
    kind: 'service',
    default: { workers: 4, time: { kind: 'exponential', mean: 30 } },
    doc: 'each storage node receives and queues a redo batch or a page read with these workers and this service time',
  },
  persist_latency: {
    kind: 'distribution',
    default: { kind: 'lognormal', median: 250, p99: 1 * MS },
    doc: "a storage node's SSD write of a redo record (completions in order per node)",
  },
  storage_timeout: { kind: 'duration', default: 100 * MS, min: 1 * MS, doc: 'a storage request (read, recovery query, gossip) with no answer within this is retried elsewhere' },
  write_quorum_timeout: {
    kind: 'duration',
    default: 500 * MS,
    min: 1 * MS,
    doc: 'a redo record short of its write quorum this long makes the writer fail its pending writes and re-establish the volume by read quorum',
  },
  quorum_probe_interval: { kind: 'duration', default: 1 * S, min: 1 * MS, doc: 'how often the writer probes the segments of a PG that lacks its write quorum' },
  gossip_interval: { kind: 'duration', default: 500 * MS, min: 1 * MS, doc: 'a segment with a hole in its log asks a peer segment for the missing records at least this often' },
  health_check_interval: { kind: 'duration', default: 2 * S, min: 1 * MS, doc: 'how often the control plane checks each instance' },
  health_check_timeout: { kind: 'duration', default: 1 * S, min: 1 * MS, doc: 'a check with no answer within this fails' },
  health_check_failures: { kind: 'integer', default: 3, min: 1, max: 100, doc: 'consecutive failed checks that declare an instance failed' },
  promotion: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 3 * S, high: 12 * S },
    doc: 'time for a replica to restart in writer mode once chosen, before its crash recovery of the volume',
  },
  instance_start: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 2 * S, high: 6 * S },
    doc: 'time for the database engine to start after a restart, before its crash recovery of the volume (redo is applied by storage, not replayed)',
  },
  instance_replacement: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 3 * MIN, high: 8 * MIN },
    doc: 'with no replica to promote, time to re-create the failed writer on a new host in its AZ',
  },
  dns_ttl: { kind: 'duration', default: 5 * S, doc: 'TTL of the cluster and reader endpoint records; clients cache answers this long' },
  dns_propagation: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 1 * S, high: 4 * S },
    doc: 'delay between the control plane deciding a DNS change and resolvers serving it',
  },
  storage_health_check_interval: { kind: 'duration', default: 1 * S, min: 1 * MS, doc: 'how often the storage control plane checks each storage node' },
  storage_health_check_timeout: { kind: 'duration', default: 500 * MS, min: 1 * MS, doc: 'a storage check with no answer within this fails' },
  storage_health_check_failures: { kind: 'integer', default: 3, min: 1, max: 100, doc: 'consecutive failed checks that declare a storage node failed (its segments lost)' },
  storage_replace_after: {
    kind: 'duration',
    default: 10 * S,
    doc: 'a storage node still failed this long after detection is replaced: its segments are re-replicated to other nodes of its AZ',
  },
  segment_size: { kind: 'size', default: 10 * 1024 ** 3, min: 1024 ** 2, max: 1024 ** 4, doc: 'size of a segment: what a repair copies' },
  repair_bandwidth: { kind: 'rate', default: 10_000_000_000, min: 1_000_000, max: 1e12, doc: 'bits per second one segment repair copies (10 Gbit/s: a 10 GB segment in 8.6 s)' },
  replica_apply: {
    kind: 'distribution',
    default: { kind: 'exponential', mean: 50 },
    doc: "time a replica's apply thread spends per redo record (cache invalidation); lag grows as the write rate nears its capacity",
  },
  lsn_allocation_limit: {
    kind: 'integer',
    default: 10_000_000,
    min: 1,
    max: 1_000_000_000,
    doc: 'LAL: no LSN is allocated above the durable point plus this (back-pressure); recovery truncates this range above it',
  },
};

/** Parsed options, typed. */
export interface AuroraOptions {
  replicas: number;
  writerAz: string;
  replicaAzs: string[];
  lowPriorityReplicas: number;
  protectionGroups: number;
  storageNodesPerAz: number;
  writeQuorum: number;
  readQuorum: number;
  writerEpochCheck: boolean;
  service: ServiceSpec;
  storageService: ServiceSpec;
  persistLatency: Distribution;
  storageTimeoutUs: number;
  writeQuorumTimeoutUs: number;
  quorumProbeIntervalUs: number;
  gossipIntervalUs: number;
  healthCheckIntervalUs: number;
  healthCheckTimeoutUs: number;
  healthCheckFailures: number;
  promotion: Distribution;
  instanceStart: Distribution;
  instanceReplacement: Distribution;
  dnsTtlUs: number;
  dnsPropagation: Distribution;
  storageHealthCheckIntervalUs: number;
  storageHealthCheckTimeoutUs: number;
  storageHealthCheckFailures: number;
  storageReplaceAfterUs: number;
  segmentSizeBytes: number;
  repairBitsPerS: number;
  replicaApply: Distribution;
  lsnAllocationLimit: number;
  /** The AZs the volume spans (the region's first three). */
  volumeAzs: string[];
}

/** AZs after `az` in region order, wrapping around. */
function azsAfter(azs: readonly string[], az: string): string[] {
  const i = azs.indexOf(az);
  return [...azs.slice(i + 1), ...azs.slice(0, i)];
}

export function readOptions(o: EngineOptions, azs: readonly string[]): AuroraOptions {
  const writerAz = (o.writer_az as string | null) ?? azs[0];
  const others = azsAfter(azs, writerAz);
  return {
    replicas: o.replicas as number,
    writerAz,
    replicaAzs: (o.replica_azs as string[] | null) ?? (others.length > 0 ? others : [writerAz]),
    lowPriorityReplicas: o.low_priority_replicas as number,
    protectionGroups: o.protection_groups as number,
    storageNodesPerAz: o.storage_nodes_per_az as number,
    writeQuorum: o.write_quorum as number,
    readQuorum: o.read_quorum as number,
    writerEpochCheck: o.writer_epoch_check as boolean,
    service: o.service as ServiceSpec,
    storageService: o.storage_service as ServiceSpec,
    persistLatency: o.persist_latency as Distribution,
    storageTimeoutUs: o.storage_timeout as number,
    writeQuorumTimeoutUs: o.write_quorum_timeout as number,
    quorumProbeIntervalUs: o.quorum_probe_interval as number,
    gossipIntervalUs: o.gossip_interval as number,
    healthCheckIntervalUs: o.health_check_interval as number,
    healthCheckTimeoutUs: o.health_check_timeout as number,
    healthCheckFailures: o.health_check_failures as number,
    promotion: o.promotion as Distribution,
    instanceStart: o.instance_start as Distribution,
    instanceReplacement: o.instance_replacement as Distribution,
    dnsTtlUs: o.dns_ttl as number,
    dnsPropagation: o.dns_propagation as Distribution,
    storageHealthCheckIntervalUs: o.storage_health_check_interval as number,
    storageHealthCheckTimeoutUs: o.storage_health_check_timeout as number,
    storageHealthCheckFailures: o.storage_health_check_failures as number,
    storageReplaceAfterUs: o.storage_replace_after as number,
    segmentSizeBytes: o.segment_size as number,
    repairBitsPerS: o.repair_bandwidth as number,
    replicaApply: o.replica_apply as Distribution,
    lsnAllocationLimit: o.lsn_allocation_limit as number,
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
  return problems;
}
