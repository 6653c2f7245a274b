// Sweeps end to end: the same bytes whatever the number of workers, and from merged shards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_SCENARIO } from '../../scenarios/sweep/sweep-scenario.fixture.ts';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import { parseCsv } from '../sweep/csv-read.ts';
import { cli, FAULTLINE_JS } from './sweep-test-cli.fixture.ts';
import { spawnSync } from 'node:child_process';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-sweep-'));
const file = path.join(tmp, 'sweep-test.yaml');
const dir = (name: string) => path.join(tmp, name);
const read = (d: string, f: string) => fs.readFileSync(path.join(dir(d), f));
const GRID = ['--seeds', '1..8', '--set', 'engine.dns_ttl=1s,5s'];
/** The tests that run several whole sweeps: seconds on an idle machine, minutes on a shared one. */
const SWEEPS_TIMEOUT_MS = 180_000;

describe('faultline sweep', () => {
  beforeAll(() => fs.writeFileSync(file, SWEEP_SCENARIO));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes the same sweep.csv, aggregate.csv and sweep.json with 1 worker and with 2', async () => {
    const one = await cli('sweep', file, ...GRID, '--jobs', '1', '--out', dir('jobs1'));
    const two = await cli('sweep', file, ...GRID, '--jobs', '2', '--out', dir('jobs2'));
    expect([one.code, two.code]).toEqual([1, 1]); // some seeds fail write_outage_s <= 20
    expect(one.err).toBe('');
    for (const f of ['sweep.csv', 'aggregate.csv', 'sweep.json']) expect(read('jobs2', f).equals(read('jobs1', f)), f).toBe(true);
    expect(one.out).toContain('1 worker');
    expect(two.out).toContain('2 workers');
  }, SWEEPS_TIMEOUT_MS);

  it('has one row per run: combination order, then seed, the parameters as the first columns, in their units', () => {
    const rows = parseCsv(read('jobs1', 'sweep.csv').toString());
    // A duration flag's column is in seconds, like summary.csv's recovery times.
    expect(rows[0]).toEqual(['dns_ttl_s', ...SUMMARY_COLUMNS]);
    const seedCol = rows[0].indexOf('seed');
    expect(rows.slice(1).map((r) => `${r[0]}/${r[seedCol]}`)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((s) => `1/${s}`).concat([1, 2, 3, 4, 5, 6, 7, 8].map((s) => `5/${s}`)));
    // sweep.json keeps the flags as given (replay commands use them) and names their columns.
    const manifest = JSON.parse(read('jobs1', 'sweep.json').toString());
    expect([manifest.set, manifest.set_columns]).toEqual([['engine.dns_ttl=1s,5s'], ['dns_ttl_s']]);
    expect(rows.slice(1).every((r) => r.length === rows[0].length && r[rows[0].indexOf('scenario')] === 'sweep-test')).toBe(true);
    const agg = parseCsv(read('jobs1', 'aggregate.csv').toString());
    expect(agg[0]).toEqual(['dns_ttl_s', 'metric', 'count', 'mean', 'sd', 'min', 'p50', 'p90', 'p99', 'max', 'ci95_low', 'ci95_high']);
    const outage = agg.filter((r) => r[1] === 'write_outage_s');
    expect(outage.map((r) => [r[0], r[2]])).toEqual([
      ['1', '8'],
      ['5', '8'],
    ]);
    // The statistics are those of the rows: the 5s combination's max outage is its largest row value.
    const col = rows[0].indexOf('write_outage_s');
    const fiveS = rows.slice(1).filter((r) => r[0] === '5').map((r) => Number(r[col]));
    expect(Number(outage[1][9])).toBe(Math.max(...fiveS));
    expect(Number(outage[1][5])).toBe(Math.min(...fiveS));
  });

  it('writes the same files from four shards merged (in any order) as from one sweep', async () => {
    for (const i of [1, 2, 3, 4]) {
      const r = await cli('sweep', file, ...GRID, '--shard', `${i}/4`, '--jobs', i % 2 === 0 ? '2' : '1', '--out', dir(`shard${i}`));
      expect(r.err).toBe('');
      expect(r.out).toContain(`shard ${i}/4: 4 runs`);
      expect(fs.existsSync(path.join(dir(`shard${i}`), 'aggregate.csv'))).toBe(false);
      expect(parseCsv(read(`shard${i}`, 'sweep.csv').toString())).toHaveLength(5);
    }
    const m = await cli('merge', dir('shard3'), dir('shard1'), dir('shard4'), dir('shard2'), '--out', dir('merged'));
    expect(m.err).toBe('');
    expect(m.code).toBe(1);
    for (const f of ['sweep.csv', 'aggregate.csv', 'sweep.json']) expect(read('merged', f).equals(read('jobs1', f)), f).toBe(true);
  }, SWEEPS_TIMEOUT_MS);

  it('refuses to merge an incomplete, repeated or mixed set of shards (exit 2, one line, nothing written)', async () => {
    const cases: [string[], RegExp][] = [
      [[dir('shard1'), dir('shard2'), dir('shard3')], /shards? 4\/4 missing/],
      [[dir('shard1'), dir('shard2'), dir('shard3'), dir('shard3')], /both shard 3\/4/],
      [[dir('shard1'), dir('shard2'), dir('shard3'), dir('jobs1')], /split in different ways/],
      [[dir('nowhere')], /cannot be read/],
    ];
    for (const [dirs, reason] of cases) {
      const r = await cli('merge', ...dirs, '--out', dir('bad-merge'));
      expect(r.code, reason.source).toBe(2);
      expect(r.err).toMatch(reason);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(fs.existsSync(dir('bad-merge'))).toBe(false);
    }
    const other = await cli('sweep', file, '--seeds', '1..8', '--set', 'engine.dns_ttl=1s,30s', '--shard', '4/4', '--jobs', '1', '--out', dir('other4'));
    expect(other.err).toBe('');
    const mixed = await cli('merge', dir('shard1'), dir('shard2'), dir('shard3'), dir('other4'), '--out', dir('bad-merge'));
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/not shards of the same sweep: their set differs/);
  });

  it('reruns every 10th run on another worker with --verify-determinism, and changes nothing in the files', async () => {
    const r = await cli('sweep', file, ...GRID, '--jobs', '2', '--verify-determinism', '--out', dir('verified'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('determinism: 2 sampled runs rerun on another worker, identical outputs');
    for (const f of ['sweep.csv', 'aggregate.csv', 'sweep.json']) expect(read('verified', f).equals(read('jobs1', f)), f).toBe(true);
  });

  it('explains itself in --help', () => {
    for (const command of ['sweep', 'merge']) {
      const r = spawnSync(process.execPath, [FAULTLINE_JS, command, '--help'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(command === 'sweep' ? /--seeds[\s\S]*--shard[\s\S]*aggregate\.csv/ : /--out[\s\S]*byte for byte/);
    }
  });
});
