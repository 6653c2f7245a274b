// The sweep's policy verdict in its folder (policy.csv, from policy-runs.csv), and `merge`
// judging the policy again over the shards' seeds: the same files the unsharded sweep writes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../commands/sweep-test-cli.fixture.ts';
import { SHORT_SCENARIO, tempRoot } from '../cli-test.fixture.ts';
import { parseCsv } from './csv-read.ts';

const root = tempRoot('policy-verdict');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const scenario = path.join(root, 'crash.yaml');
fs.writeFileSync(scenario, SHORT_SCENARIO.replace('write_outage_s: "<= 20"', 'write_outage_s: "<= 1000"'));
const policy = path.join(root, 'tight.json');
fs.writeFileSync(policy, JSON.stringify({ policyName: 'tight', tier: 'Critical', policy: { Software: { rtoInSecs: 20, rpoInSecs: 0 } } }));
const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

describe('sweep > policy verdict files', () => {
  it('writes policy.csv (one row per fault index) and merge re-judges the policy over every shard, to the same files', async () => {
    const whole = path.join(root, 'whole');
    const w = await cli('sweep', scenario, '--seeds', '1..4', '--jobs', '1', '--policy', policy, '--out', whole);
    expect(w.code, w.err).toBeLessThan(2);
    const rows = parseCsv(read(whole, 'policy.csv'));
    expect(rows[0]).toEqual(['set', 'fault', 'disruption_type', 'quantile', 'runs', 'current_rto_s', 'current_rpo_s', 'policy_rto_s', 'policy_rpo_s', 'compliance']);
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(0, 5)).toEqual(['', '0', 'Software', 'worst', '4']);
    expect(rows[1][9]).toBe(w.code === 1 ? 'PolicyBreached' : 'PolicyMet');
    expect(parseCsv(read(whole, 'policy-runs.csv'))).toHaveLength(5);

    const shards = [1, 2].map((i) => path.join(root, `shard-${i}`));
    for (const [i, dir] of shards.entries()) {
      const s = await cli('sweep', scenario, '--seeds', '1..4', '--jobs', '1', '--policy', policy, '--shard', `${i + 1}/2`, '--out', dir);
      expect(s.code, s.err).toBeLessThan(2);
      expect(s.out).toMatch(/judged on the worst seed of 2 runs/);
    }
    const merged = path.join(root, 'merged');
    const m = await cli('merge', ...shards, '--out', merged);
    expect(m.code, m.err).toBe(w.code);
    expect(m.out).toMatch(/policy tight \(Critical\), judged on the worst seed of 4 runs: Policy(Met|Breached)/);
    for (const name of ['policy.csv', 'policy-runs.csv', 'policy.json']) expect(read(merged, name), name).toBe(read(whole, name));
  });

  it('refuses to merge shards judged on different policies', async () => {
    const other = path.join(root, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ policyName: 'other', tier: 'Critical', policy: { Software: { rtoInSecs: 60, rpoInSecs: 0 } } }));
    const a = path.join(root, 'pa');
    const b = path.join(root, 'pb');
    await cli('sweep', scenario, '--seeds', '1..2', '--jobs', '1', '--policy', policy, '--shard', '1/2', '--out', a);
    await cli('sweep', scenario, '--seeds', '1..2', '--jobs', '1', '--policy', other, '--shard', '2/2', '--out', b);
    const m = await cli('merge', a, b, '--out', path.join(root, 'pm'));
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/pb: was judged on another policy or quantile than .*pa/);
    expect(fs.existsSync(path.join(root, 'pm'))).toBe(false);
  });
});
