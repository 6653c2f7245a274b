// Aurora's nodes, from the options alone: the writer instance-1, the replicas instance-2.. over
// their AZs, then storage-<az>-<i> per volume AZ, then with `client_path: rds-proxy` a proxy-<az>
// per region AZ (sim/client-path.ts), then with a global database each secondary cluster's readers
// (secondary-<n>-reader-<i>) and storage nodes (storage-<az>-<i>, its 3 AZs). cluster.ts builds its nodes from this list
// (names, AZs, starting roles), and fault targets are checked against it without building. The
// control plane's host is not a node of the engine (no fault target names it by role).

import type { EngineOptions, NodeOutline } from '../engine.ts';
import { readOptions, type AuroraOptions } from './options.ts';
import { proxyOutline } from '../../sim/client-path.ts';

export function auroraNodes(options: EngineOptions, azs: readonly string[]): NodeOutline[] {
  const o = readOptions(options, azs);
  return [...auroraOutline(o), ...proxyOutline(o.clientPath, azs), ...o.secondaryAzs.flatMap((group, g) => secondaryOutline(o, group, g))];
}

/** Secondary cluster `g`'s nodes (0-based): its readers over its 3 AZs in turn, then its storage nodes AZ by AZ. */
export function secondaryOutline(o: Pick<AuroraOptions, 'globalReaders' | 'storageNodesPerAz'>, azs: readonly string[], g: number): NodeOutline[] {
  const out: NodeOutline[] = [];
  for (let i = 0; i < o.globalReaders; i++) out.push({ name: `secondary-${g + 1}-reader-${i + 1}`, az: azs[i % azs.length], roles: ['replica'], labels: {} });
  for (const az of azs) for (let i = 0; i < o.storageNodesPerAz; i++) out.push({ name: `storage-${az}-${i + 1}`, az, roles: ['storage'], labels: {} });
  return out;
}

/** The nodes of a cluster with these (read) options, instances first. */
export function auroraOutline(o: Pick<AuroraOptions, 'writerAz' | 'replicas' | 'replicaAzs' | 'volumeAzs' | 'storageNodesPerAz'>): NodeOutline[] {
  const out: NodeOutline[] = [{ name: 'instance-1', az: o.writerAz, roles: ['writer'], labels: {} }];
  for (let i = 0; i < o.replicas; i++) out.push({ name: `instance-${i + 2}`, az: o.replicaAzs[i % o.replicaAzs.length], roles: ['replica'], labels: {} });
  for (const az of o.volumeAzs) for (let i = 0; i < o.storageNodesPerAz; i++) out.push({ name: `storage-${az}-${i + 1}`, az, roles: ['storage'], labels: {} });
  return out;
}
