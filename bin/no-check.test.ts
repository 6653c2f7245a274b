// --no-check skips the linearizability check: an expectation on `linearizable` is then skipped
// with a note rather than failed, and long failure lists are cut short.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './commands/sweep-test-cli.fixture.ts';
import { SHORT_SCENARIO, tempRoot } from './cli-test.fixture.ts';
import { sweepReport } from './sweep/report.ts';
import { MANIFEST_FORMAT, sweepColumns, type SweepTable } from './sweep/outputs.ts';

const root = tempRoot('nocheck');
const scenario = path.join(root, 'lin.yaml');
// Loose bounds so that only `linearizable` could fail.
fs.writeFileSync(scenario, SHORT_SCENARIO.replace('write_outage_s: "<= 20"', 'write_outage_s: "<= 1000"\n  linearizable: true'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('cli > --no-check', () => {
  it('run skips an expectation on linearizable with a note instead of failing it', async () => {
    const checked = await cli('run', scenario, '--out', path.join(root, 'checked'));
    expect(checked.code, checked.out + checked.err).toBe(0);
    const r = await cli('run', scenario, '--no-check', '--out', path.join(root, 'unchecked'));
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('linearizable: not checked (--no-check)');
  });

  it('a sweep skips it too, and prints no replay line', async () => {
    const r = await cli('sweep', scenario, '--seeds', '1..3', '--jobs', '1', '--no-check', '--out', path.join(root, 'sweep'));
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).not.toContain('replay:');
    expect(r.out).toContain('linearizable: not checked (--no-check)');
  });

  it('a sweep report lists the first 20 failed runs and says how many more there are', () => {
    const failures = Array.from({ length: 25 }, (_, i) => ({ run: i, seed: i + 1, set: [], failed: ['lost_writes = 1 (expected == 0)'], replay: `faultline run x --seed ${i + 1}` }));
    const table: SweepTable = {
      manifest: { format: MANIFEST_FORMAT, faultline: '0', scenario: 'x', scenario_name: 'x', scenario_sha256: '', seeds: '1..25', set: [], check: true, runs: 25, shard: '1/2', runs_in_shard: 25, failures },
      columns: sweepColumns([]),
      rows: [],
    };
    const { text } = sweepReport(table, { files: [] });
    expect(text.match(/replay:/g)).toHaveLength(20);
    expect(text).toContain('... and 5 more');
  });
});
