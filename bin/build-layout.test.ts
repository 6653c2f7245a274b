import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuilt, PACKAGE_ROOT, workerScript } from './build-layout.ts';

describe('where run-time files are, from the sources and from dist/', () => {
  it('finds the package root, with package.json and the bundled scenarios, from the sources', () => {
    expect(fs.existsSync(path.join(PACKAGE_ROOT, 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(PACKAGE_ROOT, 'scenarios', 'rds-multi-az-writer-crash.yaml'))).toBe(true);
  });

  it('tells a compiled module from a TypeScript source by its URL', () => {
    expect(isBuilt('file:///p/dist/bin/run-execute.js')).toBe(true);
    expect(isBuilt('file:///p/bin/run-execute.ts')).toBe(false);
  });

  it('starts a worker from the tsx shim beside a source, and from the compiled module itself in a build', () => {
    expect(workerScript('file:///p/bin/sweep/pool.ts', 'worker').href).toBe('file:///p/bin/sweep/worker.js');
    expect(workerScript('file:///p/dist/bin/sweep/pool.js', 'worker').href).toBe('file:///p/dist/bin/sweep/worker-main.js');
    expect(workerScript('file:///p/dist/bin/run-execute.js', 'run-worker').href).toBe('file:///p/dist/bin/run-worker-main.js');
  });

  it('names worker shims and modules that exist in the sources', () => {
    for (const [dir, name] of [['bin', 'run-worker'], ['bin/sweep', 'worker']]) {
      expect(fs.existsSync(path.join(PACKAGE_ROOT, dir, `${name}.js`))).toBe(true);
      expect(fs.existsSync(path.join(PACKAGE_ROOT, dir, `${name}-main.ts`))).toBe(true);
    }
  });
});
