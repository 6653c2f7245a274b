// bin/faultline.js in a package of its own: a stand-in cli.ts and a stand-in dist/bin/cli.js
// that say which one ran, so the test sees which the launcher chose without building anything.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeStamp } from './build-stamp.js';

const BIN = fileURLToPath(new URL('.', import.meta.url));
const ROOT = path.dirname(BIN.replace(/\/$/, ''));

function standInPackage(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-launcher-'));
  fs.mkdirSync(path.join(root, 'bin'));
  fs.mkdirSync(path.join(root, 'dist/bin'), { recursive: true });
  for (const f of ['faultline.js', 'build-stamp.js']) fs.copyFileSync(path.join(BIN, f), path.join(root, 'bin', f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
  const main = (from: string) => `export async function main(args: string[]) { process.stdout.write('${from} ' + args.join(' ')); }\n`;
  fs.writeFileSync(path.join(root, 'bin/cli.ts'), main('sources'));
  fs.writeFileSync(path.join(root, 'dist/bin/cli.js'), main('dist').replace(': string[]', ''));
  writeStamp(path.join(root, 'dist'), root, ['bin/cli.ts']);
  return root;
}

function launch(root: string, env: NodeJS.ProcessEnv = {}, args = ['list']): string {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/faultline.js'), ...args], { encoding: 'utf8', env: { ...process.env, FAULTLINE_FROM_SOURCES: '', ...env } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('the faultline launcher', () => {
  it('answers a bare --version from package.json without loading the command', () => {
    const root = standInPackage();
    fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module", "version": "9.8.7" }\n');
    expect(launch(root, {}, ['--version'])).toBe('9.8.7\n');
    expect(launch(root, {}, ['--version', '--version'])).toBe('9.8.7\n');
    // Anything more goes to the command, which answers --version itself.
    expect(launch(root, {}, ['run', '--version'])).toBe('dist run --version');
  });

  it('runs the JavaScript in dist/ while it was built from the sources as they are', () => {
    expect(launch(standInPackage())).toBe('dist list');
  });

  it('runs the sources through tsx once a source changed since the build', () => {
    const root = standInPackage();
    fs.appendFileSync(path.join(root, 'bin/cli.ts'), '// edited\n');
    expect(launch(root)).toBe('sources list');
  });

  it('runs the sources through tsx when there is no build', () => {
    const root = standInPackage();
    fs.rmSync(path.join(root, 'dist'), { recursive: true });
    expect(launch(root)).toBe('sources list');
  });

  it('runs the sources when FAULTLINE_FROM_SOURCES=1, whatever dist/ holds', () => {
    expect(launch(standInPackage(), { FAULTLINE_FROM_SOURCES: '1' })).toBe('sources list');
  });
});
