// Bad seeds, shards, --set keys and values: exit 2 with a one-line reason before any run starts
// (nothing printed on stdout, no output folder created).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_SCENARIO } from '../../scenarios/sweep/sweep-scenario.fixture.ts';
import { cli } from './sweep-test-cli.fixture.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-sweep-input-'));
const file = path.join(tmp, 'sweep-test.yaml');
const out = path.join(tmp, 'out');

const CASES: [string, string[], RegExp][] = [
  ['a backwards range', ['--seeds', '10..1'], /^--seeds "10\.\.1": the range 10\.\.1 runs backwards/],
  ['a range without an end', ['--seeds', '1..'], /^--seeds "1\.\.": the range "1\.\." needs both ends/],
  ['a seed that is not a number', ['--seeds', '1,x'], /^--seeds "1,x": "x" is not a seed/],
  ['a seed listed twice', ['--seeds', '1..10,5'], /seed 5 is listed twice/],
  ['shard 3/2', ['--seeds', '1..4', '--shard', '3/2'], /^--shard 3\/2: the shard must be between 1 and 2/],
  ['shard 0/0', ['--seeds', '1..4', '--shard', '0/0'], /^--shard 0\/0: the number of shards must be at least 1/],
  ['a shard that is not i/N', ['--seeds', '1..4', '--shard', 'half'], /^--shard "half": expected i\/N/],
  ['an unknown engine option', ['--set', 'engine.dns_tll=5s'], /^--set engine\.dns_tll=\.\.\.: unknown rds-multi-az option `dns_tll`; did you mean `dns_ttl`\?/],
  ['a key of no section that can be set', ['--set', 'duration=10s,20s'], /^--set "duration=10s,20s": `duration` names no value that can be set/],
  ['an unknown workload key', ['--set', 'workload.rat=10/s,20/s'], /^--set workload\.rat=10\/s: unknown key `rat`; did you mean `rate`\?/],
  ['a fault index the scenario lacks', ['--set', 'faults.3.for=10s'], /^--set faults\.3\.for=10s: faults has 1 item \(indexes from 0\), no 3/],
  ['a fault duration without a unit', ['--set', 'faults.0.for=10'], /^--set faults\.0\.for=10: expected a duration/],
  ['a bad value among good ones', ['--set', 'engine.dns_ttl=5s,30s,soon'], /^--set engine\.dns_ttl=soon: .*duration/],
  ['a value out of range', ['--set', 'engine.health_check_failures=0'], /^--set engine\.health_check_failures=0: /],
  ['a combination that fails only together', ['--set', 'engine.writer_az=az-a,az-b', '--set', 'engine.standby_az=az-b'], /^--set engine\.standby_az=az-b \(with engine\.writer_az=az-b engine\.standby_az=az-b\): the standby must be in another AZ/],
  ['a flag without a value', ['--set', 'engine.dns_ttl'], /^--set "engine\.dns_ttl": expected <section>\.<key>=<value>/],
  ['zero workers', ['--jobs', '0'], /^--jobs must be 1 or more, got 0/],
];

describe('faultline sweep: bad input', () => {
  beforeAll(() => fs.writeFileSync(file, SWEEP_SCENARIO));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each(CASES)('exits 2 before running anything on %s', async (_name, args, reason) => {
    const r = await cli('sweep', file, ...args, '--out', out);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.endsWith('\n')).toBe(true);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^faultline: /);
    expect(r.err.slice('faultline: '.length)).toMatch(reason);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 on a scenario that does not exist or does not load, naming file and line', async () => {
    const missing = await cli('sweep', path.join(tmp, 'nope.yaml'), '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such file, and no bundled scenario/);
    const broken = path.join(tmp, 'broken.yaml');
    fs.writeFileSync(broken, SWEEP_SCENARIO.replace('rate: 50/s', 'rate: fast'));
    const r = await cli('sweep', broken, '--seeds', '1..3', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.yaml:\d+: workload\.rate: /);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('gives `run --set` the same checks, one value per option', async () => {
    const many = await cli('run', file, '--set', 'engine.dns_ttl=5s,30s', '--out', out);
    expect(many.code).toBe(2);
    expect(many.err).toMatch(/^faultline: --set engine\.dns_ttl=5s,30s: run takes one value per option/);
    const bad = await cli('run', file, '--set', 'engine.dns_tll=5s', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/did you mean `dns_ttl`/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
