// Aurora's nodes as cluster.ts lays them out, from the options alone: the writer instance-1,
// the replicas instance-2.. over their AZs, then storage-<az>-<i> per volume AZ. The control
// plane's host is not a node of the engine (no fault target names it).

import type { EngineOptions, NodeOutline } from '../engine.ts';
import { readOptions } from './options.ts';

export function auroraNodes(options: EngineOptions, azs: readonly string[]): NodeOutline[] {
  const o = readOptions(options, azs);
  const out: NodeOutline[] = [{ name: 'instance-1', az: o.writerAz, roles: ['writer'], labels: {} }];
  for (let i = 0; i < o.replicas; i++) out.push({ name: `instance-${i + 2}`, az: o.replicaAzs[i % o.replicaAzs.length], roles: ['replica'], labels: {} });
  for (const az of o.volumeAzs) for (let i = 0; i < o.storageNodesPerAz; i++) out.push({ name: `storage-${az}-${i + 1}`, az, roles: ['storage'], labels: {} });
  return out;
}
