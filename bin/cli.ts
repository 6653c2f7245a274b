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
import { reportCommand } from './commands/report.ts';
import { compareCommand } from './commands/compare.ts';
import { reportError, UsageError } from './report-error.ts';
import { usageMessage } from './usage-message.ts';

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
      .command(reportCommand)
      .command(compareCommand)
      .demandCommand(1, 'Name a command: run, validate, list, check, sweep, swarm, merge, report or compare (see --help).')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(110, process.stdout.columns ?? 100))
      .fail((msg, err) => {
        // Thrown, so that yargs stops at the first mistake instead of running the command anyway.
        if (err !== undefined && err !== null) throw err;
        throw new UsageError(usageMessage(msg, args));
      })
      .parseAsync();
  } catch (e) {
    process.exitCode = reportError(e);
  }
}
