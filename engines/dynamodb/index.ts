// The DynamoDB engine type, as a registered factory. What it models and leaves out: table.ts and
// the header of each file in this folder.

import type { EngineFactory } from '../engine.ts';
import { checkOptions, dynamoOptions, replicatedRegions } from './options.ts';
import { DynamoTable } from './table.ts';
import { dynamoNodes } from './node-outline.ts';
import { daxCache } from './dax-cache.ts';

export const dynamodb: EngineFactory = {
  type: 'dynamodb',
  summary: 'DynamoDB table: hashed partitions, each a 3-AZ replica group with a leased leader; 2-of-3 durable writes; strong reads at the leader, eventual at any replica; RCU/WCU admission; optional DAX',
  roles: ['storage', 'leader', 'follower', 'router', 'dax'],
  labels: ['partition'],
  options: dynamoOptions,
  caches: [daxCache],
  check: checkOptions,
  replicatedRegions,
  create: (ctx, o) => new DynamoTable(ctx, o),
  nodesOf: dynamoNodes,
};
