// Every engine type the simulator knows, by its `engine.type` name.

import type { EngineFactory } from './engine.ts';
import { rdsMultiAz, rdsMultiAzCluster, rdsSingleAz } from './rds/index.ts';
import { dynamodb } from './dynamodb/index.ts';
import { aurora } from './aurora/index.ts';
import { redisCluster } from './redis/index.ts';
import { memcached } from './memcached/index.ts';

export const engineFactories: readonly EngineFactory[] = [rdsSingleAz, rdsMultiAz, rdsMultiAzCluster, dynamodb, aurora, redisCluster, memcached];

export function findEngine(type: string): EngineFactory | undefined {
  return engineFactories.find((f) => f.type === type);
}
