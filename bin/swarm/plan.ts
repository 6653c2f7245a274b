// Everything a swarm checks before its first run: the scenario (a file or a bundled name), the
// seeds, the shard, the fault kinds (`--faults`, each a kind the format knows and, with
// --within-tolerance, one the engine promises to survive), room for a safety phase before the
// liveness phase, and the workers. Any problem throws a one-line error (exit 2, nothing written).

import { createHash } from 'node:crypto';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { parseSeeds } from '../../scenarios/sweep/seeds.ts';
import { SweepInputError } from '../../scenarios/sweep/input-error.ts';
import type { FaultKind } from '../../sim/fault-spec.ts';
import { SWARM_KINDS } from './fault-generators.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { resolveScenario } from '../scenario-files.ts';
import { defaultWorkers } from '../sweep/plan.ts';
import { inShard, resolveShard, type Shard } from '../sweep/shard.ts';
import { GENERIC, toleranceOf, TOLERANCE_ENGINES, type Tolerance } from './tolerance.ts';
import { scheduleLimits, type ScheduleLimits } from './schedule.ts';
import { parseBase } from './scenario-text.ts';
import { topologyOf, type Topology } from './topology.ts';

export interface SwarmArgs {
  scenario: string;
  seeds?: string;
  faults?: string;
  withinTolerance?: boolean;
  out?: string;
  shard?: string;
  shardIndex?: number;
  shardCount?: number;
  env?: Record<string, string | undefined>;
  jobs?: number;
  /** Shrink at most this many failing seeds (default 3). */
  shrink?: number;
  /** Runs one shrink may use (default 200). */
  shrinkRuns?: number;
}

export interface SwarmPlan {
  scenarioArg: string;
  shown: string;
  text: string;
  base: Record<string, unknown>;
  scenario: Scenario;
  sha256: string;
  seeds: number[];
  /** This shard's seeds, with their place in the whole swarm. */
  jobs: { index: number; seed: number }[];
  shard: Shard;
  kinds: FaultKind[];
  /** --faults as given (replay commands repeat it), or undefined. */
  faultsArg?: string;
  within: boolean;
  tolerance: Tolerance;
  topology: Topology;
  limits: ScheduleLimits;
  lossBoundS: number | null;
  workers: number;
  shrink: number;
  shrinkRuns: number;
  out: string;
}

function parseKinds(text: string | undefined, tol: Tolerance | null, engine: string): FaultKind[] {
  // The kinds the swarm can draw (the region kinds have no generator: its topologies are one region).
  const known = [...SWARM_KINDS];
  if (text === undefined) return tol === null ? known : [...tol.kinds];
  const kinds = text.split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (kinds.length === 0) throw new SweepInputError(`--faults: expected fault kinds like crash,partition (of ${known.join(', ')})`);
  for (const k of kinds) {
    if (!(known as string[]).includes(k)) throw new SweepInputError(`--faults: ${JSON.stringify(k)} is not a fault kind (${known.join(', ')})`);
    if (tol !== null && !(tol.kinds as string[]).includes(k)) throw new SweepInputError(`--faults: ${k} is not within ${engine}'s tolerance (${tol.kinds.join(', ')}); drop --within-tolerance to go beyond it`);
  }
  return [...new Set(kinds)] as FaultKind[];
}

const wholeFrom = (v: number | undefined, flag: string, min: number, dflt: number) => {
  if (v === undefined) return dflt;
  if (!Number.isSafeInteger(v) || v < min) throw new SweepInputError(`${flag}: expected a whole number, ${min} or more, got ${v}`);
  return v;
};

export function planSwarm(a: SwarmArgs): SwarmPlan {
  const src = resolveScenario(a.scenario);
  const shard = resolveShard({ shard: a.shard, shardIndex: a.shardIndex, shardCount: a.shardCount }, a.env ?? process.env);
  const workers = wholeFrom(a.jobs, '--jobs', 1, defaultWorkers());
  const shrink = wholeFrom(a.shrink, '--shrink', 0, 3);
  const shrinkRuns = wholeFrom(a.shrinkRuns, '--shrink-runs', 1, 200);
  const { scenario } = prepareScenario(src.text, src.shown);
  const engine = scenario.engine.type;
  const within = a.withinTolerance === true;
  const known = toleranceOf(engine);
  if (within && known === undefined) throw new SweepInputError(`--within-tolerance: no tolerance is recorded for ${engine} (only for ${TOLERANCE_ENGINES.join(', ')})`);
  const tolerance = known ?? GENERIC;
  const kinds = parseKinds(a.faults, within ? tolerance : null, engine);
  const seeds = a.seeds === undefined ? [scenario.seed] : parseSeeds(a.seeds);
  const limits = scheduleLimits(scenario, tolerance);
  if (limits.untilUs - limits.fromUs < 10_000_000) {
    const tailS = (scenario.durationUs - limits.untilUs) / 1e6;
    throw new SweepInputError(`${src.shown}: duration ${scenario.durationUs / 1e6} s leaves under 10 s for faults after the warm-up and before the liveness phase (its last ${tailS} s); make it longer`);
  }
  const jobs = seeds.map((seed, index) => ({ index, seed })).filter((j) => inShard(j.index, shard));
  const suffix = shard.count === 1 ? '' : `-${shard.index}of${shard.count}`;
  return {
    scenarioArg: a.scenario,
    shown: src.shown,
    text: src.text,
    base: parseBase(src.text),
    scenario,
    sha256: createHash('sha256').update(src.text).digest('hex'),
    seeds,
    jobs,
    shard,
    kinds,
    faultsArg: a.faults === undefined ? undefined : kinds.join(','),
    within,
    tolerance,
    topology: topologyOf(scenario),
    limits,
    lossBoundS: tolerance.lossBoundS === undefined ? null : tolerance.lossBoundS(scenario.engine.options),
    workers,
    shrink,
    shrinkRuns,
    out: a.out ?? `faultline-out/${scenario.name}/swarm${suffix}`,
  };
}
