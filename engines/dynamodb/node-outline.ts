// DynamoDB's nodes as table.ts lays them out, from the options alone: the storage hosts, each
// partition's replicas p<i>-<az> (the one in the partition's turn of the AZs leads from the
// start), the request routers, then the DAX nodes when DAX is on.

import type { EngineOptions, NodeOutline } from '../engine.ts';
import { readOptions } from './options.ts';

export function dynamoNodes(options: EngineOptions, azs: readonly string[]): NodeOutline[] {
  const o = readOptions(options, azs);
  const out: NodeOutline[] = [];
  for (const az of o.replicaAzs) for (let h = 0; h < o.storageNodesPerAz; h++) out.push({ name: `storage-${az}-${h + 1}`, az, roles: ['storage'], labels: {} });
  for (let p = 0; p < o.partitions; p++) {
    const leader = p % o.replicaAzs.length;
    o.replicaAzs.forEach((az, j) => out.push({ name: `p${p}-${az}`, az, roles: [j === leader ? 'leader' : 'follower'], labels: { partition: p } }));
  }
  for (const az of azs) for (let i = 0; i < o.routersPerAz; i++) out.push({ name: `router-${az}-${i + 1}`, az, roles: ['router'], labels: {} });
  if (o.dax) for (const az of azs) out.push({ name: `dax-${az}`, az, roles: ['dax'], labels: {} });
  return out;
}
