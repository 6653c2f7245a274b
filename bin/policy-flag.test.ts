// `run --policy`: the verdict in faults.csv, summary.csv and the terminal, exit 1 on a breach,
// exit 2 with file, line and field for a bad policy, and faults.csv unchanged without a policy.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './commands/sweep-test-cli.fixture.ts';
import { SWEEP_SCENARIO } from '../scenarios/sweep/sweep-scenario.fixture.ts';
import { tempRoot } from './cli-test.fixture.ts';
import { FAULT_COLUMNS } from '../reports/fault-table.ts';
import { SUMMARY_COLUMNS } from '../reports/summary-columns.ts';

const root = tempRoot('policy');
const scenario = path.join(root, 'crash.yaml');
// Loose bounds: only the policy can fail the run.
fs.writeFileSync(scenario, SWEEP_SCENARIO.replace('write_outage_s: "<= 20"', 'write_outage_s: "<= 1000"'));
const policyFile = (name: string, rtoInSecs: number) => {
  const file = path.join(root, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ policyName: name, tier: 'Critical', policy: { Software: { rtoInSecs, rpoInSecs: 0 } } }));
  return file;
};
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const csv = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));

describe('cli > run --policy', () => {
  it('breaches a 1 s Software RTO: exit 1, and faults.csv, summary.csv and the terminal name the fault', async () => {
    const out = path.join(root, 'tight');
    const r = await cli('run', scenario, '--policy', policyFile('tight', 1), '--out', out);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toContain('policy     tight (Critical): PolicyBreached');
    expect(r.out).toMatch(/✗ fault #0 Software: RTO [\d.]+ s RPO 0\.000 s, objective RTO 1 s RPO 0 s, PolicyBreached: RTO [\d.]+ s > 1 s/);
    const [header, row] = csv(path.join(out, 'faults.csv'));
    expect(header.slice(-6)).toEqual(['disruption_type', 'current_rto_s', 'current_rpo_s', 'policy_rto_s', 'policy_rpo_s', 'compliance']);
    expect(row.slice(-6, -4)[0]).toBe('Software');
    expect(Number(row[header.indexOf('current_rto_s')])).toBeGreaterThan(1);
    expect(row.at(-1)).toBe('PolicyBreached');
    const [sh, sr] = csv(path.join(out, 'summary.csv'));
    expect(sh.slice(-3)).toEqual(['policy_name', 'policy_tier', 'policy_compliance']);
    expect(sr.slice(-3)).toEqual(['tight', 'Critical', 'PolicyBreached']);
  });

  it('meets a 10-minute Software RTO (exit 0), and a run without a policy keeps the standard faults.csv', async () => {
    const r = await cli('run', scenario, '--policy', policyFile('loose', 600), '--out', path.join(root, 'loose'));
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('PolicyMet');
    const plain = await cli('run', scenario, '--out', path.join(root, 'plain'));
    expect(plain.code, plain.out + plain.err).toBe(0);
    expect(plain.out).not.toContain('  policy ');
    expect(csv(path.join(root, 'plain', 'faults.csv'))[0]).toEqual([...FAULT_COLUMNS]);
    expect(csv(path.join(root, 'plain', 'summary.csv'))[0]).toEqual([...SUMMARY_COLUMNS]);
  });

  it('refuses a bad policy file with its line and field, exit 2, and writes nothing', async () => {
    const bad = path.join(root, 'bad.json');
    fs.writeFileSync(bad, '{\n  "policyName": "b",\n  "tier": "Critical",\n  "policy": { "Software": { "rtoInSecs": "35s", "rpoInSecs": 0 } }\n}\n');
    const out = path.join(root, 'bad-out');
    const r = await cli('run', scenario, '--policy', bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json:4: policy\.Software\.rtoInSecs: expected whole seconds, got "35s"/);
    expect(fs.existsSync(out)).toBe(false);
    const missing = await cli('run', scenario, '--policy', path.join(root, 'nope.json'), '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.json/);
  });
});

describe('cli > sweep --policy', () => {
  it('judges the worst seed by default (exit 1) and a named quantile when asked, leaving sweep.csv as it was', async () => {
    const tight = policyFile('sweep-20', 20);
    const worst = await cli('sweep', scenario, '--seeds', '1..6', '--jobs', '1', '--policy', tight, '--out', path.join(root, 'sw-worst'));
    expect(worst.code, worst.out + worst.err).toBe(1);
    expect(worst.out).toMatch(/policy sweep-20 \(Critical\), judged on the worst seed of 6 runs: PolicyBreached\n  ✗ fault #0 Software: RTO [\d.]+ s/);
    const median = await cli('sweep', scenario, '--seeds', '1..6', '--jobs', '1', '--policy', tight, '--policy-quantile', 'p50', '--out', path.join(root, 'sw-p50'));
    expect(median.out).toMatch(/judged on p50 of 6 runs: PolicyMet/);
    expect(median.code, median.out + median.err).toBe(0);
    expect(fs.readFileSync(path.join(root, 'sw-p50', 'sweep.csv'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'sw-worst', 'sweep.csv'), 'utf8'));
    const bad = await cli('sweep', scenario, '--seeds', '1..2', '--policy-quantile', 'q9', '--out', path.join(root, 'sw-bad'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--policy-quantile: expected p50/);
  });
});
