// `--policy policy.json` on run and sweep: reads a resiliency policy file and puts it on the
// scenario in place of any `policy:` section the scenario has. A missing or unreadable file, or a
// policy that does not read, is bad input: its lines (file:line: field: problem) and exit 2.

import fs from 'node:fs';
import type { Scenario } from '../scenarios/format/scenario.ts';
import { loadPolicyFile } from '../scenarios/format/policy-section.ts';
import type { ResiliencyPolicy } from '../reports/policy/resiliency-policy.ts';
import type { ScenarioError } from '../scenarios/format/scenario-error.ts';
import { inputOnFsError } from './fs-error.ts';
import { InputError } from './scenario-files.ts';
import { ExitCode, fail } from './exit.ts';

export const POLICY_OPTION = {
  type: 'string',
  describe: 'a resiliency policy (JSON in the shape of Resilience Hub\'s CreateResiliencyPolicy): each fault is judged against it; a breach exits 1',
} as const;

/** The policy file read, or the exit code (2) after its problems are printed. */
export function readPolicyOrExit(file: string): ResiliencyPolicy | number {
  try {
    return loadPolicyFile(inputOnFsError(() => fs.readFileSync(file, 'utf8'), file), file);
  } catch (e) {
    if (e instanceof InputError) return fail(ExitCode.BadInput, `--policy: ${e.message}`);
    if ((e as Error).name !== 'ScenarioError') throw e;
    for (const line of (e as ScenarioError).lines()) fail(ExitCode.BadInput, line);
    return ExitCode.BadInput;
  }
}

export function withPolicy(s: Scenario, policy: ResiliencyPolicy | undefined): Scenario {
  return policy === undefined ? s : { ...s, policy };
}
