// Runs the faultline command line in this process (stdout and stderr captured) or as a child
// process, for the sweep and merge tests.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../cli.ts';

export const FAULTLINE_JS = fileURLToPath(new URL('../faultline.js', import.meta.url));

export interface CliResult {
  out: string;
  err: string;
  code: number;
}

/** Runs `body` in this process with stdout, stderr and the exit code captured. */
export async function captured(body: () => Promise<unknown>): Promise<CliResult> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = 0;
  try {
    await body();
  } finally {
    vi.restoreAllMocks();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

export function cli(...args: string[]): Promise<CliResult> {
  return captured(() => main(args));
}

/** Runs a printed `faultline ...` command line through sh, with the real entry point, in `cwd`. */
export function shell(command: string, cwd: string): CliResult {
  if (!command.startsWith('faultline ')) throw new Error(`not a faultline command: ${command}`);
  const line = `"${process.execPath}" "${FAULTLINE_JS}" ${command.slice('faultline '.length)}`;
  const r = spawnSync('sh', ['-c', line], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}
