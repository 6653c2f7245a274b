import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import { MANIFEST_FORMAT, mergeSweeps, paramColumns, readSweep, sweepColumns, writeSweep, type SweepManifest } from './outputs.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-sweep-outputs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A one-run shard folder of a sweep of engine.dns_ttl, with or without set_columns (as written before they had units). */
function folder(name: string, shard: string, runs: number, columns: string[] | undefined, cell: string): string {
  const manifest: SweepManifest = {
    format: MANIFEST_FORMAT,
    faultline: '0.0.0',
    scenario: 'x.yaml',
    scenario_name: 'x',
    scenario_sha256: 'abc',
    seeds: '1..2',
    set: ['engine.dns_ttl=5s'],
    ...(columns === undefined ? {} : { set_columns: columns }),
    check: true,
    runs,
    shard,
    runs_in_shard: 1,
    failures: [],
  };
  const row = [cell, ...SUMMARY_COLUMNS.map((c) => (c === 'seed' ? shard[0] : ''))];
  const dir = path.join(tmp, name);
  writeSweep(dir, { manifest, columns: sweepColumns(paramColumns(manifest)), rows: [row] });
  return dir;
}

describe('sweep > outputs', () => {
  it('reads a folder written before the parameter columns had units by its flag keys, and refuses to merge it with a shard written since', () => {
    const old = folder('old', '1/2', 2, undefined, '5s');
    expect(readSweep(old).columns[0]).toBe('engine.dns_ttl');
    const now = folder('now', '2/2', 2, ['dns_ttl_s'], '5');
    expect(readSweep(now).columns[0]).toBe('dns_ttl_s');
    expect(() => mergeSweeps([old, now], [readSweep(old), readSweep(now)])).toThrow(/set_columns differs/);
    const both = [folder('a', '1/2', 2, ['dns_ttl_s'], '5'), now];
    expect(mergeSweeps(both, both.map(readSweep)).rows.map((r) => r[0])).toEqual(['5', '5']);
  });
});
