// `faultline run <scenario|name> [--seed N] [--out DIR] [--interval D]`: runs one scenario,
// prints the summary, and writes summary.csv, timeseries.csv, events.csv and history.jsonl.
// Exit codes: 0 every expectation held, 1 one failed, 2 bad input, 3 a simulator invariant broke.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { parseDuration } from '../../scenarios/format/units.ts';
import { defaultOutDir } from '../output-dir.ts';
import { executeRun } from '../run-execute.ts';
import { resolveScenario, InputError } from '../scenario-files.ts';
import { fail, ExitCode } from '../exit.ts';
import { parseIntegerFlag } from '../integer-flag.ts';
import { prepareWithSetsOrExit } from '../sweep/set-flags.ts';
import { estimateFor, refusal } from '../../scenarios/estimate.ts';
import { limitHeadroomFor } from '../heap-headroom.ts';
import type { ScenarioError } from '../../scenarios/format/scenario-error.ts';
import { POLICY_OPTION, readPolicyOrExit, withPolicy } from '../policy-flag.ts';
import { parseHistoryFlag, type HistoryMode } from '../history-mode.ts';

interface RunArgs {
  scenario: string;
  seed?: string;
  out?: string;
  interval: string;
  history?: string | boolean;
  check: boolean;
  quiet: boolean;
  report: boolean;
  set?: string | string[];
  yes: boolean;
  policy?: string;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenario>',
  describe: 'Run a scenario (a file, or the name of a bundled one) and write its CSV reports',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file (YAML or JSON), or a bundled scenario name from `faultline list`' })
      .option('seed', { type: 'string', describe: "run with this seed instead of the file's `seed`" })
      .option('out', { type: 'string', describe: 'output folder (default: faultline-out/<name>/seed-<seed>/; with --set, faultline-out/<name>/<option=value,...>/seed-<seed>/)' })
      .option('interval', { type: 'string', default: '1s', describe: 'time-series bucket width (a duration: 500ms, 1s, 1m)' })
      .option('history', {
        type: 'string',
        describe: 'what history to write: full (history.jsonl, the default; --history alone), gz (history.jsonl.gz), sample=N (every operation of about 1 key in N, chosen from the seed); --no-history writes none',
      })
      .option('check', { type: 'boolean', default: true, describe: 'check the history for linearizability (--no-check skips it: `linearizable` is then empty)' })
      .option('report', { type: 'boolean', default: true, describe: 'write report.html: verdict, charts with the fault windows shaded, event timeline, per-fault table (--no-report skips it)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print only the expectation results' })
      .option('set', { type: 'string', describe: 'engine.<option>=<value>: override an engine option (repeatable), as in the replay commands of `faultline sweep`' })
      .option('yes', { type: 'boolean', default: false, describe: 'run even when the estimate (see `faultline validate`) is over a soft limit of docs/limits.md' })
      .option('policy', POLICY_OPTION)
      .epilogue(
        'Writes summary.csv (one row of figures), timeseries.csv (one row per interval), events.csv (faults, ' +
          'detections, promotions, DNS changes...), faults.csv (per fault: detection, failover, outage, lost ' +
          'writes, RPO, stale reads, CAP verdict of partitions), history.jsonl (every operation, Jepsen-style; see --history) and, ' +
          'when the history is not linearizable, violation.txt (the smallest failing window found), and report.html ' +
          '(the verdict, charts over simulated time with the fault windows shaded, the event timeline; see `faultline report`). ' +
          'Exit status: 0 all `expect` entries held, 1 one failed, 2 bad input, 3 simulator bug (the message gives the seed).',
      ) as unknown as Argv<RunArgs>,
  handler: async (argv: ArgumentsCamelCase<RunArgs>) => {
    process.exitCode = await runOnce(argv);
  },
};

async function runOnce(argv: RunArgs): Promise<number> {
  let src;
  try {
    src = resolveScenario(argv.scenario);
  } catch (e) {
    if (e instanceof InputError) return fail(ExitCode.BadInput, e.message);
    throw e;
  }
  const seed = parseIntegerFlag('--seed', argv.seed, 0);
  let history: HistoryMode;
  try {
    history = parseHistoryFlag(argv.history);
  } catch (e) {
    if (e instanceof InputError) return fail(ExitCode.BadInput, e.message);
    throw e;
  }
  let intervalUs: number;
  try {
    intervalUs = parseDuration(argv.interval);
  } catch (e) {
    return fail(ExitCode.BadInput, `--interval: ${(e as Error).message}`);
  }
  if (intervalUs <= 0) return fail(ExitCode.BadInput, '--interval: must be longer than 0');
  const loaded = argv.set === undefined ? prepareOrExit(src.text, src.shown, seed) : prepareWithSetsOrExit(src.text, src.shown, argv.set, seed);
  if (typeof loaded === 'number') return loaded;
  const policy = argv.policy === undefined ? undefined : readPolicyOrExit(argv.policy);
  if (typeof policy === 'number') return policy;
  const s = withPolicy(loaded.scenario, policy);
  const estimate = estimateFor(s, intervalUs, history.kind !== 'none');
  const refused = refusal(src.shown, estimate, intervalUs, argv.yes);
  if (refused !== undefined) return fail(ExitCode.BadInput, refused);
  // Before the run's thread starts: V8's flags are the process's.
  limitHeadroomFor(estimate.operations);
  const sets = setList(argv.set);
  const outDir = argv.out ?? defaultOutDir(s.name, s.seed, sets);
  return executeRun({ scenario: s, intervalUs, history, check: argv.check, quiet: argv.quiet, report: argv.report, outDir, scenarioArg: argv.scenario, sets });
}

function setList(set: string | string[] | undefined): string[] {
  return set === undefined ? [] : Array.isArray(set) ? set.map(String) : [String(set)];
}

/** Loads and validates; on bad input prints one line and returns exit code 2. */
export function prepareOrExit(text: string, file: string, seed?: number) {
  try {
    return prepareScenario(text, file, { seedOverride: seed });
  } catch (e) {
    if ((e as Error).name !== 'ScenarioError') throw e;
    // Every problem of the file on its own line (up to 20).
    for (const line of (e as ScenarioError).lines()) fail(ExitCode.BadInput, line);
    return ExitCode.BadInput;
  }
}
