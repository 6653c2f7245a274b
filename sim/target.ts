// Matching fault targets to nodes: a node matches when it has every field the target names
// (name, role, AZ, shard, partition); `index: i` then keeps the i-th match in stable order.
// Roles are read when this runs, so "writer" is whichever node is the writer at that moment.

import type { TargetSpec } from './faults/fault-kind.ts';

/** What a target is matched on: a running node, or a node as an engine lays it out before building. */
export interface TargetableNode {
  readonly name: string;
  readonly az: string;
  readonly roles: readonly string[];
  readonly labels: Readonly<Record<string, number>>;
}

export function matchTarget<N extends TargetableNode>(nodes: readonly N[], t: TargetSpec): N[] {
  const out: N[] = [];
  for (const n of nodes) {
    if (t.node !== undefined && n.name !== t.node) continue;
    if (t.role !== undefined && !n.roles.includes(t.role)) continue;
    if (t.az !== undefined && n.az !== t.az) continue;
    if (t.shard !== undefined && n.labels.shard !== t.shard) continue;
    if (t.partition !== undefined && n.labels.partition !== t.partition) continue;
    out.push(n);
  }
  if (t.index === undefined) return out;
  return t.index < out.length ? [out[t.index]] : [];
}

/** A human-readable form of a target: `role=writer,az=az-a`. */
export function describeTarget(t: TargetSpec): string {
  return Object.entries(t)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
