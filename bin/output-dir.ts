// The output folder of a run or a sweep, owned by one run at a time. The run takes the folder's
// lock (bin/folder-lock.ts), writes its whole set of files into a new sibling folder
// `.<name>.<pid>.tmp/`, and at the end puts that folder in the place of the old one, so the
// folder holds exactly one run's files: never an old violation.txt beside a new summary, never a
// half-written file. It refuses to replace a folder holding files faultline did not write. A run
// that fails or is interrupted removes its temporary folder and any parent folder it created;
// temporary folders of runs that were killed (dead pids) are removed by the next run.
// Leaves out: an atomic exchange of the two folders (Node has no renameat2): between the two
// renames of commit() the folder is briefly absent.
// Writes are synchronous and buffered: the simulation runs without yielding to the event loop,
// so streams would hold everything in memory until the end.

import fs from 'node:fs';
import path from 'node:path';
import { FolderLock, pidAlive } from './folder-lock.ts';
import { FAULTLINE_FILES, foreignEntries, removeDeadInPlaceTemps } from './faultline-files.ts';
import { fsErrorText, isFsError } from './fs-error.ts';
import { checkOutputPath } from './output-path.ts';
import { InputError } from './scenario-files.ts';

const FLUSH_BYTES = 1 << 16;

/**
 * faultline-out/<name>/seed-<seed>/, or with `--set` flags faultline-out/<name>/<flags>/seed-<seed>/,
 * so runs of different option values never overwrite each other's reports.
 */
export function defaultOutDir(name: string, seed: number, sets: readonly string[]): string {
  const variant = sets.map((a) => a.replace(/^engine\./, '').replace(/[^A-Za-z0-9._=-]+/g, '_')).join(',');
  return variant === '' ? `faultline-out/${name}/seed-${seed}` : `faultline-out/${name}/${variant}/seed-${seed}`;
}

/** A file-system error as the one-line input error naming `shown`. */
function asInputError(e: unknown, shown: string): unknown {
  return isFsError(e) ? new InputError(fsErrorText(e, shown)) : e;
}

export class OutFile {
  private fd: number;
  private chunks: string[] = [];
  private pending = 0;

  constructor(
    /** Where the file will be once the run has finished, for messages. */
    readonly finalPath: string,
    /** Where it is written meanwhile. */
    readonly tempPath: string,
  ) {
    try {
      this.fd = fs.openSync(tempPath, 'w');
    } catch (e) {
      throw asInputError(e, finalPath);
    }
  }

  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  /** Bytes, after the text written before them. */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    try {
      fs.writeSync(this.fd, bytes);
    } catch (e) {
      throw asInputError(e, this.finalPath);
    }
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    try {
      fs.writeSync(this.fd, this.chunks.join(''));
    } catch (e) {
      throw asInputError(e, this.finalPath);
    }
    this.chunks = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** `.<name>.<pid>.<kind>` beside `abs`. */
function sibling(abs: string, pid: number, kind: 'tmp' | 'old'): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.${pid}.${kind}`);
}

/** Removes the temporary siblings of `abs` left by runs that are no longer alive. */
function removeDeadSiblings(abs: string): void {
  const prefix = `.${path.basename(abs)}.`;
  for (const name of fs.readdirSync(path.dirname(abs))) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.(tmp|old)$/.exec(name.slice(prefix.length));
    if (m !== null && !pidAlive(Number(m[1]))) fs.rmSync(path.join(path.dirname(abs), name), { recursive: true, force: true });
  }
}

export class OutputDir {
  private files: OutFile[] = [];
  /** Parent folders this run created, deepest first. */
  private created: string[] = [];
  private lock: FolderLock | null = null;
  /** Whether tempDir is this run's (another run in this process has the same pid). */
  private madeTemp = false;
  private readonly abs: string;
  /** The folder the files are written into until commit(). */
  readonly tempDir: string;

  /** Takes `dir` for this run; throws InputError (one line) when it cannot be, having created nothing. */
  constructor(
    readonly dir: string,
    private readonly owned: readonly string[] = FAULTLINE_FILES,
  ) {
    checkOutputPath(dir);
    this.abs = path.resolve(dir);
    this.tempDir = sibling(this.abs, process.pid, 'tmp');
    try {
      const parent = path.dirname(this.abs);
      for (let d = parent; !fs.existsSync(d); d = path.dirname(d)) this.created.push(d);
      fs.mkdirSync(parent, { recursive: true });
      this.lock = new FolderLock(dir);
      removeDeadSiblings(this.abs);
      removeDeadInPlaceTemps(this.abs);
      this.refuseForeign();
      fs.mkdirSync(this.tempDir);
      this.madeTemp = true;
    } catch (e) {
      this.abort();
      throw asInputError(e, dir);
    }
  }

  private refuseForeign(): void {
    const foreign = foreignEntries(this.abs, this.owned);
    if (foreign.length === 0) return;
    const more = foreign.length > 1 ? ` (and ${foreign.length - 1} more)` : '';
    throw new InputError(`${this.dir}: holds ${foreign[0]}${more}, not written by faultline; a run replaces its folder as a whole, so choose another --out or move them`);
  }

  open(name: string): OutFile {
    const f = new OutFile(path.join(this.dir, name), path.join(this.tempDir, name));
    this.files.push(f);
    return f;
  }

  /** Every file is complete: put the new folder in the place of the old one. */
  commit(): void {
    try {
      for (const f of this.files) f.close();
      this.files = [];
      if (fs.existsSync(this.abs)) {
        // Checked again: the user may have put a file there while the run went.
        this.refuseForeign();
        const old = sibling(this.abs, process.pid, 'old');
        fs.renameSync(this.abs, old);
        fs.renameSync(this.tempDir, this.abs);
        fs.rmSync(old, { recursive: true, force: true });
      } else {
        fs.renameSync(this.tempDir, this.abs);
      }
      this.madeTemp = false;
      this.created = [];
    } catch (e) {
      this.abort();
      throw asInputError(e, this.dir);
    }
    this.lock?.release();
  }

  /** Something failed: remove the temporary folder, the lock, and the parent folders this run created. */
  abort(): void {
    for (const f of this.files) {
      try {
        f.close();
      } catch {
        // already closed, or the disk is full: the folder goes anyway
      }
    }
    this.files = [];
    if (this.madeTemp) fs.rmSync(this.tempDir, { recursive: true, force: true });
    this.madeTemp = false;
    this.lock?.release();
    this.lock = null;
    for (const d of this.created) {
      try {
        fs.rmdirSync(d);
      } catch {
        break; // not empty: leave what was there
      }
    }
    this.created = [];
  }
}
