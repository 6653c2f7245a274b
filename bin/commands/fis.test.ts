import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineError, listTree, tempRoot } from '../cli-test.fixture.ts';
import { cli } from './sweep-test-cli.fixture.ts';

const root = tempRoot('fis');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const SCENARIO = 'scenarios/fis/aurora-cluster-failover.yaml';

function template(name: string, edit: (t: any) => void): string {
  const t = JSON.parse(fs.readFileSync('scenarios/fis/aurora-cluster-failover.json', 'utf8'));
  edit(t);
  const file = path.join(root, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(t));
  return file;
}

async function refused(name: string, edit: (t: any) => void, pattern: RegExp): Promise<void> {
  const file = template(name, edit);
  const out = path.join(root, `${name}-out`);
  fs.mkdirSync(out);
  const r = await cli('fis', 'import', file, '--onto', SCENARIO, '--out', path.join(out, 'new.yaml'));
  expectOneLineError(r, new RegExp(`${name}\\.json: ${pattern.source}`));
  expect(listTree(out)).toEqual([]);
}

describe('cli > fis import > malformed templates', () => {
  it('refuses a bad ISO-8601 duration, naming its JSON path, and writes nothing', async () => {
    await refused('bad-duration', (t) => (t.actions['wait-for-recovery'].parameters.duration = 'PT10'), /\$\.actions\.wait-for-recovery\.parameters\.duration: "PT10" is not an ISO-8601 duration/);
  });

  it('refuses a cycle in startAfter', async () => {
    await refused('cycle', (t) => (t.actions['failover-cluster'].startAfter = ['failback-cluster']), /\$\.actions\..*\.startAfter: startAfter makes a cycle: .*failover-cluster.*failback-cluster/);
  });

  it('refuses an action naming an unknown target', async () => {
    await refused('unknown-target', (t) => (t.actions['failover-cluster'].targets.Clusters = 'Nope'), /\$\.actions\.failover-cluster\.targets\.Clusters: unknown target "Nope"/);
  });

  it('refuses a target naming resources by both ARNs and tags', async () => {
    await refused('arns-and-tags', (t) => (t.targets['Clusters-Target-1'].resourceArns = ['arn:aws:rds:us-east-1:123456789012:cluster:db']), /\$\.targets\.Clusters-Target-1: names resources by both resourceArns and resourceTags/);
  });

  it('refuses an unknown action field', async () => {
    await refused('unknown-field', (t) => (t.actions['failover-cluster'].startBefore = []), /\$\.actions\.failover-cluster\.startBefore: unknown field/);
  });

  it('refuses an unsupported action with one line, and skips it with --skip-unsupported and a warning', async () => {
    const file = template('ssm', (t) => (t.actions.automation = { actionId: 'aws:ssm:start-automation-execution', parameters: { documentArn: 'arn:x' } }));
    const out = path.join(root, 'ssm.yaml');
    expectOneLineError(await cli('fis', 'import', file, '--onto', SCENARIO, '--out', out), /ssm\.json: \$\.actions\.automation\.actionId: aws:ssm:start-automation-execution is not an action Faultline can rehearse/);
    expect(fs.existsSync(out)).toBe(false);
    const r = await cli('fis', 'import', file, '--onto', SCENARIO, '--out', out, '--skip-unsupported');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^faultline: warning: .*ssm\.json: \$\.actions\.automation\.actionId: .*; skipped\n$/);
    expect(fs.readFileSync(out, 'utf8')).toContain('kind: failover');
  });

  it('reports every problem of a template, one line each', async () => {
    const file = template('many', (t) => {
      t.actions['wait-for-recovery'].startBefore = [];
      t.actions['failover-cluster'].targets.Clusters = 'Nope';
    });
    const r = await cli('fis', 'import', file, '--onto', SCENARIO);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(2);
    expect(r.out).toBe('');
  });
});

describe('cli > fis export', () => {
  it('exits 2 naming the file, line and fault that FIS cannot inject, and leaves it out with --skip-unsupported', async () => {
    const file = path.join(root, 'clock.yaml');
    const text = fs.readFileSync(SCENARIO, 'utf8').replace('faults:\n', 'faults:\n  - { at: 20s, kind: clock, target: { role: writer }, offset: +2s }\n');
    fs.writeFileSync(file, text);
    const out = path.join(root, 'clock.json');
    expectOneLineError(await cli('fis', 'export', file, '--out', out), /clock\.yaml:26: faults\[0\]: clock: FIS has no action/);
    expect(fs.existsSync(out)).toBe(false);
    const r = await cli('fis', 'export', file, '--out', out, '--skip-unsupported');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/warning: .*faults\[0\].*left out/);
    expect(Object.keys(JSON.parse(fs.readFileSync(out, 'utf8')).actions)).toEqual(['failover-db-cluster-1', 'wait-1m', 'failover-db-cluster-2']);
  });
});

describe('cli > fis import > targets and timing', () => {
  const scenario = path.join(root, 'multi-az.yaml');
  const reboot = (target: object) =>
    JSON.stringify({ targets: { DBs: { resourceType: 'aws:rds:db', selectionMode: 'ALL', ...target } }, actions: { reboot: { actionId: 'aws:rds:reboot-db-instances', targets: { DBInstances: 'DBs' } } }, stopConditions: [{ source: 'none' }] });

  it('resolves tags through a --tags map, ARNs by their last part, and starts the experiment --at', async () => {
    fs.writeFileSync(scenario, fs.readFileSync('scenarios/rds-multi-az-writer-crash.yaml', 'utf8'));
    const tagged = path.join(root, 'tagged.json');
    fs.writeFileSync(tagged, reboot({ resourceTags: { Team: 'payments' } }));
    const map = path.join(root, 'map.json');
    fs.writeFileSync(map, JSON.stringify({ tags: { 'Team=payments': { role: 'writer' } } }));
    const r = await cli('fis', 'import', tagged, '--onto', scenario, '--tags', map, '--at', '25s');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/- at: 25s\n\s+kind: restart\n\s+target: \{ node: db-1 \}/);
    expectOneLineError(await cli('fis', 'import', tagged, '--onto', scenario), /tagged\.json: \$\.targets\.DBs\.resourceTags\.Team: unknown target: the tag Team=payments is not in the tag map/);

    const byArn = path.join(root, 'arn.json');
    fs.writeFileSync(byArn, reboot({ resourceArns: ['arn:aws:rds:us-east-1:123456789012:db:db-1'] }));
    const a = await cli('fis', 'import', byArn, '--onto', scenario);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toContain('target: { node: db-1 }');
  });

  it('refuses an experiment that starts after the workload ends', async () => {
    const t = path.join(root, 'late.json');
    fs.writeFileSync(t, reboot({ resourceTags: { 'FIS-Ready': 'True' } }));
    expectOneLineError(await cli('fis', 'import', t, '--onto', scenario, '--at', '1h'), /late\.json: \$\.actions\.reboot: starts at 1h, at or after the end of .*--at/);
  });
});
