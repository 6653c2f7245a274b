// Seed lists for sweeps: `5`, `1,2,7`, `1..1000`, `1..10,20..30` (ranges inclusive at both ends).
// The parsed list is sorted and has no duplicates, so a sweep's row order is the seeds' numeric
// order whatever order the user wrote them in; a seed listed twice (or in two overlapping ranges)
// is an error rather than a run done twice. formatSeeds writes the canonical short form back.
// Leaves out: steps (`1..100/5`) and open ranges.

import { SweepInputError } from './input-error.ts';

/**
 * The most runs one sweep may hold (seeds times parameter combinations): every row is kept in
 * memory until the files are written (about 2 KB a run), and `merge` holds them all too.
 */
export const MAX_RUNS = 100_000;

const INTEGER = /^\d+$/;

function seedValue(text: string, spec: string): number {
  if (!INTEGER.test(text)) throw new SweepInputError(`--seeds ${JSON.stringify(spec)}: ${JSON.stringify(text)} is not a seed (a whole number, 0 or more)`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new SweepInputError(`--seeds ${JSON.stringify(spec)}: ${text} is too large for a seed (at most ${Number.MAX_SAFE_INTEGER})`);
  return n;
}

/** Parses a seed list; throws SweepInputError with a one-line reason. */
export function parseSeeds(spec: string): number[] {
  const trimmed = spec.trim();
  if (trimmed === '') throw new SweepInputError('--seeds: expected seeds like 1..1000, 5, 1,2,7 or 1..10,20..30, got nothing');
  const ranges: [number, number][] = [];
  let total = 0;
  for (const rawPart of trimmed.split(',')) {
    const part = rawPart.trim();
    if (part === '') throw new SweepInputError(`--seeds ${JSON.stringify(spec)}: an empty item (two commas in a row, or a trailing comma)`);
    const m = /^(.*?)\.\.(.*)$/.exec(part);
    let lo: number;
    let hi: number;
    if (m === null) {
      lo = hi = seedValue(part, spec);
    } else {
      if (m[1].trim() === '' || m[2].trim() === '') throw new SweepInputError(`--seeds ${JSON.stringify(spec)}: the range ${JSON.stringify(part)} needs both ends, like 1..100`);
      lo = seedValue(m[1].trim(), spec);
      hi = seedValue(m[2].trim(), spec);
      if (lo > hi) throw new SweepInputError(`--seeds ${JSON.stringify(spec)}: the range ${part} runs backwards (write ${hi}..${lo})`);
    }
    total += hi - lo + 1;
    if (total > MAX_RUNS) throw new SweepInputError(`--seeds ${JSON.stringify(spec)}: more than ${MAX_RUNS} seeds`);
    ranges.push([lo, hi]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] <= ranges[i - 1][1]) {
      throw new SweepInputError(`--seeds ${JSON.stringify(spec)}: seed ${ranges[i][0]} is listed twice`);
    }
  }
  const seeds: number[] = [];
  for (const [lo, hi] of ranges) for (let s = lo; s <= hi; s++) seeds.push(s);
  return seeds;
}

/** The canonical short form of a sorted, duplicate-free seed list: `1..10,20,22..30`. */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < seeds.length) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j] + 1) j++;
    parts.push(j === i ? String(seeds[i]) : j === i + 1 ? `${seeds[i]},${seeds[j]}` : `${seeds[i]}..${seeds[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
