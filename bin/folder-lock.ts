// The lock that says which run is writing an output folder: `.<folder>.lock` beside the folder
// (the folder itself is replaced as a whole, so it cannot hold its own lock), holding the pid of
// the run. A lock whose pid is no longer alive is stale (the run was killed) and is taken over.
// Leaves out: locks across machines (a shared network folder) — a pid names a process only on
// the machine that wrote it.

import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './scenario-files.ts';

/** Whether a process with this pid is alive (EPERM: alive, but another user's). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dir: string): string {
  const abs = path.resolve(dir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.lock`);
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) ? pid : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export class FolderLock {
  private held = false;
  readonly file: string;

  /** Takes the lock of `dir` (whose parent folder exists), or throws InputError naming the run holding it. */
  constructor(readonly dir: string) {
    this.file = lockPath(dir);
    // Two tries: the second after removing a stale lock.
    for (let attempt = 0; attempt < 2 && !this.held; attempt++) {
      try {
        fs.writeFileSync(this.file, `${process.pid}\n`, { flag: 'wx' });
        this.held = true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = readPid(this.file);
        // A lock with this process's own pid belongs to another run in this process (tests, bench).
        if (pid !== null && pidAlive(pid)) throw new InputError(`${dir}: another faultline run (pid ${pid}) is writing this folder; wait for it to finish or choose another --out`);
        fs.rmSync(this.file, { force: true });
      }
    }
    // Invariant: a run proceeds only while the lock file names it; two runs that both removed
    // the same stale lock find out here, and the later writer wins.
    if (!this.held || readPid(this.file) !== process.pid) {
      this.held = false;
      throw new InputError(`${dir}: another faultline run took this folder at the same moment; try again`);
    }
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    if (readPid(this.file) === process.pid) fs.rmSync(this.file, { force: true });
  }
}
