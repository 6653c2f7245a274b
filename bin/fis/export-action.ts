// One scenario fault as the FIS action that injects it (the inverse of import-plan.ts's
// mapping, docs/fis.md): the action id, its parameters, and a tag-based target, or the reason
// FIS cannot inject it. A target's tags (faultline:role, faultline:az, ...) must name exactly the
// nodes the fault strikes when the experiment starts, among the nodes the resource type names.
// Leaves out: az-outage, clock, latency, loss and region faults, one-way partitions, `index` targets,
// restarts of Redis nodes (FIS has no single action for them; each is reported).

import type { FaultKind, FaultSpec, SideSpec, TargetSpec } from '../../sim/fault-spec.ts';
import { formatDuration } from '../../scenarios/format/units.ts';
import { ACTIONS, type ResourceType } from './action-catalog.ts';
import { eligibleNodes, type Inventory, type InventoryNode } from './inventory.ts';
import { formatIsoDuration } from './iso-duration.ts';
import { READY_TAG, ROLE_TAG } from './tag-map.ts';
import type { FisTarget } from './template-shape.ts';

export interface ExportedAction {
  actionId: string;
  parameters: Record<string, string>;
  target: FisTarget | null;
}

const TAG_OF: Record<keyof Omit<TargetSpec, 'index'>, string> = {
  node: 'faultline:node',
  role: ROLE_TAG,
  az: 'faultline:az',
  shard: 'faultline:shard',
  partition: 'faultline:partition',
};

export function nodesOf(inv: Inventory, t: TargetSpec): InventoryNode[] {
  return inv.nodes.filter(
    (n) =>
      (t.node === undefined || t.node === n.name) &&
      (t.role === undefined || n.roles.includes(t.role)) &&
      (t.az === undefined || t.az === n.az) &&
      (t.shard === undefined || n.labels.shard === t.shard) &&
      (t.partition === undefined || n.labels.partition === t.partition),
  );
}

/** A target of `type` whose tags name the nodes of `t`, or a reason there is none. */
function tagTarget(inv: Inventory, type: ResourceType, t: TargetSpec): FisTarget | string {
  if (t.index !== undefined) return 'a target with `index` has no tag to name it (name the node instead: { node: NAME })';
  const tags: Record<string, string> = {};
  for (const [k, tag] of Object.entries(TAG_OF)) {
    const v = t[k as keyof typeof TAG_OF];
    if (v !== undefined) tags[tag] = String(v);
  }
  const struck = nodesOf(inv, t).map((n) => n.name);
  const named = nodesOf(inv, t).filter((n) => eligibleNodes(inv, type).includes(n)).map((n) => n.name);
  if (named.length === 0 || named.length !== struck.length) {
    const left = struck.filter((n) => !named.includes(n));
    return `${type} cannot name ${left.length > 0 ? left.join(', ') : 'any node it strikes'}`;
  }
  return { resourceType: type, resourceTags: tags, selectionMode: 'ALL' };
}

/** A duration parameter, or the reason it is out of the action's range. */
function durationOf(actionId: string, key: string, forUs: number | undefined): string | { error: string } {
  const rule = ACTIONS[actionId].parameters[key].duration!;
  if (forUs === undefined) return { error: `${actionId} needs a duration: give the fault a \`for\`` };
  if (forUs < rule.minUs || forUs > rule.maxUs) {
    return { error: `for: ${formatDuration(forUs)} is outside ${actionId}'s ${key} range ${formatIsoDuration(rule.minUs)}-${formatIsoDuration(rule.maxUs)}` };
  }
  return formatIsoDuration(forUs);
}

const isAzSide = (inv: Inventory, side: SideSpec) => side.every((e) => typeof e === 'string' && inv.azs.includes(e));

type Done = (actionId: string, target: FisTarget | string | null, parameters?: Record<string, string | { error: string }>) => ExportedAction | string;

/** What a kind's mapping is handed: the inventory, the engine type, and how to finish an action. */
interface ExportContext {
  inv: Inventory;
  engine: string;
  done: Done;
}

type KindExport<K extends FaultKind> = (f: Extract<FaultSpec, { kind: K }>, x: ExportContext) => ExportedAction | string;

/**
 * Each kind's mapping to its FIS action, over every kind of the registry (sim/faults/registry.ts):
 * a kind added there does not compile until it has an entry here, or null (FIS has no action).
 */
const EXPORTS: { readonly [K in FaultKind]: KindExport<K> | null } = {
  failover: (f, { inv, engine, done }) => {
    const writer = nodesOf(inv, f.target).every((n) => n.roles.includes('writer'));
    if (!writer) return 'FIS fails over a database from its writer only';
    if (engine === 'aurora' || engine === 'rds-multi-az-cluster') {
      return done('aws:rds:failover-db-cluster', { resourceType: 'aws:rds:cluster', resourceTags: { [READY_TAG.key]: READY_TAG.value }, selectionMode: 'ALL' });
    }
    if (engine === 'rds-multi-az') return done('aws:rds:reboot-db-instances', tagTarget(inv, 'aws:rds:db', f.target), { forceFailover: 'true' });
    return `FIS has no failover action for ${engine}`;
  },
  restart: (f, { inv, engine, done }) => {
    if (f.forUs !== undefined) return 'a reboot takes no duration: drop the restart\'s `for`';
    if (!engine.startsWith('rds-') && engine !== 'aurora') return `FIS reboots RDS and Aurora instances only, not ${engine} nodes`;
    return done('aws:rds:reboot-db-instances', tagTarget(inv, 'aws:rds:db', f.target));
  },
  crash: (f, { inv, engine, done }) => {
    const nodes = nodesOf(inv, f.target);
    const azs = [...new Set(nodes.map((n) => n.az))];
    const redisInOneAz = engine === 'redis-cluster' && azs.length === 1 && nodes.length > 0 && nodes.every((n) => n.service === 'redis');
    if (redisInOneAz && nodes.length === inv.nodes.filter((n) => n.service === 'redis' && n.az === azs[0]).length) {
      const id = 'aws:elasticache:replicationgroup-interrupt-az-power';
      const target: FisTarget = { resourceType: 'aws:elasticache:replicationgroup', resourceTags: { [READY_TAG.key]: READY_TAG.value }, parameters: { availabilityZoneIdentifier: azs[0] }, selectionMode: 'ALL' };
      return done(id, target, { duration: durationOf(id, 'duration', f.forUs) });
    }
    const id = 'aws:ec2:stop-instances';
    return done(id, tagTarget(inv, 'aws:ec2:instance', f.target), f.forUs === undefined ? {} : { startInstancesAfterDuration: durationOf(id, 'startInstancesAfterDuration', f.forUs) });
  },
  pause: (f, { inv, done }) => {
    const id = 'aws:ebs:pause-volume-io';
    return done(id, tagTarget(inv, 'aws:ec2:ebs-volume', f.target), { duration: durationOf(id, 'duration', f.forUs) });
  },
  partition: (f, { inv, engine, done }) => {
    const id = 'aws:network:disrupt-connectivity';
    if (f.oneWay) return 'FIS cuts a subnet\'s traffic both ways; a one-way partition has no action';
    const subnets = (azs: string[]): FisTarget => ({ resourceType: 'aws:ec2:subnet', resourceTags: { [READY_TAG.key]: READY_TAG.value }, filters: [{ path: 'AvailabilityZone', values: azs }], selectionMode: 'ALL' });
    const [a, b] = f.sides;
    const router = f.sides.length === 2 && b.length === 1 && typeof b[0] === 'object' && b[0].role === 'router' && engine === 'dynamodb';
    if (router) {
      const clientAzs = new Set<string>();
      for (const e of a) {
        const az = typeof e === 'string' ? (inv.clients.find((c) => c.name === e)?.az ?? inv.nodes.find((n) => n.name === e && n.service === 'dax')?.az) : undefined;
        if (az === undefined) return 'a partition from DynamoDB\'s routers maps to scope dynamodb only when its other side is clients and DAX nodes';
        clientAzs.add(az);
      }
      const azs = [...clientAzs].sort();
      const cut = [...inv.clients.filter((c) => azs.includes(c.az)).map((c) => c.name), ...inv.nodes.filter((n) => n.service === 'dax' && azs.includes(n.az)).map((n) => n.name)];
      if (cut.length !== a.length) return `scope dynamodb cuts every client and DAX node of ${azs.join(', ')}; this side names only some of them`;
      return done(id, subnets(azs), { duration: durationOf(id, 'duration', f.forUs), scope: 'dynamodb' });
    }
    if (!f.sides.every((s) => isAzSide(inv, s))) return 'FIS cuts whole subnets (AZs): a partition of nodes or roles has no action';
    const covered = f.sides.flat().length;
    const single = f.sides.filter((s) => s.length === 1);
    if (covered !== inv.azs.length || single.length < f.sides.length - 1) return 'FIS isolates chosen subnets from all the others: the sides must be single AZs and the rest of the region';
    const cut = (single.length === f.sides.length ? single.slice(0, -1) : single).map((s) => s[0] as string);
    return done(id, subnets(cut), { duration: durationOf(id, 'duration', f.forUs), scope: 'all' });
  },
  'az-outage': null,
  clock: null,
  latency: null,
  loss: null,
  // FIS's cross-region action cuts route tables of one region's subnets; Faultline's region kinds
  // are not mapped to it yet (the global features will say which resources it must target).
  'region-outage': null,
  'region-partition': null,
  // FIS has no global-database action: the RDS API's SwitchoverGlobalCluster and FailoverGlobalCluster (AllowDataLoss) do it.
  switchover: () => 'FIS has no action for a global database switchover: run the RDS API\'s SwitchoverGlobalCluster (or FailoverGlobalCluster with AllowDataLoss) from the experiment\'s SSM automation instead',
  // FIS pauses a whole global table's replication (every replica); its own duration is the
  // fault's `for`, and FIS's own up to 5 minutes before it bites is the fault's takes_effect_after.
  'pause-replication': (f, { engine, done }) => {
    if (engine !== 'dynamodb') return 'FIS pauses replication of DynamoDB global tables only';
    const id = 'aws:dynamodb:global-table-pause-replication';
    return done(id, { resourceType: 'aws:dynamodb:global-table', resourceTags: { [READY_TAG.key]: READY_TAG.value }, selectionMode: 'ALL' }, { duration: durationOf(id, 'duration', f.forUs) });
  },
};

export function exportAction(inv: Inventory, f: FaultSpec): ExportedAction | string {
  const done: Done = (actionId, target, parameters = {}) => {
    if (typeof target === 'string') return target;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parameters)) {
      if (typeof v !== 'string') return v.error;
      out[k] = v;
    }
    return { actionId, parameters: out, target };
  };
  // Invariant: EXPORTS[f.kind] is the entry for f's own kind (the mapped type pairs them; the cast only forgets which).
  const map = EXPORTS[f.kind] as KindExport<FaultKind> | null;
  if (map === null) return `FIS has no action for a fault of kind ${f.kind}`;
  return map(f as Extract<FaultSpec, { kind: FaultKind }>, { inv, engine: inv.scenario.engine.type, done });
}
