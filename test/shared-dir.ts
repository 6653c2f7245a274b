// Where the shared reference material lives (../shared beside the repository: the histories
// corpus). Looked for, in order: $FAULTLINE_SHARED, ../shared beside this checkout, and ../shared
// beside the repository this one was cloned from (a CI job that clones into a temporary folder).
// Never copied into the repository; when it cannot be found, the tests that need it fail loudly.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function originShared(): string | null {
  try {
    const url = execFileSync('git', ['-C', ROOT, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return url.startsWith('/') || url.startsWith('.') ? path.resolve(ROOT, url, '..', 'shared') : null;
  } catch {
    return null;
  }
}

export function sharedDir(): string {
  const candidates = [process.env.FAULTLINE_SHARED, path.resolve(ROOT, '..', 'shared'), originShared()].filter((c): c is string => typeof c === 'string' && c !== '');
  for (const c of candidates) if (fs.existsSync(path.join(c, 'histories', 'manifest.json'))) return c;
  throw new Error(`the shared reference folder is missing: looked in ${candidates.join(', ')} (set FAULTLINE_SHARED to the folder holding histories/)`);
}

export function historiesDir(): string {
  return path.join(sharedDir(), 'histories');
}
