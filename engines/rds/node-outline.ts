// RDS's nodes from its options alone, the one place that lays them out: db-1 the writer, then the
// standby (Multi-AZ instance) or the readers (Multi-AZ cluster), then replica-1.. over their AZs,
// then with `client_path: rds-proxy` a proxy-<az> per region AZ (sim/client-path.ts).
// cluster.ts builds its instances from this list, and the fault-target check reads it without
// building anything. The control plane's host is not a node of the engine.

import type { EngineOptions, NodeOutline } from '../engine.ts';
import type { InstanceRole } from './control-messages.ts';
import { readOptions, type RdsOptions, type RdsType } from './options.ts';
import { proxyOutline } from '../../sim/client-path.ts';

/** One instance of the deployment as it starts: its node's name, AZ and role. */
export interface RdsNode {
  name: string;
  az: string;
  role: InstanceRole;
}

export function rdsInstances(type: RdsType, o: Pick<RdsOptions, 'writerAz' | 'standbyAz' | 'readerAzs' | 'readReplicas' | 'replicaAzs' | 'crossRegionReplicaAzs'>): RdsNode[] {
  const out: RdsNode[] = [{ name: 'db-1', az: o.writerAz, role: 'writer' }];
  if (type === 'rds-multi-az') out.push({ name: 'db-2', az: o.standbyAz, role: 'standby' });
  if (type === 'rds-multi-az-cluster') o.readerAzs.forEach((az, i) => out.push({ name: `db-${i + 2}`, az, role: 'reader' }));
  for (let i = 0; i < o.readReplicas; i++) out.push({ name: `replica-${i + 1}`, az: o.replicaAzs[i % o.replicaAzs.length], role: 'replica' });
  // Cross-region replicas come last, so a file without them lays out the same nodes as before.
  (o.crossRegionReplicaAzs ?? []).forEach((az, i) => out.push({ name: `xr-replica-${i + 1}`, az, role: 'replica' }));
  return out;
}

export function rdsNodes(type: RdsType, options: EngineOptions, azs: readonly string[]): NodeOutline[] {
  const o = readOptions(options, azs);
  return [...rdsInstances(type, o).map((n) => ({ name: n.name, az: n.az, roles: [n.role], labels: {} })), ...proxyOutline(o.clientPath, azs)];
}
