// Resolving one FIS target against a scenario: the resources of its type (nodes, or AZs for
// subnets, or the one cluster / replication group), narrowed by ARNs or tags (through the tag
// map), filters and target parameters, then selected by selectionMode. COUNT(n) and PERCENT(n)
// draw from a stream of the scenario's seed, so the same scenario and seed select the same nodes.
// Leaves out: filter paths other than AZ, identifier and state ones (each is an error).

import { RngFactory } from '../../sim/rng.ts';
import type { Problems } from './fis-error.ts';
import { step } from './fis-error.ts';
import { eligibleNodes, type Inventory, type InventoryNode } from './inventory.ts';
import { scenarioAz, type Selector, type TagMap } from './tag-map.ts';
import { SELECTION, type FisTarget } from './template-shape.ts';

export type Resolved =
  | { kind: 'nodes'; nodes: InventoryNode[] }
  | { kind: 'azs'; azs: string[] }
  /** A DB cluster or replication group: `nodes` are its members (in the AZ, when one is named). */
  | { kind: 'group'; nodes: InventoryNode[]; az: string | null };

const AZ_PATHS = ['AvailabilityZone', 'Placement.AvailabilityZone'];
const ID_PATHS = ['DBInstanceIdentifier', 'InstanceId', 'Attachments.InstanceId'];
const STATE_PATHS = ['State.Name', 'DBInstanceStatus', 'State', 'Status'];
/** Every resource is up when the experiment starts. */
const UP_STATES = ['running', 'available', 'in-use'];

interface Item {
  id: string;
  matches(s: Selector): boolean;
  az: string | null;
}

const nodeMatches = (n: InventoryNode) => (s: Selector) =>
  (s.node === undefined || s.node === n.name) &&
  (s.role === undefined || n.roles.includes(s.role)) &&
  (s.az === undefined || s.az === n.az) &&
  (s.shard === undefined || String(n.labels.shard) === s.shard) &&
  (s.partition === undefined || String(n.labels.partition) === s.partition);

export function resolveTarget(inv: Inventory, map: TagMap, name: string, t: FisTarget, p: Problems): Resolved | null {
  const path = step('$.targets', name);
  const before = p.lines.length;
  const group = t.resourceType.startsWith('aws:elasticache:') || t.resourceType === 'aws:rds:cluster';
  const members = eligibleNodes(inv, t.resourceType);
  let items: Item[];
  if (t.resourceType === 'aws:ec2:subnet') {
    items = inv.azs.map((az) => ({ id: az, az, matches: (s: Selector) => s.node === undefined && s.role === undefined && (s.az === undefined || s.az === az) }));
  } else if (group) {
    items = members.length === 0 ? [] : [{ id: 'group', az: null, matches: (s: Selector) => members.some((n) => nodeMatches(n)(s)) }];
  } else {
    items = members.map((n) => ({ id: n.name, az: n.az, matches: nodeMatches(n) }));
  }
  if (items.length === 0) {
    p.add(step(path, 'resourceType'), `${t.resourceType}: this ${inv.scenario.engine.type} scenario has no such resource`);
    return null;
  }
  const az = (value: string, at: string): string | null => {
    const found = scenarioAz(map, value, inv.azs);
    if (found === null) p.add(at, `"${value}" names no AZ of this scenario (its AZs: ${inv.azs.join(', ')}; map others in the tag map's azs)`);
    return found;
  };

  if (t.resourceArns !== undefined) {
    const chosen = new Set<Item>();
    t.resourceArns.forEach((arn, i) => {
      const id = arn.split(/[:/]/).pop() ?? arn;
      const sel: Selector | undefined = map.resources.get(id) ?? map.resources.get(arn) ?? (group ? {} : inv.azs.includes(id) ? { az: id } : { node: id });
      const hit = items.filter((it) => it.matches(sel));
      if (hit.length === 0) p.add(step(step(path, 'resourceArns'), i), `unknown target: "${arn}" is no ${t.resourceType} of this scenario (name a node, or map "${id}" in the tag map's resources)`);
      for (const it of hit) chosen.add(it);
    });
    items = items.filter((it) => chosen.has(it));
  }
  for (const [key, value] of Object.entries(t.resourceTags ?? {})) {
    const at = step(step(path, 'resourceTags'), key);
    let sel = map.pairs.get(`${key}=${value}`);
    const field = map.keys.get(key);
    if (sel === undefined && field !== undefined) {
      const v = field === 'az' ? az(value, at) : value;
      if (v === null) continue;
      sel = { [field]: v };
    }
    if (sel === undefined) {
      p.add(at, `unknown target: the tag ${key}=${value} is not in the tag map (map it with --tags, or tag with ${[...map.keys.keys()].join(', ')})`);
      continue;
    }
    items = items.filter((it) => it.matches(sel));
  }
  // A cluster or replication group spans AZs: an AZ named for it says where the action strikes.
  let groupAz: string | null = null;
  (t.filters ?? []).forEach((f, i) => {
    const at = step(step(path, 'filters'), i);
    if (AZ_PATHS.includes(f.path)) {
      const wanted = f.values.map((v, j) => az(v, step(step(at, 'values'), j)));
      // Invariant: a group's action strikes one AZ (as availabilityZoneIdentifier names one).
      if (group && wanted.length !== 1) p.add(step(at, 'values'), `a ${t.resourceType} target takes one AZ here, got ${f.values.length}; make one experiment per AZ`);
      else if (group) groupAz = wanted[0];
      else items = items.filter((it) => it.az !== null && wanted.includes(it.az));
    } else if (ID_PATHS.includes(f.path)) items = items.filter((it) => f.values.includes(it.id));
    else if (STATE_PATHS.includes(f.path)) {
      if (!f.values.some((v) => UP_STATES.includes(v))) items = [];
    } else p.add(step(at, 'path'), `the filter path "${f.path}" is not modelled (Faultline knows ${[...AZ_PATHS, ...ID_PATHS, ...STATE_PATHS].join(', ')})`);
  });
  for (const [key, value] of Object.entries(t.parameters ?? {})) {
    const at = step(step(path, 'parameters'), key);
    if (key === 'availabilityZoneIdentifier') {
      const found = az(value, at);
      if (found === null) continue;
      if (group) groupAz = found;
      else items = items.filter((it) => it.az === found);
    } else if (key !== 'vpc') p.add(at, 'unknown target parameter (Faultline knows availabilityZoneIdentifier, and vpc, which it ignores: a scenario has one VPC)');
  }
  if (p.lines.length > before) return null;
  if (items.length === 0) {
    p.add(path, 'selects no resource of this scenario');
    return null;
  }
  const picked = select(inv, name, t.selectionMode, items);
  if (t.resourceType === 'aws:ec2:subnet') return { kind: 'azs', azs: picked.map((it) => it.id) };
  if (group) {
    const inAz = groupAz === null ? members : members.filter((n) => n.az === groupAz);
    return { kind: 'group', nodes: inAz, az: groupAz };
  }
  return { kind: 'nodes', nodes: members.filter((n) => picked.some((it) => it.id === n.name)) };
}

/** ALL, or n (or n% rounded down, at least one) drawn without replacement from the seed's stream. */
function select(inv: Inventory, name: string, mode: string, items: Item[]): Item[] {
  const m = SELECTION.exec(mode);
  if (m === null || m[1] === 'ALL') return items;
  const want = m[2] !== undefined ? Number(m[2]) : Math.max(1, Math.floor((items.length * Number(m[3])) / 100));
  const rng = new RngFactory(inv.scenario.seed).stream(`fis/target/${name}`);
  const pool = [...items];
  const out: Item[] = [];
  while (out.length < want && pool.length > 0) out.push(pool.splice(rng.int(pool.length), 1)[0]);
  // Invariant: the selection keeps the scenario's stable node order, whatever order it was drawn in.
  return items.filter((it) => out.includes(it));
}
