// Finding scenario files: a path, or the name of a bundled scenario in scenarios/.

import fs from 'node:fs';
import path from 'node:path';
import { nearestNames } from './nearest-names.ts';
import { inputOnFsError } from './fs-error.ts';
import { PACKAGE_ROOT } from './build-layout.ts';

export const BUNDLED_DIR = path.join(PACKAGE_ROOT, 'scenarios');

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
  const stat = fs.statSync(arg, { throwIfNoEntry: false });
  if (stat?.isDirectory() === true) throw new InputError(`${arg}: is a directory, not a scenario file`);
  if (stat !== undefined) {
    if (!stat.isFile()) throw new InputError(`${arg}: not a regular file (a device or a pipe?); name a scenario file`);
    return { file: arg, shown: arg, text: inputOnFsError(() => fs.readFileSync(arg, 'utf8'), arg) };
  }
  const all = bundledScenarios();
  const bundled = all.find((b) => b.name === arg);
  if (bundled !== undefined) return { file: bundled.file, shown: path.relative(process.cwd(), bundled.file) || bundled.file, text: fs.readFileSync(bundled.file, 'utf8') };
  const near = nearestNames(arg, all.map((b) => b.name));
  const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : ' (see `faultline list`)';
  throw new InputError(`${arg}: no such file, and no bundled scenario of that name${hint}`);
}
