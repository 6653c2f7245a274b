import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineError, listTree, SHORT_SCENARIO, tempRoot } from '../cli-test.fixture.ts';
import { cli } from './sweep-test-cli.fixture.ts';
import { parseCsv } from '../sweep/csv-read.ts';
import { SWEEP_SCENARIO } from '../../scenarios/sweep/sweep-scenario.fixture.ts';

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
    expectOneLineError(await cli('compare', a, a, '--out', path.join(root, 'same')), /two topologies would share the folder a;/);
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

  it('compares one scenario under several --variant settings, each a row named by its settings', async () => {
    const a = write('a', SHORT_SCENARIO);
    const out = path.join(root, 'variants');
    const r = await cli('compare', a, '--variant', 'dns_ttl=1s', '--variant', 'engine.dns_ttl=30s,health_check_interval=1s', '--seeds', '1..2', '--jobs', '1', '--out', out, '--no-check');
    expect(r.code, r.err).toBeLessThan(2);
    expect(listTree(out)).toEqual(expect.arrayContaining(['a~dns_ttl=1s', 'a~dns_ttl=30s~health_check_interval=1s', 'compare.csv', 'compare.html']));
    const csv = parseCsv(fs.readFileSync(path.join(out, 'compare.csv'), 'utf8'));
    expect(csv.slice(1).map((row) => row[0])).toEqual(['a [dns_ttl=1s]', 'a [dns_ttl=30s health_check_interval=1s]']);
    expect(csv[0]).not.toContain('policy_compliance');
    const sweep = JSON.parse(fs.readFileSync(path.join(out, 'a~dns_ttl=30s~health_check_interval=1s', 'sweep.json'), 'utf8')) as { set: string[] };
    expect(sweep.set).toEqual(['engine.dns_ttl=30s', 'engine.health_check_interval=1s']);
    const html = fs.readFileSync(path.join(out, 'compare.html'), 'utf8');
    expect(html).toContain('a [dns_ttl=30s health_check_interval=1s]');
    expect(html).toMatch(/id="chart-overlay-throughput-ok"/);
  });

  it('refuses a bad --policy-quantile, --policy file or --seeds in one line before anything runs', async () => {
    const a = write('a', SHORT_SCENARIO);
    const b = write('b', SHORT_SCENARIO.replace('type: rds-multi-az', 'type: aurora'));
    const out = path.join(root, 'bad-flags');
    expectOneLineError(await cli('compare', a, b, '--policy-quantile', 'p0', '--out', out), /--policy-quantile: expected p50/);
    expectOneLineError(await cli('compare', a, b, '--policy', path.join(root, 'missing.json'), '--out', out), /--policy: .*missing\.json/);
    expectOneLineError(await cli('compare', a, b, '--seeds', '3..1', '--out', out), /seeds|3\.\.1/);
    expect(listTree(out)).toEqual([]);
  });

  it.each([
    ['no_such_option=1s', /--variant 'no_such_option=1s': engine\.no_such_option=\.\.\.: .*rds-multi-az option/],
    ['dns_ttl=1s,30s', /--variant 'dns_ttl=1s,30s': `30s` is not <option>=<value>/],
    ['dns_ttl=soon', /--variant 'dns_ttl=soon': engine\.dns_ttl=soon: /],
    ['dns_ttl=1s,dns_ttl=2s', /--variant 'dns_ttl=1s,dns_ttl=2s': engine\.dns_ttl: set twice/],
    ['', /--variant '': empty/],
    ['faults.0.for=30', /--variant 'faults\.0\.for=30': faults\.0\.for=30: expected a duration/],
    ['workload.rat=10/s', /--variant 'workload\.rat=10\/s': workload\.rat=10\/s: unknown key `rat`; did you mean `rate`\?/],
  ])('refuses the bad variant %j in one line, and runs nothing', async (variant, pattern) => {
    const a = write('a', SHORT_SCENARIO);
    const out = path.join(root, 'bad-variant');
    expectOneLineError(await cli('compare', a, '--variant', 'dns_ttl=5s', '--variant', variant, '--seeds', '1', '--out', out), pattern);
    expect(listTree(out)).toEqual([]);
  });

  it("judges each topology on its own policy: section or on --policy: compliance and the worst fault's RTO against its objective in compare.csv, and a breach exits 1", async () => {
    // Long enough for writes to come back (14-24 s after the crash), without expectations of its own.
    const noExpect = SWEEP_SCENARIO.replace(/expect:[\s\S]*$/, '');
    const section = (rtoS: number) => `policy:\n  policyName: rto-${rtoS}\n  tier: Critical\n  policy: { Software: { rtoInSecs: ${rtoS}, rpoInSecs: 0 } }\n`;
    const a = write('a', noExpect + section(1000));
    const b = write('b', noExpect.replace('type: rds-multi-az', 'type: aurora') + section(1));
    const file = path.join(root, 'policy-1000.json');
    fs.writeFileSync(file, JSON.stringify({ policyName: 'given-1000', tier: 'Critical', policy: { Software: { rtoInSecs: 1000, rpoInSecs: 0 } } }));
    const run = async (label: string, ...flags: string[]) => {
      const out = path.join(root, `policy-${label}`);
      const r = await cli('compare', a, b, '--seeds', '1', '--jobs', '1', '--out', out, '--no-check', ...flags);
      const [head, ...rows] = parseCsv(fs.readFileSync(path.join(out, 'compare.csv'), 'utf8'));
      return { r, rows: rows.map((row) => Object.fromEntries(head.map((h, i) => [h, row[i]]))), html: fs.readFileSync(path.join(out, 'compare.html'), 'utf8') };
    };
    const own = await run('own');
    expect(own.r.code, own.r.err).toBe(1);
    expect(own.rows.map((x) => [x.scenario, x.policy_name, x.policy_quantile, x.policy_compliance, x.worst_fault, x.worst_fault_disruption_type, x.policy_rto_s])).toEqual([
      ['a', 'rto-1000', 'worst', 'PolicyMet', '0', 'Software', '1000'],
      ['b', 'rto-1', 'worst', 'PolicyBreached', '0', 'Software', '1'],
    ]);
    expect(Number(own.rows[1].worst_fault_rto_s)).toBeGreaterThan(1);
    expect(own.html).toMatch(/Resiliency policy/);
    expect(own.r.out).toMatch(/b .*policy rto-1 PolicyBreached: fault #0 Software RTO \d/);
    const given = await run('given', '--policy', file, '--policy-quantile', 'p50');
    expect(given.r.code, given.r.err).toBe(0);
    expect(given.rows.map((x) => [x.policy_name, x.policy_quantile, x.policy_compliance])).toEqual([
      ['given-1000', 'p50', 'PolicyMet'],
      ['given-1000', 'p50', 'PolicyMet'],
    ]);
  });
});
