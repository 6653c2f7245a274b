import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputDir, defaultOutDir } from './output-dir.ts';

describe('cli > output folder', () => {
  it('is faultline-out/<name>/seed-<seed> for a plain run', () => {
    expect(defaultOutDir('redis-primary-crash', 3, [])).toBe('faultline-out/redis-primary-crash/seed-3');
  });

  it('gets a folder per --set combination, so runs of different option values never overwrite each other', () => {
    const a = defaultOutDir('redis-primary-crash', 3, ['engine.node_timeout=15s']);
    const b = defaultOutDir('redis-primary-crash', 3, ['engine.node_timeout=30s', 'engine.replicas=2']);
    expect(a).toBe('faultline-out/redis-primary-crash/node_timeout=15s/seed-3');
    expect(b).toBe('faultline-out/redis-primary-crash/node_timeout=30s,replicas=2/seed-3');
    expect(defaultOutDir('x', 1, ['engine.zones=[a, b]'])).toBe('faultline-out/x/zones=_a_b_/seed-1');
  });

  it('leaves nothing behind when a run is aborted, and only whole files when it commits', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-out-'));
    const failed = new OutputDir(path.join(root, 'failed/seed-1'));
    failed.open('summary.csv').write('half');
    failed.abort();
    expect(fs.readdirSync(root)).toEqual([]);
    const ok = new OutputDir(path.join(root, 'ok'));
    ok.open('summary.csv').write('a,b\n');
    expect(fs.existsSync(path.join(root, 'ok'))).toBe(false);
    ok.commit();
    expect(fs.readdirSync(path.join(root, 'ok'))).toEqual(['summary.csv']);
    expect(fs.readFileSync(path.join(root, 'ok/summary.csv'), 'utf8')).toBe('a,b\n');
  });
});
