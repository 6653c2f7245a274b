// Helpers for the command-line tests: a short scenario, a temporary folder per test file, the
// CLI spawned as a real process (for signals and for a working directory of its own), and a
// check that an error is the one-line kind.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { SWEEP_SCENARIO } from '../scenarios/sweep/sweep-scenario.fixture.ts';
import { FAULTLINE_JS, type CliResult } from './commands/sweep-test-cli.fixture.ts';

/** The sweep fixture scenario shortened to a run of a few tens of milliseconds. */
export const SHORT_SCENARIO = SWEEP_SCENARIO.replace('duration: 40s', 'duration: 8s').replace('settle: 10s', 'settle: 3s').replace('at: 5s', 'at: 3s');

/** The same scenario, long enough (hours of simulated time) to be interrupted mid-run. */
export const LONG_SCENARIO = SWEEP_SCENARIO.replace('duration: 40s', 'duration: 10h').replace('rate: 50/s', 'rate: 2000/s');

export function tempRoot(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `faultline-${label}-`));
}

/** Every file and folder under `dir`, relative, sorted ([] when it does not exist). */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

export interface Spawned {
  child: ChildProcess;
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

/** Starts `node bin/faultline.js args...` in `cwd`. */
export function spawnCli(args: string[], cwd: string): Spawned {
  const child = spawn(process.execPath, [FAULTLINE_JS, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ out, err, code: code ?? -1, signal })));
  return { child, done };
}

/** Waits until `ready()` holds, polling every 50 ms, for at most `timeoutMs`. */
export async function waitFor(ready: () => boolean, timeoutMs = 90_000): Promise<void> {
  const start = Date.now();
  while (!ready()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A pid that is not alive: a child that has already exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('close', r));
  return child.pid!;
}

/** Exit 2 and exactly one line on stderr, `faultline: ...`, matching `pattern`. */
export function expectOneLineError(r: CliResult, pattern: RegExp): void {
  const lines = r.err.split('\n').filter((l) => l !== '');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(/^faultline: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.code, r.err).toBe(2);
}
