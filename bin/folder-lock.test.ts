import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderLock, lockPath, pidAlive } from './folder-lock.ts';
import { deadPid, tempRoot } from './cli-test.fixture.ts';

const root = tempRoot('lock');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('cli > folder lock', () => {
  it('is a file beside the folder naming the pid, removed on release', () => {
    const dir = path.join(root, 'out');
    const lock = new FolderLock(dir);
    expect(fs.readFileSync(lockPath(dir), 'utf8')).toBe(`${process.pid}\n`);
    expect(() => new FolderLock(dir)).toThrow(/another faultline run \(pid \d+\) is writing this folder/);
    lock.release();
    expect(fs.existsSync(lockPath(dir))).toBe(false);
  });

  it('takes over the lock of a pid that is no longer alive', async () => {
    const dir = path.join(root, 'stale');
    const pid = await deadPid();
    expect(pidAlive(pid)).toBe(false);
    expect(pidAlive(process.pid)).toBe(true);
    fs.writeFileSync(lockPath(dir), `${pid}\n`);
    const lock = new FolderLock(dir);
    expect(fs.readFileSync(lockPath(dir), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });
});
