// `--shard i/N`: run the i-th of N slices of a sweep (i from 1, as jest and playwright count). A run
// belongs to shard (index mod N) + 1, index being its place in the sweep's canonical order, so the
// slices are fixed by the sweep alone (not by workers or machines) and have sizes within one of
// each other, with every parameter combination spread over all of them.

import { SweepInputError } from '../../scenarios/sweep/input-error.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const WHOLE: Shard = { index: 1, count: 1 };

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) throw new SweepInputError(`--shard ${JSON.stringify(text)}: expected i/N, like 1/4 (the first of four shards)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new SweepInputError(`--shard ${text}: the number of shards must be at least 1`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) throw new SweepInputError(`--shard ${text}: the shard must be between 1 and ${count}`);
  return { index, count };
}

export function shardText(s: Shard): string {
  return `${s.index}/${s.count}`;
}

export function inShard(runIndex: number, s: Shard): boolean {
  return runIndex % s.count === s.index - 1;
}

/** How many of `total` runs shard `s` holds. */
export function shardSize(total: number, s: Shard): number {
  return Math.floor(total / s.count) + (s.index - 1 < total % s.count ? 1 : 0);
}
