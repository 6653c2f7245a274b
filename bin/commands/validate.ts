// `faultline validate [files...] [--interval D]`: checks scenario files without running them
// (every bundled scenario when none is named) and prints, per valid file, an estimate of what
// running it costs and any limit it is over. Exit 0 when all are valid, 2 when one is not (each
// of its problems on its own line, up to 20) or is over an absolute limit.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { bundledScenarios, resolveScenario, InputError } from '../scenario-files.ts';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { estimateFor, formatEstimate, overruns } from '../../scenarios/estimate.ts';
import { parseDuration } from '../../scenarios/format/units.ts';
import type { ScenarioError } from '../../scenarios/format/scenario-error.ts';
import { ExitCode, fail } from '../exit.ts';

interface ValidateArgs {
  files: string[];
  interval: string;
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate [files..]',
  describe: 'Check scenario files (or every bundled scenario) without running them; estimate what running them costs',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, default: [], describe: 'scenario files or bundled scenario names' })
      .option('interval', { type: 'string', default: '1s', describe: 'the time-series interval the estimate assumes, as `run --interval`' })
      .epilogue(
        'Prints "ok" per valid file and an estimate of its run (operations, simulated events, memory, history.jsonl size, ' +
          'wall time), with any limit of docs/limits.md it is over; or one line per problem naming the file, line and field ' +
          '(up to 20 per file). Exit status 0 if all are valid, 2 otherwise.',
      ) as unknown as Argv<ValidateArgs>,
  handler: (argv: ArgumentsCamelCase<ValidateArgs>) => {
    let intervalUs: number;
    try {
      intervalUs = parseDuration(argv.interval);
    } catch (e) {
      process.exitCode = fail(ExitCode.BadInput, `--interval: ${(e as Error).message}`);
      return;
    }
    const names = argv.files.length > 0 ? argv.files : bundledScenarios().map((b) => b.file);
    let code: number = ExitCode.Ok;
    for (const name of names) {
      try {
        const src = resolveScenario(name);
        const { scenario } = prepareScenario(src.text, src.shown);
        process.stdout.write(`ok ${src.shown} (${scenario.name}: ${scenario.engine.type}, ${scenario.faults.length} faults, ${scenario.expect.length} expectations)\n`);
        const estimate = estimateFor(scenario, intervalUs);
        process.stdout.write(`  ${formatEstimate(estimate)}\n`);
        for (const o of overruns(estimate, intervalUs)) {
          if (o.absolute) code = fail(ExitCode.BadInput, `${src.shown}: ${o.text} (docs/limits.md)`);
          else process.stdout.write(`  ${o.text} (docs/limits.md): run and sweep need --yes\n`);
        }
      } catch (e) {
        if (e instanceof InputError) {
          code = fail(ExitCode.BadInput, e.message);
          continue;
        }
        if ((e as Error).name !== 'ScenarioError') throw e;
        for (const line of (e as ScenarioError).lines()) process.stderr.write(`faultline: ${line}\n`);
        code = ExitCode.BadInput;
      }
    }
    process.exitCode = code;
  },
};
