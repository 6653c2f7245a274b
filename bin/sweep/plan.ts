// Everything a sweep checks before it starts a single run: the scenario (a file or a bundled
// name, loaded and validated), the seeds, the shard, the number of workers, and every `--set`
// combination, each loaded by the scenario loader. Any problem throws (InputError,
// SweepInputError or ScenarioError) with a one-line reason; nothing has run and no folder exists.

import type { ResiliencyPolicy } from '../../reports/policy/resiliency-policy.ts';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { parseSeeds, formatSeeds } from '../../scenarios/sweep/seeds.ts';
import { prepareGrid, type Grid } from '../../scenarios/sweep/set-grid.ts';
import { sweepJobs, verifySampled, type SweepJob } from '../../scenarios/sweep/jobs.ts';
import { SweepInputError } from '../../scenarios/sweep/input-error.ts';
import { resolveScenario } from '../scenario-files.ts';
import { packageVersion } from '../package-version.ts';
import { inShard, resolveShard, type Shard } from './shard.ts';

export interface SweepArgs {
  scenario: string;
  seeds?: string;
  jobs?: number;
  set?: string[];
  out?: string;
  shard?: string;
  /** 0-based, with shardCount (or the count for `--shard auto`). */
  shardIndex?: number;
  shardCount?: number;
  /** Where `--shard auto` reads its index (default process.env). */
  env?: Record<string, string | undefined>;
  verifyDeterminism?: boolean;
  check?: boolean;
  /** `--policy` (read already) and `--policy-quantile` as a percent (100 = the worst seed). */
  policy?: ResiliencyPolicy;
  policyPercent?: number;
}

export interface SweepPlan {
  /** The scenario argument as given. */
  scenarioArg: string;
  /** The file as messages show it. */
  shown: string;
  name: string;
  engine: string;
  sha256: string;
  seeds: number[];
  grid: Grid;
  /** Runs in the whole sweep. */
  runs: number;
  /** This shard's runs, in canonical order. */
  jobs: SweepJob[];
  shard: Shard;
  workers: number;
  verify: boolean;
  check: boolean;
  out: string;
  /** The policy the sweep is judged on (`--policy`, else the scenario's `policy:`), and its quantile in percent. */
  policy: ResiliencyPolicy | undefined;
  policyOverride: ResiliencyPolicy | undefined;
  policyPercent: number;
}

export function faultlineVersion(): string {
  return packageVersion();
}

/** Default for --jobs: every core. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export function planSweep(a: SweepArgs): SweepPlan {
  const src = resolveScenario(a.scenario);
  const shard = resolveShard({ shard: a.shard, shardIndex: a.shardIndex, shardCount: a.shardCount }, a.env ?? process.env);
  const workers = a.jobs ?? defaultWorkers();
  if (!Number.isSafeInteger(workers) || workers < 1) throw new SweepInputError(`--jobs: expected a whole number of workers, 1 or more, got ${a.jobs}`);
  const seedsGiven = a.seeds === undefined ? undefined : parseSeeds(a.seeds);
  const base = prepareScenario(src.text, src.shown);
  const seeds = seedsGiven ?? [base.scenario.seed];
  const grid = prepareGrid(src.text, base, a.set ?? []);
  const all = sweepJobs(grid.combos.length, seeds);
  const jobs = all.filter((j) => inShard(j.index, shard));
  const s = base.scenario;
  const suffix = shard.count === 1 ? '' : `-${shard.index}of${shard.count}`;
  return {
    scenarioArg: a.scenario,
    shown: src.shown,
    name: s.name,
    engine: s.engine.type,
    sha256: createHash('sha256').update(src.text).digest('hex'),
    seeds,
    grid,
    runs: all.length,
    jobs,
    shard,
    workers,
    verify: a.verifyDeterminism === true,
    check: a.check !== false,
    out: a.out ?? `faultline-out/${s.name}/sweep${suffix}`,
    policy: a.policy ?? s.policy,
    policyOverride: a.policy,
    policyPercent: a.policyPercent ?? 100,
  };
}

/** The canonical `--set` texts of a plan, as sweep.json records them. */
export function setTexts(plan: SweepPlan): string[] {
  return plan.grid.flags.map((f) => `${f.key}=${f.values.join(',')}`);
}

export { verifySampled, formatSeeds };
