import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './build-layout.ts';
import { packageVersion } from './package-version.ts';

const PACKAGE = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

describe('the version faultline reports', () => {
  it('is the version in package.json', () => {
    expect(packageVersion()).toBe(PACKAGE.version);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is what --version prints, run from another folder', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-version-'));
    const r = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin/faultline.js'), '--version'], { cwd, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(PACKAGE.version);
  });
});
