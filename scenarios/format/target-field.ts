// Fault targets and partition sides. A target `{ node, role, az, shard, partition, index }`
// selects the nodes matching all its fields; a side is a list of AZ names, endpoint names (nodes
// or clients) and targets. Checked here: shapes, AZs against the region, roles against the
// engine's (and cache's) declared roles, shard/partition only where the engine has those labels.
// Leaves out: whether a target matches any node (the run wiring checks that once nodes exist).

import type { SideSpec, TargetSpec } from '../../sim/fault-spec.ts';
import type { RegionPlace } from '../../sim/regions.ts';
import { suggestion, unknownNameMessage } from './did-you-mean.ts';
import { describe, type Reader } from './field-reader.ts';
import type { SourceNode } from './yaml-source.ts';
import { CONTROL_PLANE_AZ, CONTROL_PLANE_AZ_REFUSAL } from '../../sim/faults/control-plane-az.ts';

/** What a target may name: the region's AZs, and the roles and labels of the engines in play. */
export interface TargetScope {
  /** Every AZ of every region. */
  azs: readonly string[];
  /** The regions, with `regions:`; absent with one region. */
  regions?: readonly RegionPlace[];
  roles: readonly string[];
  labels: readonly string[];
  /** Whether the engine has secondaries a `switchover` fault can switch to. */
  canSwitchover?: boolean;
  /** `aurora`, or `dynamodb with a dax cache`, for messages. */
  engines: string;
}

const TARGET_KEYS = ['node', 'role', 'az', 'shard', 'partition', 'index'] as const;
const LIKE = 'a target like { role: writer }, { node: NAME } or { az: az-a, role: replica, index: 0 }';

export function readTarget(r: Reader, node: SourceNode, scope: TargetScope): TargetSpec {
  const f = r.map(node, TARGET_KEYS, LIKE);
  if (f.keys().length === 0) r.fail(node, `expected ${LIKE}, got an empty mapping`);
  const t: TargetSpec = {};
  const n = f.get('node');
  if (n !== undefined) t.node = r.string(n, 'a node name');
  const role = f.get('role');
  if (role !== undefined) {
    const v = r.string(role, 'a role');
    if (!scope.roles.includes(v)) {
      r.fail(role, `unknown role \`${v}\`${suggestion(v, scope.roles)} (${scope.engines} has roles: ${scope.roles.join(', ')})`);
    }
    t.role = v;
  }
  const az = f.get('az');
  if (az !== undefined) {
    const v = r.string(az, 'an AZ name');
    if (v === CONTROL_PLANE_AZ) r.fail(az, CONTROL_PLANE_AZ_REFUSAL);
    if (!scope.azs.includes(v)) r.fail(az, unknownNameMessage('AZ', v, scope.azs));
    t.az = v;
  }
  for (const label of ['shard', 'partition'] as const) {
    const l = f.get(label);
    if (l === undefined) continue;
    if (!scope.labels.includes(label)) r.fail(l, `\`${label}\` does not apply to ${scope.engines} (it has no ${label}s)`);
    t[label] = r.integer(l, { min: 0 });
  }
  const index = f.get('index');
  if (index !== undefined) t.index = r.integer(index, { min: 0 });
  return t;
}

/** One side: a list of entries, or a single entry standing for a one-entry side (our addition). */
export function readSide(r: Reader, node: SourceNode, scope: TargetScope): SideSpec {
  const entries = node.kind === 'seq' ? node.items : [node];
  if (entries.length === 0) r.fail(node, 'a side needs at least one AZ, node name or target');
  return entries.map((e) => {
    if (e.kind === 'map') return readTarget(r, e, scope);
    if (e.kind === 'scalar' && (typeof e.value === 'string' || (typeof e.value === 'number' && e.raw !== undefined))) {
      const name = r.string(e);
      if (name.trim() === '') r.fail(e, 'expected an AZ name, a node name or a target, got an empty name');
      return name;
    }
    return r.fail(e, `expected an AZ name, a node name or a target like { role: writer }, got ${describe(e)}`);
  });
}

/** A list of sides, at least `min` and at most `max` of them. */
export function readSides(r: Reader, node: SourceNode, scope: TargetScope, min: number, max: number): SideSpec[] {
  const like = 'a list of sides like [[az-a], [az-b, az-c]]';
  const list = r.list(node, like);
  const count = list.items.length;
  if (count < min || count > max) {
    const want = min === max ? `exactly ${min}` : `at least ${min}`;
    r.fail(node, `expected ${want} sides, got ${count}`);
  }
  return list.items.map((side) => readSide(r, side, scope));
}

/**
 * A partition's sides must not overlap. Checked here by what is written (a name, or a target, on
 * two sides, or twice on one); the topology check then compares the nodes each side resolves to.
 */
export function checkDisjoint(r: Reader, node: SourceNode, sides: readonly SideSpec[]): void {
  const list = r.list(node);
  const seen = new Map<string, number>();
  sides.forEach((side, i) => {
    const inSide = new Set<string>();
    side.forEach((entry, j) => {
      const k = typeof entry === 'string' ? entry : JSON.stringify(entry);
      const shown = typeof entry === 'string' ? `\`${entry}\`` : `the target ${k}`;
      const at = (list.items[i].kind === 'seq' ? list.items[i].items[j] : list.items[i]) ?? list.items[i];
      if (inSide.has(k)) r.fail(at, `${shown} is listed twice in side ${i + 1}`);
      inSide.add(k);
      const other = seen.get(k);
      if (other !== undefined) r.fail(at, `${shown} is on side ${other + 1} and side ${i + 1}; the sides of a partition must not overlap`);
      seen.set(k, i);
    });
  });
}
