// The command that replays one run of a sweep: `faultline run <scenario> --seed N`, plus a `--set`
// per parameter of its combination and `--no-check` when the sweep skipped the linearizability
// check, quoted for a POSIX shell. `run` loads `--set` values exactly as the sweep does, so the
// replay runs the very scenario text the sweep ran.

import { assignmentText, type Combination } from '../../scenarios/sweep/set-grid.ts';
import { shellQuote } from '../shell-quote.ts';

export function replayArgs(scenario: string, seed: number, combo: Combination, check: boolean): string[] {
  const args = ['run', scenario, '--seed', String(seed)];
  for (const a of combo) args.push('--set', assignmentText(a));
  if (!check) args.push('--no-check');
  return args;
}

export function replayCommand(scenario: string, seed: number, combo: Combination, check: boolean): string {
  return ['faultline', ...replayArgs(scenario, seed, combo, check)].map(shellQuote).join(' ');
}
