import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoadedScenario } from '../../scenarios/format/load-scenario.ts';
import { SWEEP_SCENARIO } from '../../scenarios/sweep/sweep-scenario.fixture.ts';
import { prepareWithSetsOrExit } from './set-flags.ts';

const REDIS = `name: set-flags-redis
duration: 2s
engine:
  type: redis-cluster
  shards: 1
workload:
  clients: 1
  rate: 10/s
  keys: { count: 10 }
`;

/** The result, and what was written to stderr. */
function prepared(text: string, sets: string[], seed?: number): { result: LoadedScenario | number; err: string } {
  let err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const result = prepareWithSetsOrExit(text, 'set-flags.yaml', sets, seed);
  return { result, err };
}

afterEach(() => vi.restoreAllMocks());

describe('faultline run --set', () => {
  it('sets a duration, an integer, a boolean and an enum in the typed options, with the seed override', () => {
    const rds = prepared(SWEEP_SCENARIO, ['engine.dns_ttl=30s', 'engine.read_replicas=2', 'engine.promote_unsynced_standby=true'], 9).result as LoadedScenario;
    expect(rds.scenario.seed).toBe(9);
    expect(rds.scenario.engine.options).toMatchObject({ dns_ttl: 30_000_000, read_replicas: 2, promote_unsynced_standby: true });
    const redis = prepared(REDIS, ['engine.maxmemory_policy=noeviction']).result as LoadedScenario;
    expect(redis.scenario.engine.options.maxmemory_policy).toBe('noeviction');
  });

  it('sets workload, fault and region values with the seed override, beside engine options', () => {
    const s = (prepared(SWEEP_SCENARIO, ['workload.rate=80/s', 'faults.0.at=7s', 'region.azs=[az-a, az-b]', 'engine.dns_ttl=30s'], 9).result as LoadedScenario).scenario;
    expect([s.seed, s.faults[0].atUs, s.region.azs, s.engine.options.dns_ttl]).toEqual([9, 7_000_000, ['az-a', 'az-b'], 30_000_000]);
    const rate = (prepared(SWEEP_SCENARIO, ['workload.rate=80/s']).result as LoadedScenario).scenario.workload;
    expect(rate).toEqual((prepared(SWEEP_SCENARIO.replace('rate: 50/s', 'rate: 80/s'), []).result as LoadedScenario).scenario.workload);
  });

  it.each([
    ['a fault time', SWEEP_SCENARIO, 'faults.0.at=later', /^faultline: --set faults\.0\.at=later: expected a duration/],
    ['a workload key', SWEEP_SCENARIO, 'workload.clinets=3', /^faultline: --set workload\.clinets=3: unknown key `clinets`; did you mean `clients`\?/],
    ['a duration', SWEEP_SCENARIO, 'engine.dns_ttl=soon', /^faultline: --set engine\.dns_ttl=soon: .*duration/],
    ['an integer', SWEEP_SCENARIO, 'engine.read_replicas=two', /^faultline: --set engine\.read_replicas=two: /],
    ['a boolean', SWEEP_SCENARIO, 'engine.promote_unsynced_standby=yes please', /^faultline: --set engine\.promote_unsynced_standby=yes please: /],
    ['an enum', REDIS, 'engine.maxmemory_policy=lru', /^faultline: --set engine\.maxmemory_policy=lru: .*allkeys-lru/],
  ])('refuses a bad %s: exit 2, one line naming the flag', (_name, text, flag, reason) => {
    const { result, err } = prepared(text, [flag]);
    expect(result).toBe(2);
    expect(err).toMatch(reason);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });
});
