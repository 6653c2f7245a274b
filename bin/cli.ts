// The faultline command line (yargs). The only code that touches the process, the file system,
// the terminal and wall time; everything it runs below it is deterministic.

import yargs from 'yargs';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { listCommand } from './commands/list.ts';
import { checkCommand } from './commands/check.ts';
import { sweepCommand } from './commands/sweep.ts';
import { mergeCommand } from './commands/merge.ts';
import { swarmCommand } from './commands/swarm.ts';
import { ExitCode, fail } from './exit.ts';
import { reportError } from './report-error.ts';

export async function main(args: string[]): Promise<void> {
  try {
    await yargs(args)
      .scriptName('faultline')
      .usage('$0 <command> [options]\n\nDeterministic simulation of cloud database topologies across availability zones.')
      .command(runCommand)
      .command(validateCommand)
      .command(listCommand)
      .command(checkCommand)
      .command(sweepCommand)
      .command(swarmCommand)
      .command(mergeCommand)
      .demandCommand(1, 'Name a command: run, validate, list, check, sweep, swarm or merge (see --help).')
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
    process.exitCode = reportError(e);
  }
}
