// The RDS engines' options: every mechanism a documented knob with a default. The defaults are
// chosen so the published behaviour emerges from the sum of mechanisms (see README "Engines"):
// Multi-AZ instance failover = detection (health checks) + engine start and crash recovery on the
// standby + DNS propagation + the clients' DNS cache (60-120 s published); Multi-AZ DB cluster =
// detection + relay-log apply + promotion + DNS (under 35 s published).

import type { Distribution } from '../../sim/distribution.ts';
import { anyRegionAzList, az, azList, boolean, choice, clientPathOptions, defineOptions, distribution, duration, integer, service, size } from '../engine.ts';
import type { EngineOptions, OptionProblem, OptionSchema, OptionValues } from '../engine.ts';

import { CUSTOM_CLASS, INSTANCE_CLASSES, clusterFamilies, instanceClass } from './instance-class.ts';

const MS = 1_000;
const S = 1_000_000;

const common = {
  writerAz: az('writer_az', null, { doc: 'AZ of the writer (default: the first AZ)' }),
  service: service('service', { workers: 8, time: { kind: 'exponential', mean: 200 } }, {
    doc: 'each instance serves requests with these workers and this service time (CPU per request)',
  }),
  instanceClass: choice('instance_class', CUSTOM_CLASS, INSTANCE_CLASSES, {
    doc: 'the DB instance class (db.r6g.large, db.r6gd.xlarge, ...): one service worker per vCPU, in place of service.workers; custom: service sets them',
  }),
  storageLatency: distribution('storage_latency', { kind: 'lognormal', median: 600, p99: 2 * MS }, {
    doc: 'EBS write latency of one log sync (writes complete in order)',
  }),
  // MySQL with innodb_flush_log_at_trx_commit=1 and sync_binlog=1 (the RDS defaults) flushes the
  // redo log at prepare and then the binary log: two syncs in turn before a commit.
  logSyncs: integer('log_syncs', 2, {
    min: 1,
    max: 4,
    doc: 'log syncs one commit makes in turn (2: MySQL redo log and binary log; 1: PostgreSQL WAL)',
  }),
  healthCheckIntervalUs: duration('health_check_interval', 5 * S, { min: 1 * MS, doc: 'how often RDS health monitoring checks each instance' }),
  healthCheckTimeoutUs: duration('health_check_timeout', 2 * S, { min: 1 * MS, doc: 'a check with no answer within this fails' }),
  healthCheckFailures: integer('health_check_failures', 3, { min: 1, max: 100, doc: 'consecutive failed checks that declare an instance failed' }),
  instanceStart: distribution('instance_start', { kind: 'uniform', low: 50 * S, high: 70 * S }, {
    doc: 'time for the database engine to start on a host (volume attach, process start), before crash recovery',
  }),
  checkpointIntervalUs: duration('checkpoint_interval', 300 * S, { min: 1 * MS, doc: 'redo written since the last checkpoint is replayed by crash recovery' }),
  redoReplayBytesPerS: size('redo_replay_rate', 20 * 1024 * 1024, { min: 1024, max: 100 * 1024 ** 3, doc: 'bytes of redo crash recovery replays per second' }),
  dnsTtlUs: duration('dns_ttl', 5 * S, { doc: 'TTL of the endpoint DNS records; clients cache answers this long' }),
  dnsPropagation: distribution('dns_propagation', { kind: 'uniform', low: 1 * S, high: 4 * S }, {
    doc: 'delay between the control plane deciding a DNS change and resolvers serving it',
  }),
  hostReplacementUs: duration('host_replacement', 600 * S, { doc: 'a host that stays down this long after detection is replaced (restarted elsewhere in its AZ)' }),
  readReplicas: integer('read_replicas', 0, { min: 0, max: 15, doc: 'asynchronous read replicas (reader endpoint; promote one with a `failover` fault)' }),
  replicaAzs: azList('replica_azs', null, { doc: 'AZs of the read replicas, in turn (default: the AZs after the writer\'s)' }),
  // A cross-region read replica is a read replica whose AZ is in another region of `regions:`: the
  // writer's stream reaches it over the inter-region link, so its lag is that delay plus apply.
  crossRegionReplicaAzs: anyRegionAzList('cross_region_replica_azs', {
    doc: 'AZs, each of any region of `regions:`, of asynchronous cross-region read replicas (xr-replica-1..), fed by the writer over the inter-region link; promote one with a `failover` fault for DR (default: none)',
  }),
  replicaApply: distribution('replica_apply', { kind: 'exponential', mean: 250 }, {
    doc: 'time a replica\'s single apply thread spends per replicated write (lag grows as the write rate nears its capacity)',
  }),
  replicationRetryUs: duration('replication_retry', 500 * MS, { min: 1 * MS, doc: 'a replication stream with unacknowledged data this long resends from the last acknowledged position' }),
  ...clientPathOptions,
};

const singleAz = defineOptions(common);

/** A deliberately unsafe switch, for showing that checks (tests, swarms) catch a broken engine. */
const unsafe = {
  promoteUnsyncedStandby: boolean('promote_unsynced_standby', false, {
    doc: 'UNSAFE, for testing only: turns off the in-sync check before promotion, so a standby or reader that lacks acknowledged writes can be promoted (and lose them)',
  }),
};

const multiAz = defineOptions({
  ...common,
  ...unsafe,
  standbyAz: az('standby_az', null, { doc: 'AZ of the synchronous standby (default: the AZ after the writer\'s)' }),
  standbyTimeoutUs: duration('standby_timeout', 10 * S, { min: 1 * MS, doc: 'the writer stops waiting for a standby that has not acknowledged for this long (and commits alone until it is back in sync)' }),
});

// The cluster's instances log to local NVMe SSDs (written through to EBS behind them, which no
// commit waits for): storage_latency (EBS) is not on their commit path.
const { storageLatency: _ebs, ...clusterCommon } = common;

const cluster = defineOptions({
  ...clusterCommon,
  ...unsafe,
  localStorageLatency: distribution('local_storage_latency', { kind: 'lognormal', median: 60, p99: 250 }, {
    doc: 'write latency of one log sync on an instance\'s local NVMe SSD (writes complete in order)',
  }),
  dbEngine: choice<'mysql' | 'postgres'>('engine', 'mysql', ['mysql', 'postgres'], {
    doc: 'the database engine, for its failover rule: mysql promotes once both readers applied their relay logs; postgres promotes the reader in sync with the least apply lag once it alone applied its log',
  }),
  readerAzs: azList('reader_azs', null, { doc: 'AZs of the two readable standbys (default: the two AZs other than the writer\'s)' }),
  semiSyncTimeoutUs: duration('semi_sync_timeout', 10 * S, { min: 1 * MS, doc: 'with no reader acknowledging for this long the writer falls back to asynchronous commits (MySQL rpl_semi_sync_master_timeout)' }),
  // MySQL rpl_semi_sync_master_target_apply_lag (default 120 s, 86400 s turns it off) and
  // PostgreSQL flow_control.target_standby_apply_lag (2 min) on RDS Multi-AZ DB clusters.
  flowControlTargetLagUs: duration('flow_control_target_lag', 120 * S, {
    min: 1 * MS,
    max: 86_400 * S,
    doc: 'a reader whose apply lag exceeds this makes the writer delay its commits until the lag is back under it (flow control); 86400s turns it off',
  }),
  promotion: distribution('promotion', { kind: 'uniform', low: 2 * S, high: 5 * S }, {
    doc: 'time to promote a reader once it has applied its relay log (stop replication, open for writes)',
  }),
});

export const singleAzOptions: OptionSchema = singleAz.schema;
export const multiAzOptions: OptionSchema = multiAz.schema;
export const clusterOptions: OptionSchema = cluster.schema;

/** Every field any of the three deployments declares (one it does not declare reads as its default). */
const every = defineOptions({ ...multiAz.fields, ...cluster.fields });

/** A deployment without a `promotion` option (no reader to promote) promotes at once. */
const INSTANT: Distribution = { kind: 'constant', value: 0 };

/** The three deployments this folder models (they differ only in topology). */
export type RdsType = 'rds-single-az' | 'rds-multi-az' | 'rds-multi-az-cluster';

/** Parsed options, typed, with the AZs resolved against the region. */
export type RdsOptions = Omit<OptionValues<typeof every.fields>, 'writerAz' | 'replicaAzs' | 'standbyAz' | 'readerAzs'> & {
  writerAz: string;
  replicaAzs: string[];
  standbyAz: string;
  readerAzs: string[];
};

/** AZs after `from` in region order, wrapping around. */
function azsAfter(azs: readonly string[], from: string): string[] {
  const i = azs.indexOf(from);
  return [...azs.slice(i + 1), ...azs.slice(0, i)];
}

export function readOptions(o: EngineOptions, azs: readonly string[]): RdsOptions {
  const v = every.values(o);
  const writerAz = v.writerAz ?? azs[0];
  const others = azsAfter(azs, writerAz);
  const cls = instanceClass(v.instanceClass);
  return {
    ...v,
    // A class sets the workers (one per vCPU); the service time stays the option's.
    service: cls === null ? v.service : { ...v.service, workers: cls.vcpus },
    writerAz,
    replicaAzs: v.replicaAzs ?? (others.length > 0 ? others : [writerAz]),
    standbyAz: v.standbyAz ?? others[0] ?? writerAz,
    readerAzs: v.readerAzs ?? others.slice(0, 2),
    promotion: cluster.fields.promotion.key in o ? v.promotion : INSTANT,
  };
}

/** Cross-field checks: a standby or readers in the writer's own AZ defeat the design. */
export function checkPlacement(type: string, o: EngineOptions, azs: readonly string[]): OptionProblem[] {
  const p = readOptions(o, azs);
  const problems: OptionProblem[] = [];
  if (azs.length < 2 && type !== 'rds-single-az') problems.push({ option: 'writer_az', message: `${type} needs at least 2 AZs in the region` });
  if (type === 'rds-multi-az' && p.standbyAz === p.writerAz) problems.push({ option: 'standby_az', message: 'the standby must be in another AZ than the writer' });
  // A topology-aware driver reads the topology of a cluster; a Multi-AZ instance's standby is not in one.
  if (p.clientPath === 'topology-aware' && type !== 'rds-multi-az-cluster') problems.push({ option: 'client_path', message: `topology-aware needs a cluster topology: use it with rds-multi-az-cluster or aurora, not ${type}` });
  if (type === 'rds-multi-az-cluster') {
    const cls = instanceClass(p.instanceClass);
    if (cls !== null && !cls.localNvme) problems.push({ option: 'instance_class', message: `a Multi-AZ DB cluster runs on classes with local NVMe storage (${clusterFamilies().join(', ')}), not ${p.instanceClass}` });
    if (p.readerAzs.length !== 2) problems.push({ option: 'reader_azs', message: 'a Multi-AZ DB cluster has exactly 2 readers: give 2 AZs' });
    else if (p.readerAzs.includes(p.writerAz) || p.readerAzs[0] === p.readerAzs[1]) problems.push({ option: 'reader_azs', message: 'the writer and the two readers must be in 3 different AZs' });
  }
  return problems;
}
