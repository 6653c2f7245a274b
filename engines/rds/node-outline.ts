// RDS's nodes as cluster.ts lays them out, from the options alone: db-1 the writer, then the
// standby (Multi-AZ instance) or the readers (Multi-AZ cluster), then replica-1.. over their
// AZs. The control plane's host is not a node of the engine.

import type { EngineOptions, NodeOutline } from '../engine.ts';
import type { RdsType } from './cluster.ts';
import { readOptions } from './options.ts';

export function rdsNodes(type: RdsType, options: EngineOptions, azs: readonly string[]): NodeOutline[] {
  const o = readOptions(options, azs);
  const node = (name: string, az: string, role: string): NodeOutline => ({ name, az, roles: [role], labels: {} });
  const out = [node('db-1', o.writerAz, 'writer')];
  if (type === 'rds-multi-az') out.push(node('db-2', o.standbyAz, 'standby'));
  if (type === 'rds-multi-az-cluster') o.readerAzs.forEach((az, i) => out.push(node(`db-${i + 2}`, az, 'reader')));
  for (let i = 0; i < o.readReplicas; i++) out.push(node(`replica-${i + 1}`, o.replicaAzs[i % o.replicaAzs.length], 'replica'));
  return out;
}
