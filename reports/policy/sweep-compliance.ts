// A sweep judged against a resiliency policy: per fault, the chosen quantile of its measured RTO
// and of its RPO over the seeds of one parameter combination, compared with the objective of the
// fault's disruption type. The quantile is nearest-rank (as aggregate.csv's); the default, 100,
// is the worst seed. A seed whose writes never came back has an unknown RTO, which counts as
// worse than any measured one (so it breaches any quantile it reaches).
// Leaves out: the seeds of other shards (a shard is judged on its own seeds).

import { nearestRank } from '../aggregate.ts';
import type { DisruptionType, ResiliencyPolicy } from './resiliency-policy.ts';
import { judgeFigures, type FaultCompliance } from './fault-compliance.ts';

/** One run's per-fault figures, as a sweep worker sends them back. */
export interface RunPolicyFigures {
  rtoUs: (number | null)[];
  rpoUs: number[];
  types: DisruptionType[];
}

/** `p99`, `p99.9`, `p50`, `worst` (or `max`) as a percent in (0, 100]; throws a one-line message otherwise. */
export function parsePolicyQuantile(text: string): number {
  if (text === 'worst' || text === 'max') return 100;
  const m = /^p(\d+(?:\.\d+)?)$/.exec(text);
  const p = m === null ? NaN : Number(m[1]);
  if (!(p > 0 && p <= 100)) throw new Error(`--policy-quantile: expected p50, p90, p99, p99.9 ... or worst, got '${text}'`);
  return p;
}

/** The quantile's name as parsePolicyQuantile reads it: `worst` for 100, else `p<percent>`. */
export function policyQuantileName(percent: number): string {
  return percent === 100 ? 'worst' : `p${percent}`;
}

export function judgeSweep(runs: readonly RunPolicyFigures[], percent: number, policy: ResiliencyPolicy): FaultCompliance[] {
  const faults = runs.length === 0 ? 0 : Math.min(...runs.map((r) => r.rtoUs.length));
  const out: FaultCompliance[] = [];
  for (let i = 0; i < faults; i++) {
    const rto = nearestRank([...runs.map((r) => r.rtoUs[i] ?? Infinity)].sort((a, b) => a - b), percent);
    const rpoUs = nearestRank([...runs.map((r) => r.rpoUs[i])].sort((a, b) => a - b), percent);
    out.push(judgeFigures(i, runs[0].types[i], Number.isFinite(rto) ? rto : null, rpoUs, policy));
  }
  return out;
}
