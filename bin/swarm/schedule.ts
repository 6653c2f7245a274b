// A seed's fault schedule, in the manner of swarm testing (Groce et al., "Swarm Testing", ISSTA
// 2012): the seed first decides which fault kinds are on at all, then how many faults (1-8), and
// for each its time, length and target over the scenario's topology. Faults may overlap unless the
// schedule keeps within the engine's tolerance, where a fault is only placed if it fits beside
// those in effect (or healed less than the tolerance's gap ago). Every fault heals before the
// liveness phase (the final recovery bound + liveness window of the workload).
// Deterministic: its own rng stream per seed, apart from the run's.
// Leaves out: faults without `for` (lasting to the end), which would leave no liveness phase.

import { Rng } from '../../sim/rng.ts';
import type { FaultKind } from '../../sim/fault-spec.ts';
import { faultKindNamed } from '../../sim/faults/registry.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { FaultScope, Tolerance } from './tolerance.ts';
import { failoverRole, type Topology, type TopologyNode } from './topology.ts';

const MS = 1000;
const S = 1_000_000;

/** Kinds whose nodes are down while they last (crash, restart, AZ outage): those last at least minDownUs within tolerance. */
const downs = (kind: FaultKind): boolean => faultKindNamed(kind)!.downsNodes;

export interface GenFault {
  kind: FaultKind;
  atUs: number;
  /** How long it lasts; undefined for a failover (it happens, then the engine recovers by itself). */
  forUs?: number;
  /** The rest of the `faults:` entry as the file writes it: target, sides, az, add, ... */
  body: Record<string, unknown>;
  scope: FaultScope;
}

export interface Schedule {
  faults: GenFault[];
  /** The kinds this seed turned on. */
  kinds: FaultKind[];
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

/** The liveness phase: the recovery bound, then this window in which every write must succeed. */
export const LIVENESS_WINDOW_US = 20 * S;

export function scheduleLimits(s: Scenario, tol: Tolerance): ScheduleLimits {
  const tail = tol.recoveryBoundUs(s.engine.options) + LIVENESS_WINDOW_US;
  return { fromUs: s.warmupUs, untilUs: s.durationUs - tail, timeoutUs: s.workload.retry.timeoutUs, minDownUs: tol.minDownUs?.(s.engine.options) ?? 0 };
}

/** A fault's effect lasts until it heals plus the gap the engine needs before the next. */
const effectEnd = (f: GenFault, gapUs: number) => f.atUs + (f.forUs ?? 0) + gapUs;

/** The faults in effect (or in their gap) at any time `f` is: what tolerance must allow beside it. */
function overlapping(accepted: readonly GenFault[], f: GenFault, gapUs: number): GenFault[] {
  return accepted.filter((a) => a.atUs < effectEnd(f, gapUs) && f.atUs < effectEnd(a, gapUs));
}

/**
 * Whether a whole schedule keeps to the tolerance: at every moment the faults in effect (or in
 * their gap) may be together, and crashes, restarts and AZ outages last the shortest time allowed.
 * The generator places faults one at a time by the same rule; the shrinker uses this to keep a
 * shrunk within-tolerance failure within tolerance (moving a fault later can make two overlap).
 */
export function fitsTolerance(faults: readonly GenFault[], within: Tolerance, minDownUs: number): boolean {
  return faults.every((f) => {
    if (downs(f.kind) && (f.forUs ?? 0) < minDownUs) return false;
    // What is in effect only grows when a fault starts: checking each start covers every moment.
    const inEffect = faults.filter((g) => g.atUs <= f.atUs && f.atUs < effectEnd(g, within.gapUs));
    return within.together(inEffect.map((x) => x.scope));
  });
}

export function generateSchedule(seed: number, topo: Topology, allowed: readonly FaultKind[], limits: ScheduleLimits, within: Tolerance | null): Schedule {
  const rng = new Rng(`swarm/schedule/${seed}`);
  let kinds = allowed.filter(() => rng.chance(0.5));
  if (kinds.length === 0) kinds = [rng.pick(allowed)];
  const count = 1 + rng.int(8);
  const faults: GenFault[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.pick(kinds);
    // Up to a few tries to find a time at which the fault fits the tolerance.
    for (let attempt = 0; attempt < (within === null ? 1 : 8); attempt++) {
      const f = generateFault(rng, kind, topo, limits, within !== null);
      if (f === null) break;
      if (within !== null && !within.together([...overlapping(faults, f, within.gapUs), f].map((x) => x.scope))) continue;
      faults.push(f);
      break;
    }
  }
  faults.sort((a, b) => a.atUs - b.atUs);
  return { faults, kinds };
}

const roundMs = (us: number) => Math.round(us / MS) * MS;

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

function generateFault(rng: Rng, kind: FaultKind, topo: Topology, lim: ScheduleLimits, within: boolean): GenFault | null {
  const span = lim.untilUs - lim.fromUs;
  if (span < 2 * S) return null;
  const atUs = roundMs(lim.fromUs + rng.uniform() * (span - S));
  const room = lim.untilUs - atUs;
  let forUs = Math.max(MS, roundMs(Math.min(room, S + rng.uniform() * Math.min(59 * S, room - S))));
  if (within && downs(kind) && forUs < lim.minDownUs) {
    if (room < lim.minDownUs) return null;
    forUs = lim.minDownUs;
  }
  const node = () => rng.pick(topo.nodes);
  const otherAzs = (az: string) => topo.azs.filter((a) => a !== az);
  switch (kind) {
    case 'az-outage': {
      const az = rng.pick(topo.azs);
      return { kind, atUs, forUs, body: { az }, scope: azScope(kind, topo, az) };
    }
    case 'crash':
    case 'pause':
    case 'restart': {
      // Mostly a node by name; sometimes a role, found when the fault fires (after failovers).
      if (!within && rng.chance(0.3)) {
        const role = rng.pick([...new Set(topo.nodes.flatMap((n) => n.roles))]);
        const target = roleTarget(rng, topo, role);
        if (target !== null) return { kind, atUs, forUs, body: { target }, scope: allScope(kind, topo) };
      }
      const n = node();
      return { kind, atUs, forUs, body: { target: { node: n.name } }, scope: nodeScope(kind, n) };
    }
    case 'partition': {
      const az = rng.pick(topo.azs);
      const shape = within ? rng.int(2) : rng.int(4);
      if (shape === 0) return { kind, atUs, forUs, body: { sides: [[az], otherAzs(az)] }, scope: azScope(kind, topo, az) };
      if (shape === 1) {
        const n = node();
        return { kind, atUs, forUs, body: { sides: [[n.name], otherAzs(n.az)] }, scope: nodeScope(kind, n) };
      }
      if (shape === 2) return { kind, atUs, forUs, body: { sides: topo.azs.map((a) => [a]) }, scope: allScope(kind, topo) };
      return { kind, atUs, forUs, body: { sides: [[az], otherAzs(az)], one_way: true }, scope: azScope(kind, topo, az) };
    }
    case 'latency': {
      const az = rng.pick(topo.azs);
      // Within tolerance the added delay stays under a tenth of the client timeout: slower, never a timeout.
      const addUs = within ? Math.max(MS, roundMs((rng.uniform() * lim.timeoutUs) / 10)) : roundMs(MS + rng.uniform() * 2 * lim.timeoutUs);
      return { kind, atUs, forUs, body: { between: [[az], otherAzs(az)], add: `${addUs / MS}ms` }, scope: azScope(kind, topo, az) };
    }
    case 'loss': {
      const az = rng.pick(topo.azs);
      return { kind, atUs, forUs, body: { between: [[az], otherAzs(az)], probability: Math.round((0.01 + rng.uniform() * 0.5) * 100) / 100 }, scope: azScope(kind, topo, az) };
    }
    case 'clock': {
      const n = node();
      const offsetMs = Math.round((rng.chance(0.5) ? -1 : 1) * (1 + rng.uniform() * 9999));
      const body: Record<string, unknown> = { target: { node: n.name }, offset: `${offsetMs >= 0 ? '+' : ''}${offsetMs}ms` };
      if (rng.chance(0.5)) body.drift_ppm = Math.round(rng.uniform() * 1000);
      return { kind, atUs, forUs, body, scope: nodeScope(kind, n) };
    }
    case 'failover': {
      const role = failoverRole(topo.engine);
      const target = role === null ? null : roleTarget(rng, topo, role);
      if (target === null) return null;
      const holders = topo.nodes.filter((n) => n.roles.includes(role!) && (target.shard === undefined || n.shard === target.shard) && (target.partition === undefined || n.partition === target.partition));
      const scope = holders.length === 1 ? nodeScope(kind, holders[0]) : allScope(kind, topo);
      return { kind, atUs, forUs: undefined, body: { target }, scope: { ...scope, azs: topo.azs } };
    }
    default:
      // A kind the swarm has no generator for is never drawn (adding a kind needs no change here).
      return null;
  }
}

/** A fault as a `faults:` entry of a scenario file. */
export function faultEntry(f: GenFault): Record<string, unknown> {
  const e: Record<string, unknown> = { at: `${f.atUs / MS}ms`, kind: f.kind, ...f.body };
  if (f.forUs !== undefined) e.for = `${f.forUs / MS}ms`;
  return e;
}

/** One line per schedule for swarm.csv: `crash node=db-1 @12.3s+4s; ...`. */
export function describeSchedule(faults: readonly GenFault[]): string {
  return faults
    .map((f) => {
      const what = Object.entries(f.body)
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v).replace(/"/g, '') : String(v)}`)
        .join(' ');
      return `${f.kind} ${what} @${f.atUs / S}s${f.forUs === undefined ? '' : `+${f.forUs / S}s`}`;
    })
    .join('; ');
}
