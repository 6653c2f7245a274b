// What the CLI does with an error that escaped a command: a broken simulator invariant is exit 3
// with the command that reproduces it; anything else is an internal error (also exit 3, a bug),
// with the stack for the bug report.

import { ExitCode } from './exit.ts';

export interface RunContext {
  seed?: number;
  scenarioName?: string;
}

export function reportError(e: unknown, write: (text: string) => void = (t) => process.stderr.write(t)): number {
  const err = e as Error & RunContext;
  const replay = err.scenarioName !== undefined ? ` (reproduce: faultline run ${err.scenarioName} --seed ${err.seed})` : '';
  if (err.name === 'SimInvariantError') {
    write(`faultline: simulator invariant broken: ${String(err.message).replace(/\s*\n\s*/g, ' ')}${replay}\n`);
    return ExitCode.SimulatorBug;
  }
  write(`faultline: internal error${replay}: ${err.stack ?? err.message}\n`);
  return ExitCode.SimulatorBug;
}


