// What the estimate (estimate.ts) reads of each engine's typed options: how many replicas each
// write is replayed on, and the periods of the timers that fire on every node (health checks,
// heartbeats, crons, pings, polls), each read by its typed field through the engine's readOptions.
// Leaves out: timers that fire per operation (timeouts) and the engine's checkpoint interval (a
// background flush, not a per-node tick); an engine type not listed adds neither replicas nor timers.

import type { EngineOptions } from '../engines/engine.ts';
import { readOptions as auroraOptions } from '../engines/aurora/options.ts';
import { readOptions as dynamoOptions } from '../engines/dynamodb/options.ts';
import { readOptions as rdsOptions } from '../engines/rds/options.ts';
import { readOptions as redisOptions } from '../engines/redis/options.ts';

export interface EngineLoad {
  /** Replicas each write is replayed on. */
  replicas: number;
  /** Periods (us) of the timers every node runs, in the options' declaration order. */
  periodsUs: readonly number[];
}

type LoadOf = (o: EngineOptions, azs: readonly string[]) => EngineLoad;

const rds: LoadOf = (o, azs) => {
  const v = rdsOptions(o, azs);
  return { replicas: v.readReplicas, periodsUs: [v.healthCheckIntervalUs] };
};

const LOADS: Readonly<Record<string, LoadOf>> = {
  'rds-single-az': rds,
  'rds-multi-az': rds,
  'rds-multi-az-cluster': rds,
  aurora: (o, azs) => {
    const v = auroraOptions(o, azs);
    return { replicas: v.replicas, periodsUs: [v.quorumProbeIntervalUs, v.gossipIntervalUs, v.healthCheckIntervalUs, v.storageHealthCheckIntervalUs] };
  },
  dynamodb: (o, azs) => ({ replicas: 0, periodsUs: [dynamoOptions(o, azs).heartbeatUs] }),
  'redis-cluster': (o, azs) => {
    const v = redisOptions(o, azs);
    return { replicas: v.replicasPerShard, periodsUs: [v.cronIntervalUs, v.pingIntervalUs, v.replPingReplicaPeriodUs, v.ecPollIntervalUs] };
  },
};

export function engineLoad(type: string, o: EngineOptions, azs: readonly string[]): EngineLoad {
  return LOADS[type]?.(o, azs) ?? { replicas: 0, periodsUs: [] };
}

/** Timers per second on each node. */
export function ticksPerNodeS(load: EngineLoad): number {
  let perS = 0;
  for (const us of load.periodsUs) if (us > 0) perS += 1e6 / us;
  return perS;
}
