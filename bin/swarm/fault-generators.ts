// How the swarm draws one fault of each kind (schedule.ts decides which kinds, how many, and
// whether a fault fits the tolerance): one generator per kind of the registry
// (sim/faults/registry.ts), each choosing the fault's target, sides or values over the topology.
// The table is a Record over every kind, so a kind added to the registry does not compile until it
// has a generator here, or null (never drawn).
// Leaves out: the fault's time and length (drawn before its generator runs, the same for every kind).

import type { Rng } from '../../sim/rng.ts';
import { FAULT_KINDS, type FaultKind } from '../../sim/fault-spec.ts';
import type { FaultScope } from './tolerance.ts';
import { failoverRole, type Topology, type TopologyNode } from './topology.ts';

const MS = 1000;

export interface GenFault {
  kind: FaultKind;
  atUs: number;
  /** How long it lasts; undefined for a failover (it happens, then the engine recovers by itself). */
  forUs?: number;
  /** The rest of the `faults:` entry as the file writes it: target, sides, az, add, ... */
  body: Record<string, unknown>;
  scope: FaultScope;
}

export interface ScheduleLimits {
  /** Faults start at or after this. */
  fromUs: number;
  /** Every fault has healed by this (the workload's end less the liveness phase). */
  untilUs: number;
  /** The client timeout (latency within tolerance stays well under it). */
  timeoutUs: number;
  /** Within tolerance: the shortest crash, restart or AZ outage (0: any). */
  minDownUs: number;
}

/** What a kind's generator is handed: the seed's stream, the topology, and the drawn time and length. */
export interface GenContext {
  rng: Rng;
  topo: Topology;
  lim: ScheduleLimits;
  /** Within the engine's tolerance. */
  within: boolean;
  atUs: number;
  forUs: number;
  /** A node drawn from the topology (a draw from the stream each call). */
  node(): TopologyNode;
  /** The region's AZs but `az`. */
  otherAzs(az: string): string[];
}

export const roundMs = (us: number) => Math.round(us / MS) * MS;

function nodeScope(kind: FaultKind, n: TopologyNode): FaultScope {
  return { kind, azs: [n.az], nodes: [n.name], storageOnly: n.roles.length === 1 && n.roles[0] === 'storage', shards: n.shard === undefined ? [] : [n.shard] };
}

function azScope(kind: FaultKind, topo: Topology, az: string): FaultScope {
  const inAz = topo.nodes.filter((n) => n.az === az);
  return { kind, azs: [az], nodes: [], storageOnly: false, shards: inAz.flatMap((n) => (n.shard === undefined ? [] : [n.shard])) };
}

const allScope = (kind: FaultKind, topo: Topology): FaultScope => ({ kind, azs: topo.azs, nodes: [], storageOnly: false, shards: 'all' });

/** A role target with its label (shard or partition), and where it may land. */
function roleTarget(rng: Rng, topo: Topology, role: string): Record<string, unknown> | null {
  const holders = topo.nodes.filter((n) => n.roles.includes(role));
  if (holders.length === 0) return null;
  const n = rng.pick(holders);
  if (n.shard !== undefined) return { role, shard: n.shard };
  if (n.partition !== undefined) return { role, partition: n.partition };
  return { role };
}

type Generator = (g: GenContext, kind: FaultKind) => GenFault | null;

/** Mostly a node by name; sometimes (outside tolerance) a role, found when the fault fires (after failovers). */
const nodeOrRole: Generator = ({ rng, topo, within, atUs, forUs, node }, kind) => {
  if (!within && rng.chance(0.3)) {
    const role = rng.pick([...new Set(topo.nodes.flatMap((n) => n.roles))]);
    const target = roleTarget(rng, topo, role);
    if (target !== null) return { kind, atUs, forUs, body: { target }, scope: allScope(kind, topo) };
  }
  const n = node();
  return { kind, atUs, forUs, body: { target: { node: n.name } }, scope: nodeScope(kind, n) };
};

export const GENERATORS: Readonly<Record<FaultKind, Generator | null>> = {
  'az-outage': ({ rng, topo, atUs, forUs }, kind) => {
    const az = rng.pick(topo.azs);
    return { kind, atUs, forUs, body: { az }, scope: azScope(kind, topo, az) };
  },
  crash: nodeOrRole,
  pause: nodeOrRole,
  restart: nodeOrRole,
  partition: ({ rng, topo, within, atUs, forUs, node, otherAzs }, kind) => {
    const az = rng.pick(topo.azs);
    const shape = within ? rng.int(2) : rng.int(4);
    if (shape === 0) return { kind, atUs, forUs, body: { sides: [[az], otherAzs(az)] }, scope: azScope(kind, topo, az) };
    if (shape === 1) {
      const n = node();
      return { kind, atUs, forUs, body: { sides: [[n.name], otherAzs(n.az)] }, scope: nodeScope(kind, n) };
    }
    if (shape === 2) return { kind, atUs, forUs, body: { sides: topo.azs.map((a) => [a]) }, scope: allScope(kind, topo) };
    return { kind, atUs, forUs, body: { sides: [[az], otherAzs(az)], one_way: true }, scope: azScope(kind, topo, az) };
  },
  latency: ({ rng, topo, lim, within, atUs, forUs, otherAzs }, kind) => {
    const az = rng.pick(topo.azs);
    // Within tolerance the added delay stays under a tenth of the client timeout: slower, never a timeout.
    const addUs = within ? Math.max(MS, roundMs((rng.uniform() * lim.timeoutUs) / 10)) : roundMs(MS + rng.uniform() * 2 * lim.timeoutUs);
    return { kind, atUs, forUs, body: { between: [[az], otherAzs(az)], add: `${addUs / MS}ms` }, scope: azScope(kind, topo, az) };
  },
  loss: ({ rng, topo, atUs, forUs, otherAzs }, kind) => {
    const az = rng.pick(topo.azs);
    return { kind, atUs, forUs, body: { between: [[az], otherAzs(az)], probability: Math.round((0.01 + rng.uniform() * 0.5) * 100) / 100 }, scope: azScope(kind, topo, az) };
  },
  clock: ({ rng, atUs, forUs, node }, kind) => {
    const n = node();
    const offsetMs = Math.round((rng.chance(0.5) ? -1 : 1) * (1 + rng.uniform() * 9999));
    const body: Record<string, unknown> = { target: { node: n.name }, offset: `${offsetMs >= 0 ? '+' : ''}${offsetMs}ms` };
    if (rng.chance(0.5)) body.drift_ppm = Math.round(rng.uniform() * 1000);
    return { kind, atUs, forUs, body, scope: nodeScope(kind, n) };
  },
  failover: ({ rng, topo, atUs }, kind) => {
    const role = failoverRole(topo.engine);
    const target = role === null ? null : roleTarget(rng, topo, role);
    if (target === null) return null;
    const holders = topo.nodes.filter((n) => n.roles.includes(role!) && (target.shard === undefined || n.shard === target.shard) && (target.partition === undefined || n.partition === target.partition));
    const scope = holders.length === 1 ? nodeScope(kind, holders[0]) : allScope(kind, topo);
    return { kind, atUs, forUs: undefined, body: { target }, scope: { ...scope, azs: topo.azs } };
  },
  // The swarm's topologies are one region: a region fault has no second region to observe it from.
  'region-outage': null,
  'region-partition': null,
  // Nor has it a global database to switch over to.
  switchover: null,
  'pause-replication': null,
};

/** The kinds the swarm draws, in the registry's order: every kind with a generator. */
export const SWARM_KINDS: readonly FaultKind[] = FAULT_KINDS.map((k) => k.kind).filter((k) => GENERATORS[k] !== null);
