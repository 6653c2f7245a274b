// Distributions of durations (and other non-negative quantities), as plain data plus a sampler.
// Models: constant, uniform, exponential, and log-normal fitted to a median and a p99 (the form
// scenario files use for latencies). Leaves out: empirical and heavy-tailed mixtures.

import type { Rng } from './rng.ts';

export type Distribution =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'lognormal'; median: number; p99: number };

/** z-score of the 99th percentile of a standard normal. */
const Z99 = 2.3263478740408408;

export const ZERO: Distribution = { kind: 'constant', value: 0 };

export function constant(value: number): Distribution {
  return { kind: 'constant', value };
}

/** A sampler bound to one stream; the hot path of every delay in the simulator. */
export type Sampler = () => number;

export function sampler(dist: Distribution, rng: Rng): Sampler {
  switch (dist.kind) {
    case 'constant': {
      const v = dist.value;
      return () => v;
    }
    case 'uniform': {
      const { low, high } = dist;
      return () => rng.between(low, high);
    }
    case 'exponential': {
      const mean = dist.mean;
      return () => rng.exponential(mean);
    }
    case 'lognormal': {
      const mu = Math.log(dist.median);
      const sigma = dist.p99 > dist.median ? Math.log(dist.p99 / dist.median) / Z99 : 0;
      return () => Math.exp(mu + sigma * rng.normal());
    }
  }
}

/** Mean of a distribution (for documentation and checks). */
export function meanOf(dist: Distribution): number {
  switch (dist.kind) {
    case 'constant':
      return dist.value;
    case 'uniform':
      return (dist.low + dist.high) / 2;
    case 'exponential':
      return dist.mean;
    case 'lognormal': {
      const sigma = dist.p99 > dist.median ? Math.log(dist.p99 / dist.median) / Z99 : 0;
      return dist.median * Math.exp((sigma * sigma) / 2);
    }
  }
}

/** Human-readable form, in microseconds' natural units (used by `faultline list`). */
export function describeDistribution(dist: Distribution, unit: (v: number) => string): string {
  switch (dist.kind) {
    case 'constant':
      return unit(dist.value);
    case 'uniform':
      return `uniform ${unit(dist.low)}..${unit(dist.high)}`;
    case 'exponential':
      return `exponential mean ${unit(dist.mean)}`;
    case 'lognormal':
      return `log-normal median ${unit(dist.median)}, p99 ${unit(dist.p99)}`;
  }
}
