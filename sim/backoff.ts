// Retry delays: capped exponential backoff with full jitter (sleep = random(0, min(cap, base * 2^n))).
// Full jitter spreads retries of many clients apart so they do not hammer a recovering server in step.

import type { Rng } from './rng.ts';

export function fullJitterUs(baseUs: number, capUs: number, retry: number, rng: Rng): number {
  const ceiling = Math.min(capUs, baseUs * 2 ** Math.max(0, retry - 1));
  return Math.round(rng.uniform() * ceiling);
}
