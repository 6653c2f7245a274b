import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../prepare.ts';
import type { LoadedScenario } from '../format/load-scenario.ts';
import { applyCombination } from './set-values.ts';
import type { Assignment } from './combination.ts';
import { SWEEP_SCENARIO } from './sweep-scenario.fixture.ts';
import { errorOf } from './error-of.fixture.ts';

const FILE = 'set-test.yaml';

const REDIS = `name: set-redis
duration: 2s
engine:
  type: redis-cluster
  shards: 1
workload:
  clients: 1
  rate: 10/s
  keys: { count: 10 }
`;

const DAX = `name: set-dax
duration: 2s
engine:
  type: dynamodb
cache: { type: dax }
workload:
  clients: 1
  rate: 10/s
  keys: { count: 10 }
`;

const REPLICA_FAULT = SWEEP_SCENARIO.replace('type: rds-multi-az', 'type: rds-multi-az\n  read_replicas: 1').replace('target: { role: writer }', 'target: { role: replica }');

const set = (option: string, value: string): Assignment => ({ key: `engine.${option}`, option, value });

/** The same value written into the file's engine section and loaded, as a user would. */
function writtenIn(text: string, a: Assignment): LoadedScenario {
  const doc = parseDocument(text);
  doc.setIn(['engine', a.option], parseDocument(a.value).contents);
  return prepareScenario(doc.toString(), FILE);
}

/** Where things were in the file does not belong to the value (rewriting the file moves them). */
function withoutLines(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutLines);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'line').map(([k, x]) => [k, withoutLines(x)]));
}

describe('sweep > --set values', () => {
  it.each([
    ['a duration', SWEEP_SCENARIO, set('dns_ttl', '30s')],
    ['an integer', SWEEP_SCENARIO, set('read_replicas', '2')],
    ['a boolean', SWEEP_SCENARIO, set('promote_unsynced_standby', 'true')],
    ['an AZ', SWEEP_SCENARIO, set('standby_az', 'az-c')],
    ['a list of AZs', SWEEP_SCENARIO, set('replica_azs', '[az-b, az-c]')],
    ['a distribution', SWEEP_SCENARIO, set('instance_start', '{ uniform: [1s, 2s] }')],
    ['part of a service', SWEEP_SCENARIO, set('service', '{ workers: 4 }')],
    ['null (the default)', SWEEP_SCENARIO, set('health_check_interval', 'null')],
    ['an enum', REDIS, set('maxmemory_policy', 'allkeys-lru')],
    ['a size', REDIS, set('repl_backlog_size', '2MB')],
    ['a number', REDIS, set('fail_report_validity', '3')],
  ])('sets %s in the typed options exactly as the file would have it', (_name, text, a) => {
    const base = prepareScenario(text, FILE);
    const changed = applyCombination(base, [a]).scenario;
    expect(changed).not.toEqual(base.scenario);
    expect(withoutLines(changed)).toEqual(withoutLines(writtenIn(text, a).scenario));
  });

  it.each([
    ['a duration', SWEEP_SCENARIO, set('dns_ttl', 'abc')],
    ['an integer', SWEEP_SCENARIO, set('read_replicas', '1.5')],
    ['an integer out of range', SWEEP_SCENARIO, set('health_check_failures', '0')],
    ['a boolean', SWEEP_SCENARIO, set('promote_unsynced_standby', 'maybe')],
    ['an AZ', SWEEP_SCENARIO, set('standby_az', 'az-q')],
    ['a service key', SWEEP_SCENARIO, set('service', '{ wrkers: 4 }')],
    ['an enum', REDIS, set('maxmemory_policy', 'lru')],
  ])("refuses a bad %s on one line naming the flag, with the file loader's own reason", (_name, text, a) => {
    const e = errorOf(() => applyCombination(prepareScenario(text, FILE), [a]));
    expect(e.name).toBe('SweepInputError');
    const inFile = errorOf(() => writtenIn(text, a)) as Error & { problem: string };
    expect(e.message).toBe(`--set ${a.key}=${a.value}: ${inFile.problem}`);
    expect(e.message).not.toContain('\n');
  });

  it('runs the engine\'s cross-field check on the changed options', () => {
    const e = errorOf(() => applyCombination(prepareScenario(REDIS, FILE), [set('wait_replicas', '2')]));
    expect(e.message).toBe('--set engine.wait_replicas=2: WAIT 2 can never be met with 1 replica(s) per shard');
  });

  it('checks the fault targets against the topology the changed options build', () => {
    const base = prepareScenario(REPLICA_FAULT, FILE);
    const e = errorOf(() => applyCombination(base, [set('read_replicas', '0')]));
    expect(e.message).toMatch(/^--set engine\.read_replicas=0: faults\[0\]\.target: matches no node of this rds-multi-az topology/);
  });

  it('refuses an engine option a built-in cache sets, as a file that set both is refused', () => {
    const e = errorOf(() => applyCombination(prepareScenario(DAX, FILE), [set('dax_ttl', '1m')]));
    expect(e.message).toBe('--set engine.dax_ttl=1m: cache.type: `cache: { type: dax }` sets engine.dax_ttl: leave it out of the engine section');
  });

  it('refuses a value that is not YAML, or no value', () => {
    const base = prepareScenario(SWEEP_SCENARIO, FILE);
    expect(errorOf(() => applyCombination(base, [set('replica_azs', '[az-b')])).message).toMatch(/^--set engine\.replica_azs=\[az-b: the value could not be read as YAML/);
    expect(errorOf(() => applyCombination(base, [set('dns_ttl', '# nothing')])).message).toBe('--set engine.dns_ttl=# nothing: no value');
  });
});
