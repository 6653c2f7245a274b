// The RDS engine types, as registered factories.

import type { EngineFactory, OptionSchema } from '../engine.ts';
import { RdsCluster, type RdsType } from './cluster.ts';
import { rdsNodes } from './node-outline.ts';
import { checkPlacement, clusterOptions, multiAzOptions, singleAzOptions } from './options.ts';

function factory(type: RdsType, summary: string, roles: string[], options: OptionSchema): EngineFactory {
  return {
    type,
    summary,
    roles,
    labels: [],
    options,
    check: (o, azs) => checkPlacement(type, o, azs),
    create: (ctx, o) => new RdsCluster(type, ctx, o),
    nodesOf: (o, azs) => rdsNodes(type, o, azs),
    controlPlaneHost: () => 'rds-control-plane',
  };
}

export const rdsSingleAz = factory('rds-single-az', 'RDS Single-AZ: one instance on durable (EBS) storage; outage = detection + restart and crash recovery', ['writer', 'replica', 'proxy'], singleAzOptions);

export const rdsMultiAz = factory(
  'rds-multi-az',
  'RDS Multi-AZ DB instance: synchronous standby in another AZ (no reads), failover by promotion and a DNS flip',
  ['writer', 'standby', 'replica', 'proxy'],
  multiAzOptions,
);

export const rdsMultiAzCluster = factory(
  'rds-multi-az-cluster',
  'RDS Multi-AZ DB cluster: writer + 2 readable standbys in 3 AZs, semi-synchronous commit, reader endpoint',
  ['writer', 'reader', 'replica', 'proxy'],
  clusterOptions,
);
