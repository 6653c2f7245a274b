// The Aurora engine type, as a registered factory.

import type { EngineFactory } from '../engine.ts';
import { AuroraCluster } from './cluster.ts';
import { auroraNodes } from './node-outline.ts';
import { auroraDeclared, auroraOptions, checkOptions } from './options.ts';

export const aurora: EngineFactory = {
  type: 'aurora',
  summary: 'Aurora: writer + up to 15 replicas on a shared volume of protection groups (6 segments, 2 per AZ); commit at 4 of 6, recovery by 3 of 6; with global_azs, up to 5 secondary regions (Aurora Global Database)',
  roles: ['writer', 'replica', 'storage', 'proxy'],
  labels: [],
  options: auroraOptions,
  check: (o, azs, regionOf) => checkOptions(o, azs, regionOf),
  canSwitchover: (o) => (auroraDeclared.values(o).globalAzs ?? []).length > 0,
  create: (ctx, o) => new AuroraCluster(ctx, o),
  nodesOf: auroraNodes,
  controlPlaneHost: () => 'aurora-control-plane',
};
