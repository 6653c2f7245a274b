// The faultline command line (yargs). The only code that touches the process, the file system,
// the terminal and wall time; everything it runs below it is deterministic.

import yargs from 'yargs';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { listCommand } from './commands/list.ts';
import { checkCommand } from './commands/check.ts';
import { ExitCode, fail } from './exit.ts';

export async function main(args: string[]): Promise<void> {
  try {
    await yargs(args)
      .scriptName('faultline')
      .usage('$0 <command> [options]\n\nDeterministic simulation of cloud database topologies across availability zones.')
      .command(runCommand)
      .command(validateCommand)
      .command(listCommand)
      .command(checkCommand)
      .demandCommand(1, 'Name a command: run, validate, list or check (see --help).')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(110, process.stdout.columns ?? 100))
      .fail((msg, err) => {
        if (err !== undefined && err !== null) throw err;
        process.exitCode = fail(ExitCode.BadInput, msg);
      })
      .parseAsync();
  } catch (e) {
    const err = e as Error & { seed?: number; scenarioName?: string };
    if (err.name === 'SimInvariantError') {
      const where = err.scenarioName !== undefined ? ` (reproduce: faultline run ${err.scenarioName} --seed ${err.seed})` : '';
      process.exitCode = fail(ExitCode.SimulatorBug, `simulator invariant broken: ${err.message}${where}`);
      return;
    }
    const where = err.scenarioName !== undefined ? ` in ${err.scenarioName} seed ${err.seed}` : '';
    process.stderr.write(`faultline: internal error${where}: ${err.stack ?? err.message}\n`);
    process.exitCode = ExitCode.SimulatorBug;
  }
}
