import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineError, SHORT_SCENARIO, tempRoot } from '../cli-test.fixture.ts';
import { cli } from './sweep-test-cli.fixture.ts';

const root = tempRoot('report');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const scenario = path.join(root, 'short.yaml');
fs.writeFileSync(scenario, SHORT_SCENARIO);
const read = (dir: string) => fs.readFileSync(path.join(dir, 'report.html'), 'utf8');

describe('cli > report', () => {
  it("draws byte for byte the page the run wrote, given the run's scenario, and the same page on a second run", async () => {
    const a = path.join(root, 'a');
    const b = path.join(root, 'b');
    expect((await cli('run', scenario, '--out', a, '--no-history')).code).toBeLessThan(2);
    expect((await cli('run', scenario, '--out', b, '--no-history')).code).toBeLessThan(2);
    const written = read(a);
    expect(written).toMatch(/<svg/);
    expect(read(b)).toBe(written);
    const r = await cli('report', a, '--scenario', scenario);
    expect(r.code, r.err).toBe(0);
    expect(read(a)).toBe(written);
  });

  it('says the expectations were not evaluated without --scenario, and --no-report leaves the page out', async () => {
    const dir = path.join(root, 'plain');
    expect((await cli('run', scenario, '--out', dir, '--no-history', '--no-report')).code).toBeLessThan(2);
    expect(fs.existsSync(path.join(dir, 'report.html'))).toBe(false);
    expect((await cli('report', dir)).code).toBe(0);
    expect(read(dir)).toMatch(/Expectations not evaluated here/);
  });

  it("draws a sweep's page from its folder", async () => {
    const dir = path.join(root, 'sweep');
    expect((await cli('sweep', scenario, '--seeds', '1..2', '--jobs', '1', '--out', dir)).code).toBeLessThan(2);
    const written = read(dir);
    fs.rmSync(path.join(dir, 'report.html'));
    expect((await cli('report', dir)).code).toBe(0);
    expect(read(dir)).toBe(written);
  });

  it('refuses, in one line, a folder that is not an output folder', async () => {
    expectOneLineError(await cli('report', path.join(root, 'nowhere')), /nowhere: no such folder/);
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    expectOneLineError(await cli('report', empty), /summary\.csv: cannot be read/);
  });
});
