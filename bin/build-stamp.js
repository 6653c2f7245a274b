// @ts-check
// The build stamp of dist/: which files the JavaScript in dist/ was compiled from (the TypeScript
// sources and the two tsconfig files), with one SHA-256 digest over their paths and bytes, and
// each file's size and change time (ctime) when it was compiled. The launcher runs dist/ only
// while those files are as they were, so an edited, deleted or checked-out source falls back to
// tsx instead of running stale JavaScript. It first compares sizes and change times, which costs
// a stat per file: any write, rename-over or touch of a file sets its ctime to the current time
// and no tool can set it back, so equal ctimes mean unchanged bytes. Only when one differs (a
// fresh clone or a checkout that rewrote identical bytes) does it hash the files, and then the
// digest decides. A file added since the build needs no entry: nothing can load it except
// through an import in a file that changed. Plain JavaScript: the launcher reads it before
// anything is compiled.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const STAMP_FILE = 'build-stamp.json';
const FORMAT = 2;

/**
 * SHA-256 over each file's path (relative to root, with '/') and bytes, in the order given;
 * null when one cannot be read (deleted or renamed since the build).
 * @param {string} root
 * @param {readonly string[]} files
 * @returns {string | null}
 */
export function sourceDigest(root, files) {
  // Loaded here, not at the top: node:crypto costs more start-up time than all the stat calls.
  const { createHash } = createRequire(import.meta.url)('node:crypto');
  const h = createHash('sha256');
  for (const f of files) {
    let bytes;
    try {
      bytes = fs.readFileSync(path.join(root, f));
    } catch {
      return null;
    }
    // The length keeps the boundary between one file and the next unambiguous.
    h.update(`${f}\0${bytes.length}\0`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** @param {string} file @returns {[number, number] | null} size and ctime (ms) */
function sizeAndChange(file) {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st === undefined ? null : [st.size, st.ctimeMs];
}

/**
 * Writes the stamp of a build of `files` (relative to root) into `outDir`. The change times are
 * taken before the digest: a file written while it is hashed then fails the quick comparison.
 * @param {string} outDir
 * @param {string} root
 * @param {readonly string[]} files
 */
export function writeStamp(outDir, root, files) {
  const sorted = [...files].sort();
  const stats = sorted.map((f) => sizeAndChange(path.join(root, f)));
  const digest = sourceDigest(root, sorted);
  if (digest === null || stats.includes(null)) throw new Error('a source file vanished during the build');
  const stamp = { format: FORMAT, digest, files: sorted.map((f, i) => [f, .../** @type {[number, number]} */ (stats[i])]) };
  fs.writeFileSync(path.join(outDir, STAMP_FILE), JSON.stringify(stamp) + '\n');
}

/**
 * The dist/ folder under root when it was built from the files as they are now, else null (no
 * build, an unfinished one, or sources changed since).
 * @param {string} root
 * @returns {string | null}
 */
export function freshDist(root) {
  const dist = path.join(root, 'dist');
  /** @type {{ format?: number, digest?: string, files?: [string, number, number][] } | null} */
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dist, STAMP_FILE), 'utf8'));
  } catch {
    return null;
  }
  if (stamp?.format !== FORMAT || !Array.isArray(stamp.files) || typeof stamp.digest !== 'string') return null;
  const files = stamp.files;
  const unchanged = files.every(([f, size, ctimeMs]) => {
    const now = sizeAndChange(path.join(root, f));
    return now !== null && now[0] === size && now[1] === ctimeMs;
  });
  if (unchanged) return dist;
  const names = files.map(([f]) => f);
  return sourceDigest(root, names) === stamp.digest ? dist : null;
}
