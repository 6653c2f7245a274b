// The output folder of a run. Every file is written under a temporary name in the folder and
// renamed into place only when the run has finished, so a crash or an interrupted run never
// leaves a half-written file; a folder this run created is removed again if it failed.
// Writes are synchronous and buffered: the simulation runs without yielding to the event loop,
// so streams would hold everything in memory until the end.

import fs from 'node:fs';
import path from 'node:path';

const FLUSH_BYTES = 1 << 16;

/**
 * faultline-out/<name>/seed-<seed>/, or with `--set` flags faultline-out/<name>/<flags>/seed-<seed>/,
 * so runs of different option values never overwrite each other's reports.
 */
export function defaultOutDir(name: string, seed: number, sets: readonly string[]): string {
  const variant = sets.map((a) => a.replace(/^engine\./, '').replace(/[^A-Za-z0-9._=-]+/g, '_')).join(',');
  return variant === '' ? `faultline-out/${name}/seed-${seed}` : `faultline-out/${name}/${variant}/seed-${seed}`;
}

export class OutFile {
  private fd: number;
  private chunks: string[] = [];
  private pending = 0;

  constructor(
    readonly finalPath: string,
    readonly tempPath: string,
  ) {
    this.fd = fs.openSync(tempPath, 'w');
  }

  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    fs.writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

export class OutputDir {
  private files: OutFile[] = [];
  /** Folders this run created, deepest first. */
  private created: string[] = [];

  constructor(readonly dir: string) {
    for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) this.created.push(d);
    fs.mkdirSync(dir, { recursive: true });
  }

  open(name: string): OutFile {
    const f = new OutFile(path.join(this.dir, name), path.join(this.dir, `.${name}.${process.pid}.tmp`));
    this.files.push(f);
    return f;
  }

  /** Every file is complete: move them into place. */
  commit(): void {
    for (const f of this.files) {
      f.close();
      fs.renameSync(f.tempPath, f.finalPath);
    }
    this.files = [];
  }

  /** Something failed: remove the temporary files, and the folder if this run created it. */
  abort(): void {
    for (const f of this.files) {
      try {
        f.close();
      } catch {
        // already closed
      }
      fs.rmSync(f.tempPath, { force: true });
    }
    this.files = [];
    for (const d of this.created) {
      try {
        fs.rmdirSync(d);
      } catch {
        return; // not empty: leave what was there
      }
    }
  }
}
