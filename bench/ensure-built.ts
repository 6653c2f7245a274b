// The benchmarks that time the command as a user runs it want the JavaScript that `npm ci`
// builds: this builds dist/ (bin/build.js, as `npm run build`) when it is missing or stale.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDist } from '../bin/build-stamp.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** dist/ as current as the sources, and whether it had to be built for that. */
export function ensureBuilt(): { dist: string; built: boolean } {
  const dist = freshDist(PACKAGE_ROOT);
  if (dist !== null) return { dist, built: false };
  const r = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin/build.js')], { encoding: 'utf8' });
  const now = freshDist(PACKAGE_ROOT);
  if (r.status !== 0 || now === null) throw new Error(`npm run build failed: ${r.stderr}`);
  return { dist: now, built: true };
}
