// `faultline sweep <scenario|name> --seeds 1..1000 [--jobs N] [--set engine.<option>=a,b ...]
// [--out DIR] [--shard i/N] [--verify-determinism] [--no-check]`: runs every (parameter
// combination x seed) on worker threads and writes sweep.csv, aggregate.csv and sweep.json.
// Exit codes: 0 every expectation held in every run, 1 one failed somewhere, 2 bad input
// (before anything runs), 3 a simulator invariant broke or a rerun disagreed (a bug).

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { executeSweep } from '../sweep/execute.ts';
import { VERIFY_EVERY } from '../../scenarios/sweep/jobs.ts';
import { estimateFor, refusal } from '../../scenarios/estimate.ts';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { resolveScenario } from '../scenario-files.ts';
import { ExitCode, fail } from '../exit.ts';
import { SHARD_OPTIONS, shardArgs } from '../sweep/shard-options.ts';
import { parseIntegerFlag } from '../integer-flag.ts';
import { POLICY_OPTION, readPolicyOrExit } from '../policy-flag.ts';
import { parsePolicyQuantile } from '../../reports/policy/sweep-compliance.ts';

interface SweepCliArgs {
  scenario: string;
  seeds?: string;
  jobs?: string;
  set?: string | string[];
  out?: string;
  shard?: string;
  shardIndex?: number;
  shardCount?: number;
  verifyDeterminism: boolean;
  check: boolean;
  yes: boolean;
  policy?: string;
  policyQuantile: string;
}

export const sweepCommand: CommandModule<object, SweepCliArgs> = {
  command: 'sweep <scenario>',
  describe: 'Run a scenario over many seeds (and engine parameter grids) on every core; write per-run and aggregate CSVs',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file (YAML or JSON), or a bundled scenario name from `faultline list`' })
      .option('seeds', { type: 'string', describe: "seeds to run: 1..1000, 5, 1,2,7 or 1..10,20..30 (default: the file's seed)" })
      .option('jobs', { alias: 'j', type: 'string', describe: 'worker threads (default: every core)' })
      .option('set', {
        type: 'string',
        describe: 'engine.<option>=v1,v2,...: sweep an engine option over these values (repeatable: the runs are the cartesian product, times the seeds)',
      })
      .option('out', { type: 'string', describe: 'output folder (default: faultline-out/<name>/sweep/, or sweep-<i>of<N>/ for a shard)' })
      .options(SHARD_OPTIONS)
      .option('verify-determinism', { type: 'boolean', default: false, describe: `rerun every ${VERIFY_EVERY}th run on another worker and compare digests of all its outputs (exit 3 on the first difference)` })
      .option('check', { type: 'boolean', default: true, describe: 'check each history for linearizability, as `faultline run` does (--no-check: faster, `linearizable` left empty)' })
      .option('yes', { type: 'boolean', default: false, describe: "run even when one run's estimate (see `faultline validate`) is over a soft limit of docs/limits.md" })
      .option('policy', POLICY_OPTION)
      .option('policy-quantile', { type: 'string', default: 'worst', describe: "judge the policy on this quantile of each fault's RTO and RPO over the seeds: p50, p99, p99.9 ... or worst" })
      .example('$0 sweep rds-multi-az-writer-crash --seeds 1..1000', 'the distribution of the outage over 1,000 seeds')
      .example('$0 sweep rds-multi-az-writer-crash --seeds 1..100 --set engine.dns_ttl=5s,30s --set engine.health_check_interval=2s,5s', '4 combinations x 100 seeds')
      .example('$0 sweep rds-multi-az-writer-crash --seeds 1..1000 --shard 2/4 --out shard-2', 'one quarter of a sweep, for a batch cluster')
      .epilogue(
        'Runs run in a fixed order: parameter combination (the first --set varies slowest), then seed (ascending). ' +
          'sweep.csv has one row per run in that order: the --set parameters as columns, then the columns of summary.csv. ' +
          'aggregate.csv has, per combination and metric (every numeric summary column; linearizable as 1/0), count, mean, ' +
          'sd (sample), min, p50, p90, p99 (nearest rank), max and ci95_low/ci95_high (Student t interval of the mean). ' +
          'sweep.json records what was swept and the failing runs. Results do not depend on --jobs or on the order workers finish. ' +
          'Every run is the same as `faultline run <scenario> --seed N [--set ...]`: each failing run is listed with that command. ' +
          'A shard writes its slice of sweep.csv and sweep.json; `faultline merge` joins the shards into the files the unsharded sweep writes. ' +
          'Exit status: 0 all `expect` entries held in every run, 1 one failed in some run, 2 bad input (nothing runs), 3 simulator bug ' +
          '(a broken invariant or a failed determinism check; the message gives the command that reproduces it).',
      ) as unknown as Argv<SweepCliArgs>,
  handler: async (argv: ArgumentsCamelCase<SweepCliArgs>) => {
    const set = argv.set === undefined ? [] : Array.isArray(argv.set) ? argv.set.map(String) : [String(argv.set)];
    let policyPercent: number;
    try {
      policyPercent = parsePolicyQuantile(argv.policyQuantile);
    } catch (e) {
      process.exitCode = fail(ExitCode.BadInput, (e as Error).message);
      return;
    }
    const policy = argv.policy === undefined ? undefined : readPolicyOrExit(argv.policy);
    if (typeof policy === 'number') {
      process.exitCode = policy;
      return;
    }
    const refused = sweepRefusal(argv.scenario, argv.yes);
    if (refused !== undefined) {
      process.exitCode = fail(ExitCode.BadInput, refused);
      return;
    }
    const r = await executeSweep({
      scenario: argv.scenario,
      seeds: argv.seeds === undefined ? undefined : String(argv.seeds),
      jobs: parseIntegerFlag('--jobs', argv.jobs, 1),
      set,
      out: argv.out,
      ...shardArgs(argv),
      verifyDeterminism: argv.verifyDeterminism,
      check: argv.check,
      policy,
      policyPercent,
    });
    process.exitCode = r.code;
  },
};

/**
 * The estimate of one run of the scenario as written (before --set), refused as `run` refuses it.
 * A scenario that does not load is left to executeSweep, which reports it as every sweep input.
 */
function sweepRefusal(scenario: string, yes: boolean): string | undefined {
  let loaded;
  try {
    const src = resolveScenario(scenario);
    loaded = { src, s: prepareScenario(src.text, src.shown).scenario };
  } catch {
    return undefined;
  }
  return refusal(loaded.src.shown, estimateFor(loaded.s, 1_000_000, false), 1_000_000, yes);
}
