// `faultline swarm <scenario|name> --seeds A..B [--faults kinds] [--within-tolerance] [--out DIR]
// [--shard ...] [--jobs N] [--shrink N] [--shrink-runs N]`: random fault schedules, one per seed,
// each run judged by the properties its engine promises; failing seeds are written as scenario
// files and the first few shrunk. Exit codes: 0 every property held, 1 a seed failed, 2 bad input.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { executeSwarm } from '../swarm/execute.ts';
import { SHARD_OPTIONS, shardArgs } from '../sweep/shard-options.ts';

interface SwarmCliArgs {
  scenario: string;
  seeds?: string;
  faults?: string;
  withinTolerance: boolean;
  out?: string;
  shard?: string;
  shardIndex?: number;
  shardCount?: number;
  jobs?: number;
  shrink?: number;
  shrinkRuns?: number;
}

export const swarmCommand: CommandModule<object, SwarmCliArgs> = {
  command: 'swarm <scenario>',
  describe: 'Run a scenario under a random fault schedule per seed, check the properties its engine promises, and shrink failing schedules',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file (YAML or JSON), or a bundled scenario name from `faultline list` (its own faults are replaced)' })
      .option('seeds', { type: 'string', describe: "seeds to run: 1..1000, 5, 1,2,7 or 1..10,20..30 (default: the file's seed); each seed gives its own fault schedule" })
      .option('faults', { type: 'string', describe: 'fault kinds to draw from, comma-separated (default: every kind, or with --within-tolerance every kind the engine survives)' })
      .option('within-tolerance', { type: 'boolean', default: false, describe: 'keep to the faults the engine promises to survive (see docs/swarm.md)' })
      .option('out', { type: 'string', describe: 'output folder (default: faultline-out/<name>/swarm/, or swarm-<i>of<N>/ for a shard)' })
      .options(SHARD_OPTIONS)
      .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: every core)' })
      .option('shrink', { type: 'number', describe: 'shrink the first N failing seeds (default 3; 0: none)' })
      .option('shrink-runs', { type: 'number', describe: 'runs one shrink may use (default 200)' })
      .example('$0 swarm swarm-aurora --seeds 1..2000 --within-tolerance', 'what Aurora promises, under 2,000 schedules')
      .example('$0 swarm swarm-rds-multi-az --seeds 1..500 --faults restart,failover', 'beyond the promise: restarts and operator failovers')
      .example('$0 swarm swarm-dynamodb --seeds 1..100000 --shard auto --shard-count 50', 'one task of a 50-way Kubernetes Indexed Job')
      .epilogue(
        'Each seed draws a schedule of 1-8 faults (which kinds are on, when, how long, which nodes or AZs) and every fault heals ' +
          'before the liveness phase: the engine\'s recovery bound, then 20 s in which every write must succeed. Properties: ' +
          'linearizable strong reads (a retried write applied twice, labelled duplicate-apply in the summary, is not a failure), ' +
          'no lost acknowledged writes (synchronous engines), bounded loss (Redis), no simulator invariant broken, liveness. ' +
          'Writes swarm.csv, swarm.json, and seed-<n>.yaml (the failing run as a plain scenario file) and seed-<n>-min.yaml (shrunk) ' +
          'for failing seeds. Shards join with `faultline merge`. Exit status: 0 every property held, 1 a seed failed, 2 bad input.',
      ) as unknown as Argv<SwarmCliArgs>,
  handler: async (argv: ArgumentsCamelCase<SwarmCliArgs>) => {
    const r = await executeSwarm({
      scenario: argv.scenario,
      seeds: argv.seeds === undefined ? undefined : String(argv.seeds),
      faults: argv.faults === undefined ? undefined : String(argv.faults),
      withinTolerance: argv.withinTolerance,
      out: argv.out,
      ...shardArgs(argv),
      jobs: argv.jobs,
      shrink: argv.shrink,
      shrinkRuns: argv.shrinkRuns,
    });
    process.exitCode = r.code;
  },
};
