// Validation that needs the topology: every fault target (and every selector in a partition's
// sides) must match at least one node of the engine as the scenario builds it, and every name in
// a side must be an AZ, a node or a client. Roles are matched as they stand at the start; at run
// time they are matched again when the fault fires (after a failover, `writer` is the new one).
// The nodes come from each engine's layout of its options (EngineFactory.nodesOf), not from
// building the topology: `faultline validate` and every command's loading stay cheap however
// many keys the workload has.

import { matchTarget } from '../sim/target.ts';
import { allAzs, otherRegionAzs } from '../sim/regions.ts';
import type { SideSpec, TargetSpec } from '../sim/fault-spec.ts';
import { faultKindOf } from '../sim/faults/registry.ts';
import { CONTROL_PLANE_AZ } from '../sim/faults/control-plane-az.ts';
import { plannedControlPlanes, plannedNodes, topologyPlan } from './topology-plan.ts';
import type { Scenario } from './format/scenario.ts';
import { ScenarioError } from './format/scenario-error.ts';
import type { LoadedScenario } from './format/load-scenario.ts';

export function checkTargets(loaded: LoadedScenario): void {
  const s = loaded.scenario;
  const nodes = plannedNodes(s);
  // The managed control planes' hosts: a link fault's side may name one, or their AZ.
  const controlHosts = plannedControlPlanes(s);
  // Sides may name any region's AZs (clients live there too); with one region this is region.azs.
  const everyAz = allAzs(s.region);
  const clientNames = new Set<string>();
  let n = 0;
  for (const p of s.workload.clients) for (let i = 0; i < p.count; i++) clientNames.add(`client-${++n}`);
  const fail = (path: string, message: string): never => {
    throw new ScenarioError(s.file, loaded.lineOf(path), path, message);
  };
  const target = (t: TargetSpec, path: string) => {
    if (matchTarget(nodes, t).length === 0) {
      const names = nodes.map((x) => `${x.name} (${x.roles.join(',')}, ${x.az})`).join('; ');
      fail(path, `matches no node of this ${s.engine.type} topology; its nodes are: ${names}`);
    }
  };
  const side = (sd: SideSpec, path: string) =>
    sd.forEach((entry, j) => {
      if (typeof entry !== 'string') return target(entry, `${path}[${j}]`);
      if (entry === CONTROL_PLANE_AZ && controlHosts.length === 0) fail(`${path}[${j}]`, `this ${s.engine.type} topology has no managed control plane, so nothing runs in the \`${CONTROL_PLANE_AZ}\` AZ`);
      if (entry === CONTROL_PLANE_AZ || controlHosts.includes(entry)) return;
      if (everyAz.includes(entry) || clientNames.has(entry) || nodes.some((x) => x.name === entry)) return;
      fail(`${path}[${j}]`, `"${entry}" is not an AZ, a node or a client of this scenario (nodes: ${nodes.map((x) => x.name).join(', ')})`);
    });
  // An AZ named like a node would make a side's entry mean two things.
  everyAz.forEach((az, i) => {
    if (nodes.some((x) => x.name === az)) fail(s.region.regions === undefined ? `region.azs[${i}]` : 'regions', `\`${az}\` is also the name of a node of this ${s.engine.type} topology; name the AZ otherwise`);
  });
  // Invariant: no node is on two sides of a partition (an AZ on one side and a node of it on another).
  const nodesOf = (sd: SideSpec): Set<string> => {
    const out = new Set<string>();
    for (const entry of sd) {
      if (typeof entry !== 'string') {
        for (const x of matchTarget(nodes, entry)) out.add(x.name);
      } else if (everyAz.includes(entry)) {
        for (const x of nodes) if (x.az === entry) out.add(x.name);
      } else if (entry === CONTROL_PLANE_AZ) {
        for (const h of controlHosts) out.add(h);
      } else {
        out.add(entry);
      }
    }
    return out;
  };
  const disjoint = (sides: readonly SideSpec[], path: string) => {
    const owner = new Map<string, number>();
    sides.forEach((sd, j) => {
      for (const name of nodesOf(sd)) {
        const other = owner.get(name);
        if (other !== undefined) fail(`${path}[${j}]`, `the node ${name} is on side ${other + 1} and side ${j + 1}; the sides of a partition must not overlap`);
        owner.set(name, j);
      }
    });
  };
  s.faults.forEach((f, i) => {
    const p = `faults[${i}]`;
    if (f.kind === 'pause-replication') checkReplicated(s, f.region, (message) => fail(`${p}.region`, message));
    // Each kind names what of it selects nodes (sim/faults/).
    const sel = faultKindOf(f).selectors(f);
    if (sel.target !== undefined) target(sel.target, `${p}.target`);
    if (sel.sides !== undefined) {
      const { key, list } = sel.sides;
      list.forEach((sd, j) => side(sd, `${p}.${key}[${j}]`));
      if (sel.sides.disjoint) disjoint(list, `${p}.${key}`);
    }
  });
}

/** pause-replication needs an engine that replicates between regions, and a region it replicates to or from. */
function checkReplicated(s: Scenario, region: string, fail: (message: string) => never): void {
  const plan = topologyPlan(s);
  const replicas = plan.db.factory.replicatedRegions?.(plan.db.options, otherRegionAzs(s.region) ?? new Map()) ?? [];
  if (replicas.length === 0) fail(`${s.engine.type} does not replicate between regions here, so there is no replication to pause (DynamoDB global tables do: set global_table_azs)`);
  const home = s.region.regions?.[0]?.name;
  const names = home === undefined ? replicas : [home, ...replicas];
  if (!names.includes(region)) fail(`the table has no replica in ${region}; its regions are ${names.join(', ')}`);
}
