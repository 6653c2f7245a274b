// Finding scenario files: a path, or the name of a bundled scenario in scenarios/.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLED_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Bundled scenario files, by name, sorted. */
export function bundledScenarios(): { name: string; file: string }[] {
  return fs
    .readdirSync(BUNDLED_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.(ya?ml|json)$/, ''), file: path.join(BUNDLED_DIR, f) }));
}

/** Resolves `arg` to a file: an existing path first, then a bundled scenario's name. */
export function resolveScenario(arg: string): { file: string; shown: string; text: string } {
  if (fs.existsSync(arg) && fs.statSync(arg).isFile()) return { file: arg, shown: arg, text: fs.readFileSync(arg, 'utf8') };
  const bundled = bundledScenarios().find((b) => b.name === arg);
  if (bundled !== undefined) return { file: bundled.file, shown: path.relative(process.cwd(), bundled.file) || bundled.file, text: fs.readFileSync(bundled.file, 'utf8') };
  throw new InputError(`${arg}: no such file, and no bundled scenario of that name (see \`faultline list\`)`);
}
