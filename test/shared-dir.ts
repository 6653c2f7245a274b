// Where the optional shared reference material lives (the linearizability histories corpus,
// kept outside the repository). Looked for, in order: $FAULTLINE_SHARED, then ../shared beside
// this checkout. Never copied into the repository; the project's own test data lives in it.
// Tests that use the corpus are skipped when it is absent, with a note naming where it was looked for.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The folders looked at, in order. */
export function sharedCandidates(): string[] {
  return [process.env.FAULTLINE_SHARED, path.resolve(ROOT, '..', 'shared')].filter((c): c is string => typeof c === 'string' && c !== '');
}

/** The shared folder holding histories/manifest.json, or null when there is none. */
export function sharedDir(): string | null {
  for (const c of sharedCandidates()) if (fs.existsSync(path.join(c, 'histories', 'manifest.json'))) return c;
  return null;
}

/** The histories corpus folder, or null (after a console note naming the paths looked at) when absent. */
export function historiesDir(): string | null {
  const shared = sharedDir();
  if (shared !== null) return path.join(shared, 'histories');
  console.warn(
    `note: the shared histories corpus is absent (looked for histories/manifest.json in ${sharedCandidates().join(', ')}); ` +
      'the tests that use it are skipped (set FAULTLINE_SHARED to the folder holding histories/)',
  );
  return null;
}
