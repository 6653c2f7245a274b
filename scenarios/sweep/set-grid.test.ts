import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../prepare.ts';
import { applyCombination, checkSetFlags, combinations, describeCombination, parseSetFlag, prepareGrid, splitValues } from './set-grid.ts';
import { SWEEP_SCENARIO } from './sweep-scenario.fixture.ts';
import { errorOf } from './error-of.fixture.ts';
import { findEngine } from '../../engines/registry.ts';

const FILE = 'sweep-test.yaml';
const base = () => prepareScenario(SWEEP_SCENARIO, FILE);

describe('sweep --set grids', () => {
  it('splits values on commas outside brackets, braces and quotes', () => {
    expect(splitValues('0,1,2')).toEqual(['0', '1', '2']);
    expect(splitValues('5s, 30s')).toEqual(['5s', '30s']);
    expect(splitValues('[az-b,az-c],[az-c]')).toEqual(['[az-b,az-c]', '[az-c]']);
    expect(splitValues('{ workers: 4, time: 1ms },{ workers: 8 }')).toEqual(['{ workers: 4, time: 1ms }', '{ workers: 8 }']);
    expect(splitValues(`"a,b",'c,d',e`)).toEqual(['"a,b"', "'c,d'", 'e']);
  });

  it('parses a flag into key, option and values', () => {
    expect(parseSetFlag('engine.dns_ttl=5s,30s')).toEqual({ key: 'engine.dns_ttl', option: 'dns_ttl', values: ['5s', '30s'] });
    expect(parseSetFlag('engine.read_replicas=0')).toEqual({ key: 'engine.read_replicas', option: 'read_replicas', values: ['0'] });
  });

  it.each([
    ['engine.dns_ttl', /expected <section>\.<key>=<value>/],
    ['duration=10s', /`duration` names no value that can be set; a key starts with engine\., workload\., faults\.<index>\., cache\. or region\./],
    ['dns_ttl=5s', /`dns_ttl` names no value that can be set/],
    ['engine.=5s', /`engine\.` names no value that can be set/],
    ['workload.=5s', /`workload\.` names no value that can be set/],
    ['engine.type=aurora', /the engine type cannot be set/],
    ['engine.dns_ttl=', /value 1 is empty/],
    ['engine.dns_ttl=5s,,30s', /value 2 is empty/],
    ['engine.dns_ttl=5s,5s', /the value 5s is listed twice/],
    ['engine.dns_ttl=5s\n30s', /one line/],
  ])('refuses the flag %j', (text, reason) => {
    const e = errorOf(() => parseSetFlag(text));
    expect(e.name).toBe('SweepInputError');
    expect(e.message).toMatch(/^--set /);
    expect(e.message).toMatch(reason);
    expect(e.message).not.toContain('\n');
  });

  it('refuses options the engine does not have, with a suggestion, and an option set twice', () => {
    const schema = findEngine('rds-multi-az')!.options;
    const e = errorOf(() => checkSetFlags([parseSetFlag('engine.dns_tll=5s')], 'rds-multi-az', schema));
    expect(e.message).toMatch(/^--set engine\.dns_tll=\.\.\.: unknown rds-multi-az option `dns_tll`; did you mean `dns_ttl`\?/);
    const twice = errorOf(() => checkSetFlags([parseSetFlag('engine.dns_ttl=5s'), parseSetFlag('engine.dns_ttl=30s')], 'rds-multi-az', schema));
    expect(twice.message).toMatch(/set twice/);
  });

  it('makes the cartesian product, the first flag varying slowest', () => {
    const combos = combinations([parseSetFlag('engine.a=1,2'), parseSetFlag('engine.b=x,y,z')]);
    expect(combos.map(describeCombination)).toEqual(['engine.a=1 engine.b=x', 'engine.a=1 engine.b=y', 'engine.a=1 engine.b=z', 'engine.a=2 engine.b=x', 'engine.a=2 engine.b=y', 'engine.a=2 engine.b=z']);
    expect(combinations([])).toEqual([[]]);
  });

  it('leaves the scenario alone without parameters, and otherwise sets the values in its typed engine options', () => {
    const b = base();
    expect(applyCombination(b, [])).toBe(b);
    const s = applyCombination(b, [
      { key: 'engine.dns_ttl', option: 'dns_ttl', value: '30s' },
      { key: 'engine.health_check_interval', option: 'health_check_interval', value: '5s' },
    ]).scenario;
    expect(s.engine.options.dns_ttl).toBe(30_000_000);
    expect(s.engine.options.health_check_interval).toBe(5_000_000);
    expect(s.engine.options.instance_start).toEqual(base().scenario.engine.options.instance_start);
    expect(s.workload).toEqual(base().scenario.workload);
  });

  it('loads every combination of a grid through the scenario loader', () => {
    const g = prepareGrid(SWEEP_SCENARIO, base(), ['engine.dns_ttl=1s,30s', 'engine.standby_az=az-b,az-c', 'engine.replica_azs=[az-b,az-c]']);
    expect(g.combos).toHaveLength(4);
    expect(g.combos.map((c) => [c.loaded.scenario.engine.options.dns_ttl, c.loaded.scenario.engine.options.standby_az, c.loaded.scenario.engine.options.replica_azs])).toEqual([
      [1_000_000, 'az-b', ['az-b', 'az-c']],
      [1_000_000, 'az-c', ['az-b', 'az-c']],
      [30_000_000, 'az-b', ['az-b', 'az-c']],
      [30_000_000, 'az-c', ['az-b', 'az-c']],
    ]);
  });

  it("reports a bad value with the loader's own reason, naming the flag and value", () => {
    const e = errorOf(() => prepareGrid(SWEEP_SCENARIO, base(), ['engine.dns_ttl=5s,abc']));
    expect(e.name).toBe('SweepInputError');
    expect(e.message).toMatch(/^--set engine\.dns_ttl=abc: /);
    expect(e.message).toMatch(/duration/);
    const range = errorOf(() => prepareGrid(SWEEP_SCENARIO, base(), ['engine.health_check_failures=3,0']));
    expect(range.message).toMatch(/^--set engine\.health_check_failures=0: .*1/);
    const az = errorOf(() => prepareGrid(SWEEP_SCENARIO, base(), ['engine.standby_az=az-q']));
    expect(az.message).toMatch(/^--set engine\.standby_az=az-q: unknown AZ `az-q`/);
    const yaml = errorOf(() => prepareGrid(SWEEP_SCENARIO, base(), ['engine.replica_azs=[az-b']));
    expect(yaml.message).toMatch(/^--set engine\.replica_azs=\[az-b: the value could not be read as YAML/);
  });

  it('finds a combination that only fails together (a cross-field check)', () => {
    // writer in az-b with the standby in az-b: each value is fine alone.
    const e = errorOf(() => prepareGrid(SWEEP_SCENARIO, base(), ['engine.writer_az=az-a,az-b', 'engine.standby_az=az-b']));
    expect(e.message).toBe('--set engine.standby_az=az-b (with engine.writer_az=az-b engine.standby_az=az-b): the standby must be in another AZ than the writer');
  });
});
