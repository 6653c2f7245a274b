// A run owns its output folder: the folder ends up holding exactly that run's files, a folder
// with files faultline did not write is refused, and a folder another live run holds is refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './commands/sweep-test-cli.fixture.ts';
import { deadPid, expectOneLineError, listTree, SHORT_SCENARIO, tempRoot } from './cli-test.fixture.ts';

const root = tempRoot('owner');
const scenario = path.join(root, 'short.yaml');
fs.writeFileSync(scenario, SHORT_SCENARIO);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const RUN_FILES = ['events.csv', 'faults.csv', 'report.html', 'summary.csv', 'timeseries.csv'];

describe('cli > output folder ownership', () => {
  it("replaces the previous run's whole set of files, so no old violation.txt or history.jsonl stays beside a new summary", async () => {
    const out = path.join(root, 'rerun');
    expect((await cli('run', scenario, '--out', out)).code).toBe(0);
    expect(listTree(out)).toEqual([...RUN_FILES, 'history.jsonl'].sort());
    fs.writeFileSync(path.join(out, 'violation.txt'), 'from an older run');
    const r = await cli('run', scenario, '--out', out, '--no-history');
    expect(r.code, r.err).toBe(0);
    expect(listTree(out)).toEqual(RUN_FILES);
    expect(listTree(root).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses to replace a folder holding a file faultline did not write, and leaves it as it was', async () => {
    const out = path.join(root, 'mine');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    expectOneLineError(await cli('run', scenario, '--out', out), /notes\.txt.*not written by faultline/);
    expectOneLineError(await cli('sweep', scenario, '--out', out), /notes\.txt.*not written by faultline/);
    expect(listTree(out)).toEqual(['notes.txt']);
  });

  it('refuses a folder another live run holds', async () => {
    const out = path.join(root, 'held');
    fs.writeFileSync(path.join(root, '.held.lock'), `${process.pid}\n`);
    expectOneLineError(await cli('run', scenario, '--out', out), new RegExp(`another faultline run \\(pid ${process.pid}\\)`));
    expectOneLineError(await cli('sweep', scenario, '--out', out), /another faultline run/);
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(path.join(root, '.held.lock'));
  });

  it("takes over the lock of a dead run and removes that run's stale temporary files", async () => {
    const out = path.join(root, 'stale');
    const pid = await deadPid();
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(root, '.stale.lock'), `${pid}\n`);
    fs.writeFileSync(path.join(out, `.history.jsonl.${pid}.tmp`), 'half a history');
    fs.mkdirSync(path.join(root, `.stale.${pid}.tmp`));
    fs.writeFileSync(path.join(root, `.stale.${pid}.tmp`, 'summary.csv'), 'half');
    const r = await cli('run', scenario, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(listTree(out)).toEqual([...RUN_FILES, 'history.jsonl'].sort());
    expect(listTree(root).filter((f) => f.startsWith('.stale'))).toEqual([]);
  });

  it('a sweep replaces its folder as a whole too', async () => {
    const out = path.join(root, 'sweep');
    expect((await cli('sweep', scenario, '--seeds', '1..2', '--jobs', '1', '--out', out)).code).toBeLessThan(2);
    fs.writeFileSync(path.join(out, 'aggregate.csv.bak'), 'x');
    expectOneLineError(await cli('sweep', scenario, '--seeds', '1..2', '--jobs', '1', '--out', out), /aggregate\.csv\.bak/);
    fs.rmSync(path.join(out, 'aggregate.csv.bak'));
    const r = await cli('sweep', scenario, '--seeds', '1..2', '--jobs', '1', '--out', out, '--shard', '1/2');
    expect(r.code, r.err).toBeLessThan(2);
    expect(listTree(out)).toEqual(['report.html', 'sweep.csv', 'sweep.json']);
  });
});
