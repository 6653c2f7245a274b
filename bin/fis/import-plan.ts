// A FIS template as a plan on the scenario's timeline: when each action starts (after every
// action in its startAfter has finished; first ones at the experiment's start), how long it
// lasts, the resources it resolves to, and the engine faults that stand for it. The mapping
// (docs/fis.md) uses only fault kinds the engines have. Leaves out: stop conditions (the
// simulated drill runs to its end) and FIS's own delays (an action here starts on the microsecond).

import type { SideSpec, TargetSpec } from '../../sim/fault-spec.ts';
import { otherRegionAzs } from '../../sim/regions.ts';
import { findEngine } from '../../engines/registry.ts';
import type { DisruptionType } from '../../reports/policy/resiliency-policy.ts';
import { ACTIONS, type ActionRule } from './action-catalog.ts';
import { Problems, step } from './fis-error.ts';
import type { Inventory, InventoryNode } from './inventory.ts';
import { formatIsoDuration, parseIsoDuration } from './iso-duration.ts';
import { resolveTarget, type Resolved } from './resolve-target.ts';
import type { TagMap } from './tag-map.ts';
import type { FisTemplate } from './template-shape.ts';

export type PlannedFault =
  | { kind: 'crash' | 'pause' | 'restart' | 'failover'; target: TargetSpec; forUs?: number; disruption?: DisruptionType }
  | { kind: 'partition'; sides: SideSpec[]; forUs: number }
  | { kind: 'pause-replication'; region: string; forUs: number };

export interface PlannedAction {
  name: string;
  actionId: string;
  /** From the experiment's start. */
  startUs: number;
  lengthUs: number;
  /** The parameters as given, durations in microseconds. */
  parameters: Record<string, string | number>;
  /** Names of the nodes or AZs it strikes, sorted; empty for a wait. */
  strikes: string[];
  faults: PlannedFault[];
}

export interface Plan {
  actions: PlannedAction[];
  /** One warning per action skipped with --skip-unsupported. */
  warnings: string[];
}

export function planTemplate(t: FisTemplate, inv: Inventory, map: TagMap, file: string, skipUnsupported: boolean): Plan {
  const p = new Problems(file);
  const warnings: string[] = [];
  const lengths = new Map<string, number>();
  const params = new Map<string, Record<string, string | number>>();
  const supported = Object.keys(ACTIONS);
  for (const [name, a] of Object.entries(t.actions)) {
    const path = step('$.actions', name);
    const rule = ACTIONS[a.actionId];
    if (rule === undefined) {
      const line = `${file}: ${step(path, 'actionId')}: ${a.actionId} is not an action Faultline can rehearse (it rehearses ${supported.join(', ')})`;
      if (skipUnsupported) warnings.push(`${line}; skipped`);
      else p.lines.push(line);
      // A skipped action still takes its time, when it says how long.
      lengths.set(name, parseIsoDuration(a.parameters?.duration ?? '') ?? 0);
      continue;
    }
    const values = checkParameters(p, path, rule, a.parameters ?? {});
    params.set(name, values);
    lengths.set(name, rule.lengthParameter === null ? 0 : ((values[rule.lengthParameter] as number | undefined) ?? 0));
    const keys = Object.keys(a.targets ?? {});
    if (rule.targetKey === null && keys.length > 0) p.add(step(path, 'targets'), `${a.actionId} takes no targets`);
    if (rule.targetKey !== null && (keys.length !== 1 || keys[0] !== rule.targetKey)) {
      p.add(step(path, 'targets'), `${a.actionId} takes one target, under the key ${rule.targetKey}`);
    }
  }
  p.check();

  const starts = new Map<string, number>();
  const startOf = (name: string): number => {
    const known = starts.get(name);
    if (known !== undefined) return known;
    // Invariant: template-shape.ts refused every startAfter cycle, so this recursion ends.
    const after = t.actions[name].startAfter ?? [];
    const start = Math.max(0, ...after.map((n) => startOf(n) + (lengths.get(n) ?? 0)));
    starts.set(name, start);
    return start;
  };
  const resolved = new Map<string, Resolved | null>();
  const actions: PlannedAction[] = [];
  for (const [name, a] of Object.entries(t.actions)) {
    const rule = ACTIONS[a.actionId];
    if (rule === undefined) continue;
    const targetName = rule.targetKey === null ? undefined : a.targets?.[rule.targetKey];
    let r: Resolved | null = null;
    if (targetName !== undefined) {
      if (!resolved.has(targetName)) {
        const target = t.targets[targetName];
        const typePath = step(step('$.targets', targetName), 'resourceType');
        if (!rule.resourceTypes.includes(target.resourceType as never)) {
          p.add(typePath, `"${target.resourceType}" cannot be a target of ${a.actionId} (it takes ${rule.resourceTypes.join(', ')})`);
          resolved.set(targetName, null);
        } else resolved.set(targetName, resolveTarget(inv, map, targetName, target, p));
      }
      r = resolved.get(targetName) ?? null;
      if (r === null) continue;
    }
    const values = params.get(name) ?? {};
    const faults = r === null ? [] : faultsFor(p, step('$.actions', name), a.actionId, values, r, inv);
    const strikes = r === null ? [] : r.kind === 'azs' ? r.azs : r.nodes.map((n) => n.name);
    actions.push({ name, actionId: a.actionId, startUs: startOf(name), lengthUs: lengths.get(name) ?? 0, parameters: values, strikes: [...strikes].sort(), faults });
  }
  p.check();
  return { actions, warnings };
}

function checkParameters(p: Problems, path: string, rule: ActionRule, given: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(given)) {
    const at = step(step(path, 'parameters'), key);
    const r = rule.parameters[key];
    if (r === undefined) {
      const known = Object.keys(rule.parameters);
      p.add(at, `unknown parameter (this action takes ${known.length === 0 ? 'none' : known.join(', ')})`);
      continue;
    }
    if (r.duration !== undefined) {
      const us = parseIsoDuration(value);
      if (us === null) p.add(at, `"${value}" is not an ISO-8601 duration (like PT10M or PT1H30M)`);
      else if (us < r.duration.minUs || us > r.duration.maxUs) p.add(at, `${value} is outside the action's range ${formatIsoDuration(r.duration.minUs)}-${formatIsoDuration(r.duration.maxUs)}`);
      else out[key] = us;
    } else if (r.values !== undefined && !r.values.includes(value)) p.add(at, `"${value}" is not one of ${r.values.join(', ')}`);
    else out[key] = value;
  }
  for (const [key, r] of Object.entries(rule.parameters)) if (r.required && given[key] === undefined) p.add(step(path, 'parameters'), `${key} is required`);
  return out;
}

/** Per node, or one target for a whole AZ when the nodes are exactly that AZ's. */
export function compactTargets(nodes: readonly InventoryNode[], inv: Inventory): TargetSpec[] {
  const names = new Set(nodes.map((n) => n.name));
  const azs = new Set(nodes.map((n) => n.az));
  // One node stays a node: `{ node: db-1 }` says more than `{ az: az-a }` when it is all the AZ holds.
  if (azs.size === 1 && nodes.length > 1) {
    const az = [...azs][0];
    const inAz = inv.nodes.filter((n) => n.az === az);
    if (inAz.length === names.size && inAz.every((n) => names.has(n.name))) return [{ az }];
  }
  return nodes.map((n) => ({ node: n.name }));
}

function faultsFor(p: Problems, path: string, actionId: string, v: Record<string, string | number>, r: Resolved, inv: Inventory): PlannedFault[] {
  const forUs = (key: string) => v[key] as number | undefined;
  const nodes = r.kind === 'azs' ? [] : r.nodes;
  switch (actionId) {
    case 'aws:rds:failover-db-cluster':
      // The cluster fails over from whichever instance is the writer when the action runs.
      return [{ kind: 'failover', target: { role: 'writer' } }];
    case 'aws:rds:reboot-db-instances':
      return nodes.map((n) =>
        v.forceFailover === 'true' && n.roles.includes('writer') ? { kind: 'failover', target: { node: n.name } } : { kind: 'restart', target: { node: n.name } },
      );
    case 'aws:elasticache:replicationgroup-interrupt-az-power':
    case 'aws:elasticache:interrupt-cluster-az-power': {
      if (r.kind !== 'group' || r.az === null) {
        p.add(path, 'the replication group target needs the AZ: "parameters": { "availabilityZoneIdentifier": "..." }');
        return [];
      }
      return compactTargets(r.nodes, inv).map((target) => ({ kind: 'crash', target, forUs: forUs('duration'), disruption: 'AZ' }));
    }
    case 'aws:ec2:stop-instances':
      return compactTargets(nodes, inv).map((target) => ({ kind: 'crash', target, ...(v.startInstancesAfterDuration === undefined ? {} : { forUs: forUs('startInstancesAfterDuration') }), disruption: 'Hardware' }));
    case 'aws:ebs:pause-volume-io':
      return compactTargets(nodes, inv).map((target) => ({ kind: 'pause', target, forUs: forUs('duration') }));
    case 'aws:dynamodb:global-table-pause-replication':
      // The action pauses the table's replication to every replica: a pause of each region's
      // (their default takes_effect_after is FIS's bound, 5 minutes).
      return tableRegions(inv).map((region) => ({ kind: 'pause-replication', region, forUs: forUs('duration') ?? 0 }));
    case 'aws:network:disrupt-connectivity':
      return partitionFor(p, path, (v.scope as string | undefined) ?? 'all', r.kind === 'azs' ? r.azs : [], forUs('duration') ?? 0, inv);
    default:
      return [];
  }
}

function partitionFor(p: Problems, path: string, scope: string, azs: string[], forUs: number, inv: Inventory): PlannedFault[] {
  if (scope === 'dynamodb') {
    if (inv.scenario.engine.type !== 'dynamodb') {
      p.add(step(step(path, 'parameters'), 'scope'), `scope dynamodb needs a DynamoDB scenario (this one is ${inv.scenario.engine.type})`);
      return [];
    }
    // The subnets' clients (and DAX nodes) lose DynamoDB's endpoint: its request routers.
    const clients = inv.clients.filter((c) => azs.includes(c.az)).map((c) => c.name);
    const dax = inv.nodes.filter((n) => n.service === 'dax' && azs.includes(n.az)).map((n) => n.name);
    if (clients.length + dax.length === 0) {
      p.add(path, `no client or DAX node is in ${azs.join(', ')}: the disruption would cut nothing`);
      return [];
    }
    return [{ kind: 'partition', sides: [[...clients, ...dax], [{ role: 'router' }]], forUs }];
  }
  // all / availability-zone: each subnet keeps its own traffic and loses every other AZ's.
  const rest = inv.azs.filter((az) => !azs.includes(az));
  const sides: SideSpec[] = azs.map((az) => [az]);
  if (rest.length > 0) sides.push(rest);
  if (sides.length < 2) {
    p.add(path, 'the subnets cover the scenario\'s only AZ: the disruption would cut nothing');
    return [];
  }
  return [{ kind: 'partition', sides, forUs }];
}

/** The regions a DynamoDB global table has a copy in (the home one first). */
function tableRegions(inv: Inventory): string[] {
  const s = inv.scenario;
  const regionOf = otherRegionAzs(s.region) ?? new Map<string, string>();
  const replicas = findEngine(s.engine.type)?.replicatedRegions?.(s.engine.options, regionOf) ?? [];
  const home = s.region.regions?.[0]?.name;
  return home === undefined || replicas.length === 0 ? [] : [home, ...replicas];
}
