// The runs of a sweep, in its canonical order: parameter combination (in grid order), then seed
// (ascending). A run's index in this order decides everything that must not depend on workers:
// its row's place in sweep.csv, its shard (index mod N) and whether --verify-determinism reruns it.

import { MAX_RUNS } from './seeds.ts';
import { SweepInputError } from './input-error.ts';

export interface SweepJob {
  /** Position in the canonical order, from 0. */
  index: number;
  /** Index of the parameter combination. */
  combo: number;
  seed: number;
}

/** Every run: combinations times seeds, combination-major. */
export function sweepJobs(comboCount: number, seeds: readonly number[]): SweepJob[] {
  const total = comboCount * seeds.length;
  if (total > MAX_RUNS) throw new SweepInputError(`${comboCount} parameter combinations x ${seeds.length} seeds = ${total} runs, more than ${MAX_RUNS}`);
  const jobs: SweepJob[] = [];
  for (let c = 0; c < comboCount; c++) for (const seed of seeds) jobs.push({ index: jobs.length, combo: c, seed });
  return jobs;
}

/** One run in this many is rerun by --verify-determinism: those whose index is a multiple of it. */
export const VERIFY_EVERY = 10;

export function verifySampled(index: number): boolean {
  return index % VERIFY_EVERY === 0;
}
