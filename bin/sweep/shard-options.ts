// The sharding flags `sweep` and `swarm` share: `--shard i/N` (1-based), `--shard auto` (the
// 0-based index a batch system sets in the environment) and `--shard-index I --shard-count N`
// (0-based, for a CI matrix). bin/sweep/shard.ts resolves them; this only declares them.

import type { Options } from 'yargs';

export const SHARD_OPTIONS: Record<string, Options> = {
  shard: {
    type: 'string',
    describe:
      'run only shard i of N (1-based, e.g. 2/4): the run at position k (from 0) goes to shard (k mod N) + 1; join the folders with `faultline merge`. ' +
      '`auto`: the 0-based index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job), the count from --shard-count, AWS_BATCH_JOB_ARRAY_SIZE or JOB_COMPLETIONS',
  },
  'shard-index': { type: 'number', describe: 'run only shard I (0-based, e.g. a GitHub Actions matrix index) of --shard-count N' },
  'shard-count': { type: 'number', describe: 'how many shards there are (with --shard-index, or --shard auto)' },
};

export function shardArgs(argv: { shard?: unknown; shardIndex?: unknown; shardCount?: unknown }): { shard?: string; shardIndex?: number; shardCount?: number } {
  return {
    shard: argv.shard === undefined ? undefined : String(argv.shard),
    shardIndex: argv.shardIndex === undefined ? undefined : Number(argv.shardIndex),
    shardCount: argv.shardCount === undefined ? undefined : Number(argv.shardCount),
  };
}
