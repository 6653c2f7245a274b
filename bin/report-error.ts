// What the CLI does with an error that escaped a command: bad input (a usage mistake, an input
// error, a file-system error such as a full disk) is exit 2 with one line; a broken simulator
// invariant is exit 3 with the command that reproduces it; anything else is an internal error
// (also exit 3, a bug), with the stack for the bug report.

import { ExitCode } from './exit.ts';
import { fsErrorText, isFsError } from './fs-error.ts';
import { shellQuote } from './shell-quote.ts';

/** Errors that are the user's input, not a bug: one line, exit 2. */
const INPUT_ERRORS = new Set(['InputError', 'UsageError', 'ScenarioError', 'SweepInputError']);

/** A command-line usage mistake found by the argument parser. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface RunContext {
  seed?: number;
  /** The scenario as the user named it (a file or a bundled name). */
  scenarioName?: string;
  /** The run's `--set` flags, `engine.<option>=<value>`. */
  sets?: readonly string[];
}

/** ` (reproduce: faultline run <scenario> --seed N --set ...)`, or '' when no run was under way. */
function replayHint(err: RunContext): string {
  if (err.scenarioName === undefined) return '';
  const args = ['faultline', 'run', err.scenarioName, '--seed', String(err.seed)];
  for (const a of err.sets ?? []) args.push('--set', a);
  return ` (reproduce: ${args.map(shellQuote).join(' ')})`;
}

export function reportError(e: unknown, write: (text: string) => void = (t) => process.stderr.write(t)): number {
  const err = e as Error & RunContext;
  const line = (text: string) => String(text).replace(/\s*\n\s*/g, ' ');
  if (INPUT_ERRORS.has(err?.name)) {
    write(`faultline: ${line(err.message)}\n`);
    return ExitCode.BadInput;
  }
  if (isFsError(err)) {
    write(`faultline: ${line(fsErrorText(err))}\n`);
    return ExitCode.BadInput;
  }
  const replay = replayHint(err);
  if (err.name === 'SimInvariantError') {
    write(`faultline: simulator invariant broken: ${line(err.message)}${replay}\n`);
    return ExitCode.SimulatorBug;
  }
  write(`faultline: internal error${replay}: ${err.stack ?? err.message}\n`);
  return ExitCode.SimulatorBug;
}
