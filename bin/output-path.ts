// What an output folder path must be before anything is created: not empty, not the root, not
// an existing file or device, not under a file, and every name short enough for the file system.
// Checked up front so that a bad --out fails before a run starts and leaves nothing behind.

import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './scenario-files.ts';

/** Longest name of one path component on the common file systems (ext4, APFS, NTFS), in bytes. */
export const MAX_NAME_BYTES = 255;
/** Room kept for the `.<name>.<pid>.tmp` sibling a run writes into. */
const TEMP_NAME_EXTRA_BYTES = 24;

export function checkOutputPath(dir: string, flag = '--out'): void {
  if (dir.trim() === '') throw new InputError(`${flag}: the path is empty; name a folder`);
  const abs = path.resolve(dir);
  if (path.dirname(abs) === abs) throw new InputError(`${dir}: a run cannot replace the root folder; name a folder under it`);
  const long = abs.split(path.sep).find((part, i, all) => Buffer.byteLength(part) + (i === all.length - 1 ? TEMP_NAME_EXTRA_BYTES : 0) > MAX_NAME_BYTES);
  if (long !== undefined) throw new InputError(`${dir}: the name ${long.slice(0, 20)}... is too long for a file name (${Buffer.byteLength(long)} bytes; at most ${MAX_NAME_BYTES - TEMP_NAME_EXTRA_BYTES} for the folder, ${MAX_NAME_BYTES} above it)`);
  let stat = statOrNull(abs);
  if (stat !== null) {
    if (!stat.isDirectory()) throw new InputError(`${dir}: not a folder (a file or device is there)`);
    return;
  }
  for (let d = path.dirname(abs); ; d = path.dirname(d)) {
    stat = statOrNull(d);
    if (stat !== null) {
      if (!stat.isDirectory()) throw new InputError(`${dir}: ${path.relative(process.cwd(), d) || d} is a file, not a folder`);
      return;
    }
    if (path.dirname(d) === d) return;
  }
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // ENOTDIR: a component above is a file; the walk up finds and names it.
    if (code === 'ENOTDIR') return null;
    throw e;
  }
}
