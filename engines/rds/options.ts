// The RDS engines' options: every mechanism a documented knob with a default. The defaults are
// chosen so the published behaviour emerges from the sum of mechanisms (see README "Engines"):
// Multi-AZ instance failover = detection (health checks) + engine start and crash recovery on the
// standby + DNS propagation + the clients' DNS cache (60-120 s published); Multi-AZ DB cluster =
// detection + relay-log apply + promotion + DNS (under 35 s published).

import type { Distribution } from '../../sim/distribution.ts';
import type { EngineOptions, OptionProblem, OptionSchema, ServiceSpec } from '../engine.ts';

const MS = 1_000;
const S = 1_000_000;

const common: OptionSchema = {
  writer_az: { kind: 'az', default: null, doc: 'AZ of the writer (default: the first AZ)' },
  service: {
    kind: 'service',
    default: { workers: 8, time: { kind: 'exponential', mean: 200 } },
    doc: 'each instance serves requests with these workers and this service time (CPU per request)',
  },
  storage_latency: {
    kind: 'distribution',
    default: { kind: 'lognormal', median: 600, p99: 2 * MS },
    doc: 'EBS write latency of one commit (writes complete in order)',
  },
  health_check_interval: { kind: 'duration', default: 5 * S, min: 1 * MS, doc: 'how often RDS health monitoring checks each instance' },
  health_check_timeout: { kind: 'duration', default: 2 * S, min: 1 * MS, doc: 'a check with no answer within this fails' },
  health_check_failures: { kind: 'integer', default: 3, min: 1, max: 100, doc: 'consecutive failed checks that declare an instance failed' },
  instance_start: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 50 * S, high: 70 * S },
    doc: 'time for the database engine to start on a host (volume attach, process start), before crash recovery',
  },
  checkpoint_interval: { kind: 'duration', default: 300 * S, min: 1 * MS, doc: 'redo written since the last checkpoint is replayed by crash recovery' },
  redo_replay_rate: { kind: 'size', default: 20 * 1024 * 1024, min: 1024, max: 100 * 1024 ** 3, doc: 'bytes of redo crash recovery replays per second' },
  dns_ttl: { kind: 'duration', default: 5 * S, doc: 'TTL of the endpoint DNS records; clients cache answers this long' },
  dns_propagation: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 1 * S, high: 4 * S },
    doc: 'delay between the control plane deciding a DNS change and resolvers serving it',
  },
  host_replacement: { kind: 'duration', default: 600 * S, doc: 'a host that stays down this long after detection is replaced (restarted elsewhere in its AZ)' },
  read_replicas: { kind: 'integer', default: 0, min: 0, max: 15, doc: 'asynchronous read replicas (reader endpoint; promote one with a `failover` fault)' },
  replica_azs: { kind: 'az-list', default: null, doc: 'AZs of the read replicas, in turn (default: the AZs after the writer\'s)' },
  replica_apply: {
    kind: 'distribution',
    default: { kind: 'exponential', mean: 250 },
    doc: 'time a replica\'s single apply thread spends per replicated write (lag grows as the write rate nears its capacity)',
  },
  replication_retry: { kind: 'duration', default: 500 * MS, min: 1 * MS, doc: 'a replication stream with unacknowledged data this long resends from the last acknowledged position' },
};

export const singleAzOptions: OptionSchema = common;

/** A deliberately unsafe switch, for showing that checks (tests, swarms) catch a broken engine. */
const unsafe: OptionSchema = {
  promote_unsynced_standby: {
    kind: 'boolean',
    default: false,
    doc: 'UNSAFE, for testing only: turns off the in-sync check before promotion, so a standby or reader that lacks acknowledged writes can be promoted (and lose them)',
  },
};

export const multiAzOptions: OptionSchema = {
  ...common,
  ...unsafe,
  standby_az: { kind: 'az', default: null, doc: 'AZ of the synchronous standby (default: the AZ after the writer\'s)' },
  standby_timeout: { kind: 'duration', default: 10 * S, min: 1 * MS, doc: 'the writer stops waiting for a standby that has not acknowledged for this long (and commits alone until it is back in sync)' },
};

export const clusterOptions: OptionSchema = {
  ...common,
  ...unsafe,
  reader_azs: { kind: 'az-list', default: null, doc: 'AZs of the two readable standbys (default: the two AZs other than the writer\'s)' },
  semi_sync_timeout: { kind: 'duration', default: 10 * S, min: 1 * MS, doc: 'with no reader acknowledging for this long the writer falls back to asynchronous commits (MySQL rpl_semi_sync_master_timeout)' },
  promotion: {
    kind: 'distribution',
    default: { kind: 'uniform', low: 2 * S, high: 5 * S },
    doc: 'time to promote a reader once it has applied its relay log (stop replication, open for writes)',
  },
};

/** The three deployments this folder models (they differ only in topology). */
export type RdsType = 'rds-single-az' | 'rds-multi-az' | 'rds-multi-az-cluster';

/** Parsed options, typed. */
export interface RdsOptions {
  writerAz: string;
  service: ServiceSpec;
  storageLatency: Distribution;
  healthCheckIntervalUs: number;
  healthCheckTimeoutUs: number;
  healthCheckFailures: number;
  instanceStart: Distribution;
  checkpointIntervalUs: number;
  redoReplayBytesPerS: number;
  dnsTtlUs: number;
  dnsPropagation: Distribution;
  hostReplacementUs: number;
  readReplicas: number;
  replicaAzs: string[];
  replicaApply: Distribution;
  replicationRetryUs: number;
  standbyAz: string;
  standbyTimeoutUs: number;
  readerAzs: string[];
  semiSyncTimeoutUs: number;
  promotion: Distribution;
  promoteUnsyncedStandby: boolean;
}

/** AZs after `az` in region order, wrapping around. */
function azsAfter(azs: readonly string[], az: string): string[] {
  const i = azs.indexOf(az);
  return [...azs.slice(i + 1), ...azs.slice(0, i)];
}

export function readOptions(o: EngineOptions, azs: readonly string[]): RdsOptions {
  const writerAz = (o.writer_az as string | null) ?? azs[0];
  const others = azsAfter(azs, writerAz);
  const get = <T>(k: string, fallback: T): T => (o[k] === undefined || o[k] === null ? fallback : (o[k] as T));
  return {
    writerAz,
    service: o.service as ServiceSpec,
    storageLatency: o.storage_latency as Distribution,
    healthCheckIntervalUs: o.health_check_interval as number,
    healthCheckTimeoutUs: o.health_check_timeout as number,
    healthCheckFailures: o.health_check_failures as number,
    instanceStart: o.instance_start as Distribution,
    checkpointIntervalUs: o.checkpoint_interval as number,
    redoReplayBytesPerS: o.redo_replay_rate as number,
    dnsTtlUs: o.dns_ttl as number,
    dnsPropagation: o.dns_propagation as Distribution,
    hostReplacementUs: o.host_replacement as number,
    readReplicas: o.read_replicas as number,
    replicaAzs: get<string[]>('replica_azs', others.length > 0 ? others : [writerAz]),
    replicaApply: o.replica_apply as Distribution,
    replicationRetryUs: o.replication_retry as number,
    standbyAz: get<string>('standby_az', others[0] ?? writerAz),
    standbyTimeoutUs: get<number>('standby_timeout', 10_000_000),
    readerAzs: get<string[]>('reader_azs', others.slice(0, 2)),
    semiSyncTimeoutUs: get<number>('semi_sync_timeout', 10_000_000),
    promotion: get<Distribution>('promotion', { kind: 'constant', value: 0 }),
    promoteUnsyncedStandby: get<boolean>('promote_unsynced_standby', false),
  };
}

/** Cross-field checks: a standby or readers in the writer's own AZ defeat the design. */
export function checkPlacement(type: string, o: EngineOptions, azs: readonly string[]): OptionProblem[] {
  const p = readOptions(o, azs);
  const problems: OptionProblem[] = [];
  if (azs.length < 2 && type !== 'rds-single-az') problems.push({ option: 'writer_az', message: `${type} needs at least 2 AZs in the region` });
  if (type === 'rds-multi-az' && p.standbyAz === p.writerAz) problems.push({ option: 'standby_az', message: 'the standby must be in another AZ than the writer' });
  if (type === 'rds-multi-az-cluster') {
    if (p.readerAzs.length !== 2) problems.push({ option: 'reader_azs', message: 'a Multi-AZ DB cluster has exactly 2 readers: give 2 AZs' });
    else if (p.readerAzs.includes(p.writerAz) || p.readerAzs[0] === p.readerAzs[1]) problems.push({ option: 'reader_azs', message: 'the writer and the two readers must be in 3 different AZs' });
  }
  return problems;
}
