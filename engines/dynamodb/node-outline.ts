// DynamoDB's nodes, from the options alone: the storage hosts, each partition's replicas p<i>-<az>
// (the one in the partition's turn of the AZs leads from the start), the request routers, then
// the DAX nodes when DAX is on. table.ts builds its nodes from this list (names, AZs, starting
// roles, partitions), and fault targets are checked against it without building.
// A global table (global_table_azs) adds each replica region's storage hosts, replicas and
// routers after them, laid out the same way in that region's 3 AZs (so a one-region table's
// nodes are as before). AZ names are unique across regions, so node names are too.

import type { EngineOptions, NodeOutline } from '../engine.ts';
import { globalAzGroups, readOptions, type DynamoOptions } from './options.ts';

export function dynamoNodes(options: EngineOptions, azs: readonly string[]): NodeOutline[] {
  return dynamoOutline(readOptions(options, azs), azs);
}

/** The nodes of a table with these (read) options in a region of `azs`; replicas carry their `partition` label. */
export function dynamoOutline(o: Pick<DynamoOptions, 'replicaAzs' | 'storageNodesPerAz' | 'partitions' | 'routersPerAz' | 'dax' | 'globalTableAzs'>, azs: readonly string[]): NodeOutline[] {
  const out = regionOutline(o, o.replicaAzs, azs);
  if (o.dax) for (const az of azs) out.push({ name: `dax-${az}`, az, roles: ['dax'], labels: {} });
  for (const group of globalAzGroups(o)) out.push(...regionOutline(o, group, group));
  return out;
}

/** One region's copy of the table: storage hosts and replicas in `replicaAzs`, routers in `routerAzs`. */
export function regionOutline(o: Pick<DynamoOptions, 'storageNodesPerAz' | 'partitions' | 'routersPerAz'>, replicaAzs: readonly string[], routerAzs: readonly string[]): NodeOutline[] {
  const out: NodeOutline[] = [];
  for (const az of replicaAzs) for (let h = 0; h < o.storageNodesPerAz; h++) out.push({ name: `storage-${az}-${h + 1}`, az, roles: ['storage'], labels: {} });
  for (let p = 0; p < o.partitions; p++) {
    const leader = p % replicaAzs.length;
    replicaAzs.forEach((az, j) => out.push({ name: `p${p}-${az}`, az, roles: [j === leader ? 'leader' : 'follower'], labels: { partition: p } }));
  }
  for (const az of routerAzs) for (let i = 0; i < o.routersPerAz; i++) out.push({ name: `router-${az}-${i + 1}`, az, roles: ['router'], labels: {} });
  return out;
}
