// Argument and output-folder mistakes a new user makes: each is exit 2 with one line that names
// what is wrong, never a stack trace, and leaves no output behind.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './commands/sweep-test-cli.fixture.ts';
import { expectOneLineError, listTree, SHORT_SCENARIO, spawnCli, tempRoot } from './cli-test.fixture.ts';

const root = tempRoot('args');
const scenario = path.join(root, 'short.yaml');
fs.writeFileSync(scenario, SHORT_SCENARIO);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('cli > argument errors', () => {
  it('run without a scenario says a scenario is needed, not "undefined: no such file"', async () => {
    const r = await cli('run');
    expectOneLineError(r, /scenario/);
    expect(r.err).not.toContain('undefined');
  });

  it('sweep without a scenario says a scenario is needed, not "undefined: no such file"', async () => {
    const r = await cli('sweep', '--seeds', '1..2');
    expectOneLineError(r, /scenario/);
    expect(r.err).not.toContain('undefined');
  });

  it('suggests the nearest bundled names for an unknown one', async () => {
    expectOneLineError(await cli('run', 'redis-primary-crsh'), /did you mean redis-primary-crash\b/);
    expectOneLineError(await cli('sweep', 'aurora-writer-crsh'), /did you mean aurora-writer-crash\b/);
  });

  it('quotes a --seed that is not a number instead of saying NaN', async () => {
    const r = await cli('run', scenario, '--seed', 'abc');
    expectOneLineError(r, /--seed must be an integer, got 'abc'/);
    expectOneLineError(await cli('sweep', scenario, '--jobs', 'two'), /--jobs must be an integer, got 'two'/);
  });

  it('reports a directory given as the scenario as a directory', async () => {
    expectOneLineError(await cli('run', root), /is a directory/);
    expectOneLineError(await cli('validate', root), /is a directory/);
  });

  it('merge without folders or without --out is one line, not a TypeError', async () => {
    expectOneLineError(await cli('merge', '--out', path.join(root, 'merged')), /folder/);
    expectOneLineError(await cli('merge', path.join(root, 'a')), /--out/);
    expect(listTree(path.join(root, 'merged'))).toEqual([]);
  });
});

describe('cli > output folder errors', () => {
  it('refuses --out at an existing file, leaving the file as it was', async () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'mine');
    expectOneLineError(await cli('run', scenario, '--out', file), new RegExp(`${file}.*not a folder`));
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });

  it('refuses --out under a file', async () => {
    const file = path.join(root, 'b-file');
    fs.writeFileSync(file, 'mine');
    expectOneLineError(await cli('run', scenario, '--out', path.join(file, 'x')), /b-file.*not a folder/);
    expectOneLineError(await cli('sweep', scenario, '--out', path.join(file, 'x')), /b-file.*not a folder/);
  });

  it("refuses --out '' and --out /dev/null", async () => {
    expectOneLineError(await cli('run', scenario, '--out', ''), /--out/);
    expectOneLineError(await cli('run', scenario, '--out', '/dev/null'), /\/dev\/null.*not a folder/);
  });

  it('refuses a folder it may not write to', async (ctx) => {
    // root can write anywhere whatever the mode bits: the case cannot arise for it.
    if (process.getuid?.() === 0) ctx.skip();
    const ro = path.join(root, 'read-only');
    fs.mkdirSync(ro, { mode: 0o555 });
    expectOneLineError(await cli('run', scenario, '--out', path.join(ro, 'out')), /read-only.*permission denied/);
  });

  it('refuses a scenario name too long for a file name, leaving no faultline-out/ behind', async () => {
    const cwd = path.join(root, 'long-name');
    fs.mkdirSync(cwd);
    fs.writeFileSync(path.join(cwd, 'long.yaml'), SHORT_SCENARIO.replace('name: sweep-test', `name: ${'a'.repeat(300)}`));
    const r = await spawnCli(['run', 'long.yaml'], cwd).done;
    expectOneLineError(r, /too long|at most \d+ characters/);
    expect(listTree(cwd)).toEqual(['long.yaml']);
  });
});
