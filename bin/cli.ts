// The faultline command line (yargs). The only code that touches the process, the file system,
// the terminal and wall time; everything it runs below it is deterministic.

import yargs, { type CommandModule } from 'yargs';
import { reportError, UsageError } from './report-error.ts';
import { usageMessage } from './usage-message.ts';
import { packageVersion } from './package-version.ts';

// Each command, loaded only when it is the one asked for: a command module brings in everything
// it runs (the simulator, the checker, the sweep pool), and loading all of them would be most of
// a short command's start-up time. In the order `--help` lists them.
type AnyCommand = CommandModule<object, any>;
const COMMANDS: Record<string, () => Promise<AnyCommand>> = {
  run: async () => (await import('./commands/run.ts')).runCommand,
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  list: async () => (await import('./commands/list.ts')).listCommand,
  check: async () => (await import('./commands/check.ts')).checkCommand,
  sweep: async () => (await import('./commands/sweep.ts')).sweepCommand,
  swarm: async () => (await import('./commands/swarm.ts')).swarmCommand,
  merge: async () => (await import('./commands/merge.ts')).mergeCommand,
  report: async () => (await import('./commands/report.ts')).reportCommand,
  compare: async () => (await import('./commands/compare.ts')).compareCommand,
  fis: async () => (await import('./commands/fis.ts')).fisCommand,
};

/**
 * The commands `args` needs: the one it names (the first word that is not an option); none for
 * a bare `--version`; every one otherwise, so that top-level help lists them all and a mistyped
 * name gets its "did you mean".
 */
export function commandsFor(args: readonly string[]): string[] {
  const named = args.find((a) => !a.startsWith('-'));
  if (named !== undefined && Object.hasOwn(COMMANDS, named)) return [named];
  if (args.length > 0 && args.every((a) => a === '--version')) return [];
  return Object.keys(COMMANDS);
}

export async function main(args: string[]): Promise<void> {
  try {
    const commands = await Promise.all(commandsFor(args).map((name) => COMMANDS[name]()));
    let cli = yargs(args)
      .scriptName('faultline')
      .usage('$0 <command> [options]\n\nDeterministic simulation of cloud database topologies across availability zones.');
    for (const c of commands) cli = cli.command(c);
    await cli
      .demandCommand(1, 'Name a command: run, validate, list, check, sweep, swarm, merge, report or compare (see --help).')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version(packageVersion())
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
