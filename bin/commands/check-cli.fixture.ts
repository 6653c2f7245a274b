// Test helpers for `faultline check`: history files in a temporary folder, and the command run
// in-process through yargs with stdout, stderr and the exit code captured.
// Leaves out: spawning a child process (the CLI tests in test/ do that).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { checkCommand } from './check.ts';
import { captured } from './sweep-test-cli.fixture.ts';

export interface CheckRun {
  readonly out: string;
  readonly err: string;
  readonly code: number;
}

/** A temporary folder for history files; `remove()` deletes it. */
export function historyFolder(prefix = 'faultline-check-'): { dir: string; file(name: string, lines: object[] | string): string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file(name, lines) {
      const p = path.join(dir, name);
      writeFileSync(p, typeof lines === 'string' ? lines : lines.map((l) => JSON.stringify(l)).join('\n'));
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `faultline check ...args` in-process. */
export function runCheck(...args: string[]): Promise<CheckRun> {
  return captured(() => yargs(['check', ...args]).command(checkCommand).strict().exitProcess(false).fail(false).parseAsync());
}
