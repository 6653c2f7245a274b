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

/** What the command line says about sharding; `env` is process.env (tests pass their own). */
export interface ShardFlags {
  /** `i/N` (1-based) or `auto`. */
  shard?: string;
  /** 0-based, with shardCount (a GitHub Actions matrix: `--shard-index ${{ matrix.index }}`). */
  shardIndex?: number;
  shardCount?: number;
}

const wholeNumber = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function envIndex(env: Record<string, string | undefined>, name: string): number {
  const text = env[name]!;
  if (!/^\s*\d+\s*$/.test(text)) throw new SweepInputError(`--shard auto: ${name}=${JSON.stringify(text)} is not a whole number (a 0-based shard index)`);
  return Number(text);
}

/**
 * The shard to run, 1-based, from `--shard i/N`, `--shard-index I --shard-count N` (0-based) or
 * `--shard auto`, which reads the 0-based index a batch system gives each task: Kubernetes Indexed
 * Jobs set JOB_COMPLETION_INDEX, AWS Batch array jobs set AWS_BATCH_JOB_ARRAY_INDEX. Neither tells
 * a task how many there are, so the count comes from --shard-count, else AWS_BATCH_JOB_ARRAY_SIZE
 * (set it in the job's environment), else JOB_COMPLETIONS (likewise, for Kubernetes).
 */
export function resolveShard(f: ShardFlags, env: Record<string, string | undefined>): Shard {
  if (f.shardCount !== undefined && !(wholeNumber(f.shardCount) && f.shardCount >= 1)) throw new SweepInputError(`--shard-count ${f.shardCount}: expected a whole number of shards, 1 or more`);
  if (f.shardIndex !== undefined) {
    if (f.shard !== undefined) throw new SweepInputError('--shard-index: give either --shard or --shard-index with --shard-count, not both');
    if (!wholeNumber(f.shardIndex)) throw new SweepInputError(`--shard-index ${f.shardIndex}: expected a whole number from 0 (0-based)`);
    if (f.shardCount === undefined) throw new SweepInputError('--shard-index: also give --shard-count N (how many shards there are)');
    return zeroBased(f.shardIndex, f.shardCount, '--shard-index');
  }
  if (f.shard === undefined) {
    if (f.shardCount !== undefined) throw new SweepInputError('--shard-count: also give --shard auto or --shard-index I');
    return WHOLE;
  }
  if (f.shard.trim() !== 'auto') {
    if (f.shardCount !== undefined) throw new SweepInputError(`--shard-count: not with --shard ${f.shard} (i/N names the count already)`);
    return parseShard(f.shard);
  }
  const sources = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'].filter((n) => env[n] !== undefined && env[n] !== '');
  if (sources.length === 0) throw new SweepInputError('--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job) is set; outside those use --shard i/N or --shard-index I --shard-count N');
  if (sources.length > 1) throw new SweepInputError('--shard auto: both JOB_COMPLETION_INDEX and AWS_BATCH_JOB_ARRAY_INDEX are set; unset one, or use --shard-index I --shard-count N');
  const index = envIndex(env, sources[0]);
  let count = f.shardCount;
  let countFrom = '--shard-count';
  for (const name of ['AWS_BATCH_JOB_ARRAY_SIZE', 'JOB_COMPLETIONS']) {
    if (count !== undefined) break;
    const text = env[name];
    if (text === undefined || text === '') continue;
    if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) throw new SweepInputError(`--shard auto: ${name}=${JSON.stringify(text)} is not a whole number of shards, 1 or more`);
    count = Number(text);
    countFrom = name;
  }
  if (count === undefined) throw new SweepInputError(`--shard auto: ${sources[0]}=${index} gives the shard but not how many there are: add --shard-count N (or set AWS_BATCH_JOB_ARRAY_SIZE or JOB_COMPLETIONS)`);
  return zeroBased(index, count, `--shard auto (${sources[0]}=${index}, ${countFrom}=${count})`);
}

function zeroBased(index: number, count: number, what: string): Shard {
  if (index >= count) throw new SweepInputError(`${what}: the index must be between 0 and ${count - 1} (0-based, ${count} shards)`);
  return { index: index + 1, count };
}
