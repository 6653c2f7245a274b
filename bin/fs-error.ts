// File-system errors in words: one line naming the path and the cause, for exit 2. Node's own
// messages ("ENOTDIR: not a directory, mkdir 'a/b'") name the system call rather than what the
// user can do about it.

import { InputError } from './scenario-files.ts';

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'already exists',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'a name in the path is too long for the file system (at most 255 bytes a name)',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENOTEMPTY: 'the folder is not empty',
  EBUSY: 'busy (in use by another program)',
  EXDEV: 'on another file system',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

export interface ErrnoLike {
  code?: string;
  path?: string;
  message?: string;
}

/** Whether `e` is an error from the file system (it has an errno code and a system call). */
export function isFsError(e: unknown): e is Error & ErrnoLike & { syscall: string } {
  return e instanceof Error && typeof (e as ErrnoLike).code === 'string' && typeof (e as { syscall?: unknown }).syscall === 'string';
}

/** `path: cause`, for the path given or the one the error names. */
export function fsErrorText(e: ErrnoLike, shownPath?: string): string {
  const where = shownPath ?? e.path ?? '(unknown path)';
  const cause = (e.code !== undefined ? CAUSES[e.code] : undefined) ?? String(e.message ?? e).replace(/\s*\n\s*/g, ' ');
  return `${where}: ${cause}`;
}

/** Runs `f`; a file-system error becomes an InputError naming `shownPath` (or the error's path). */
export function inputOnFsError<T>(f: () => T, shownPath?: string): T {
  try {
    return f();
  } catch (e) {
    if (isFsError(e)) throw new InputError(fsErrorText(e, shownPath));
    throw e;
  }
}
