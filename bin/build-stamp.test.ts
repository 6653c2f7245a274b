import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDist, sourceDigest, STAMP_FILE, writeStamp } from './build-stamp.js';

/** A package root with two sources and a dist/ stamped as built from them. */
function builtTree(): { root: string; dist: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-stamp-'));
  fs.mkdirSync(path.join(root, 'bin'));
  fs.writeFileSync(path.join(root, 'bin/a.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(root, 'bin/b.ts'), 'export const b = 2;\n');
  const dist = path.join(root, 'dist');
  fs.mkdirSync(dist);
  writeStamp(dist, root, ['bin/b.ts', 'bin/a.ts']);
  return { root, dist };
}

describe('the build stamp of dist/', () => {
  it('accepts a build of the sources as they are', () => {
    const { root, dist } = builtTree();
    expect(freshDist(root)).toBe(dist);
  });

  it('refuses the build once a source changed, even to bytes of the same length', () => {
    const { root } = builtTree();
    fs.writeFileSync(path.join(root, 'bin/a.ts'), 'export const a = 7;\n');
    expect(freshDist(root)).toBeNull();
  });

  it('refuses the build when a source it was built from is gone', () => {
    const { root } = builtTree();
    fs.rmSync(path.join(root, 'bin/b.ts'));
    expect(freshDist(root)).toBeNull();
  });

  it('accepts the build when a source was rewritten with the same bytes (its digest decides)', () => {
    const { root, dist } = builtTree();
    const file = path.join(root, 'bin/a.ts');
    fs.writeFileSync(file, fs.readFileSync(file));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    expect(freshDist(root)).toBe(dist);
  });

  it('refuses a dist/ without a stamp (never built, or a build that did not finish)', () => {
    const { root } = builtTree();
    fs.rmSync(path.join(root, 'dist', STAMP_FILE));
    expect(freshDist(root)).toBeNull();
  });

  it('refuses a stamp it cannot read or of another format', () => {
    const { root, dist } = builtTree();
    const stamp = path.join(dist, STAMP_FILE);
    const written = JSON.parse(fs.readFileSync(stamp, 'utf8'));
    fs.writeFileSync(stamp, JSON.stringify({ ...written, format: 1 }));
    expect(freshDist(root)).toBeNull();
    fs.writeFileSync(stamp, '{"format":');
    expect(freshDist(root)).toBeNull();
  });

  it('digests paths as well as bytes, so swapping two files changes it', () => {
    const { root } = builtTree();
    const before = sourceDigest(root, ['bin/a.ts', 'bin/b.ts']);
    const a = fs.readFileSync(path.join(root, 'bin/a.ts'));
    fs.writeFileSync(path.join(root, 'bin/a.ts'), fs.readFileSync(path.join(root, 'bin/b.ts')));
    fs.writeFileSync(path.join(root, 'bin/b.ts'), a);
    expect(sourceDigest(root, ['bin/a.ts', 'bin/b.ts'])).not.toBe(before);
    expect(sourceDigest(root, ['bin/a.ts', 'bin/missing.ts'])).toBeNull();
  });
});
