// Test helpers for `faultline check`: history files in a temporary folder, and the command run
// in-process through yargs with stdout, stderr and the exit code captured.
// Leaves out: spawning a child process (the CLI tests in test/ do that).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import yargs from 'yargs';
import { checkCommand } from './check.ts';

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
export async function runCheck(...args: string[]): Promise<CheckRun> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = 0;
  try {
    await yargs(['check', ...args]).command(checkCommand).strict().exitProcess(false).fail(false).parseAsync();
  } finally {
    vi.restoreAllMocks();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}
