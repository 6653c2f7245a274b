import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineError, listTree, SHORT_SCENARIO, tempRoot } from '../cli-test.fixture.ts';
import { cli } from './sweep-test-cli.fixture.ts';
import { parseCsv } from '../sweep/csv-read.ts';

const root = tempRoot('compare');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(root, `${name}.yaml`);
  fs.writeFileSync(file, text.replace(/name: .*/, `name: ${name}`));
  return file;
}

describe('cli > compare', () => {
  it('refuses, in one line naming the field, files whose faults differ, and runs nothing', async () => {
    const a = write('a', SHORT_SCENARIO);
    const b = write('b', SHORT_SCENARIO.replace('at: 3s', 'at: 4s'));
    const out = path.join(root, 'refused');
    expectOneLineError(await cli('compare', a, b, '--seeds', '1..2', '--out', out), /b\.yaml: its faults\.0\.atUs differs from .*a\.yaml's.*--allow-different/);
    expect(listTree(out)).toEqual([]);
  });

  it('refuses a single scenario and two scenarios of one name', async () => {
    const a = write('a', SHORT_SCENARIO);
    expectOneLineError(await cli('compare', a, '--out', path.join(root, 'one')), /two or more scenario files/);
    expectOneLineError(await cli('compare', a, a, '--out', path.join(root, 'same')), /two scenarios are named a/);
  });

  it('compares files that differ only in their engine, and with --allow-different files that differ in more, saying so', async () => {
    const a = write('a', SHORT_SCENARIO);
    const b = write('b', SHORT_SCENARIO.replace('type: rds-multi-az', 'type: aurora'));
    const c = write('c', SHORT_SCENARIO.replace('rate: 50/s', 'rate: 60/s'));
    const out = path.join(root, 'same-setup');
    const r = await cli('compare', a, b, '--seeds', '1..2', '--jobs', '1', '--out', out, '--no-check');
    expect(r.code, r.err).toBeLessThan(2);
    expect(listTree(out)).toEqual(expect.arrayContaining(['a', 'b', 'compare.csv', 'compare.html', path.join('a', 'sweep.csv'), path.join('b', 'report.html')]));
    const rows = parseCsv(fs.readFileSync(path.join(out, 'compare.csv'), 'utf8')).slice(1).map((r) => r.slice(0, 4));
    expect(rows).toEqual([['a', 'rds-multi-az', '1,2', '2'], ['b', 'aurora', '1,2', '2']]);
    const forced = await cli('compare', a, c, '--seeds', '1', '--jobs', '1', '--out', path.join(root, 'forced'), '--no-check', '--allow-different');
    expect(forced.code, forced.err).toBeLessThan(2);
    expect(fs.readFileSync(path.join(root, 'forced', 'compare.html'), 'utf8')).toMatch(/--allow-different: c differs in workload/);
  });
});
