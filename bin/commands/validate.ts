// `faultline validate [files...]`: checks scenario files without running them (every bundled
// scenario when none is named). Exit 0 when all are valid, 2 when one is not.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { bundledScenarios, resolveScenario, InputError } from '../scenario-files.ts';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { ExitCode } from '../exit.ts';

interface ValidateArgs {
  files: string[];
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate [files..]',
  describe: 'Check scenario files (or every bundled scenario) without running them',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, default: [], describe: 'scenario files or bundled scenario names' })
      .epilogue('Prints "ok" per valid file, or one line naming the file, line and field of the first problem. Exit status 0 if all are valid, 2 otherwise.') as unknown as Argv<ValidateArgs>,
  handler: (argv: ArgumentsCamelCase<ValidateArgs>) => {
    const names = argv.files.length > 0 ? argv.files : bundledScenarios().map((b) => b.file);
    let code: number = ExitCode.Ok;
    for (const name of names) {
      try {
        const src = resolveScenario(name);
        const { scenario } = prepareScenario(src.text, src.shown);
        process.stdout.write(`ok ${src.shown} (${scenario.name}: ${scenario.engine.type}, ${scenario.faults.length} faults, ${scenario.expect.length} expectations)\n`);
      } catch (e) {
        if (!(e instanceof InputError) && (e as Error).name !== 'ScenarioError') throw e;
        process.stderr.write(`faultline: ${(e as Error).message}\n`);
        code = ExitCode.BadInput;
      }
    }
    process.exitCode = code;
  },
};
