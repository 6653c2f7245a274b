// A seed's fault schedule, in the manner of swarm testing (Groce et al., "Swarm Testing", ISSTA
// 2012): the seed first decides which fault kinds are on at all, then how many faults (1-8), and
// for each its time, length and target over the scenario's topology. Faults may overlap unless the
// schedule keeps within the engine's tolerance, where a fault is only placed if it fits beside
// those in effect (or healed less than the tolerance's gap ago). Every fault heals before the
// liveness phase (the final recovery bound + liveness window of the workload).
// Deterministic: its own rng stream per seed, apart from the run's.
// How each kind is drawn is its own entry in fault-generators.ts.
// Leaves out: faults without `for` (lasting to the end), which would leave no liveness phase.

import { Rng } from '../../sim/rng.ts';
import type { FaultKind } from '../../sim/fault-spec.ts';
import { faultKindNamed } from '../../sim/faults/registry.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { Tolerance } from './tolerance.ts';
import type { Topology } from './topology.ts';
import { GENERATORS, roundMs, type GenFault, type ScheduleLimits } from './fault-generators.ts';

export type { GenFault, ScheduleLimits } from './fault-generators.ts';

const MS = 1000;
const S = 1_000_000;

/** Kinds whose nodes are down while they last (crash, restart, AZ outage): those last at least minDownUs within tolerance. */
const downs = (kind: FaultKind): boolean => faultKindNamed(kind)!.downsNodes;

export interface Schedule {
  faults: GenFault[];
  /** The kinds this seed turned on. */
  kinds: FaultKind[];
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
  // A kind without a generator (null) is never drawn.
  return GENERATORS[kind]?.({ rng, topo, lim, within, atUs, forUs, node, otherAzs }, kind) ?? null;
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
