import { describe, expect, it } from 'vitest';
import { SHORT_SCENARIO } from '../cli-test.fixture.ts';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { compareEntries, entryAtSeed } from './compare-entries.ts';

const file = (name: string, text = SHORT_SCENARIO) => {
  const t = text.replace(/name: .*/, `name: ${name}`);
  return { arg: `${name}.yaml`, shown: `${name}.yaml`, text: t, loaded: prepareScenario(t, `${name}.yaml`) };
};

describe('compare > entries', () => {
  it('runs the first file once per variant and the other files as written', () => {
    const entries = compareEntries([file('a'), file('b', SHORT_SCENARIO.replace('type: rds-multi-az', 'type: aurora'))], ['dns_ttl=1s', 'engine.dns_ttl=30s,replica_azs=[az-c]']);
    expect(entries.map((e) => [e.label, e.folder, e.sets])).toEqual([
      ['a [dns_ttl=1s]', 'a~dns_ttl=1s', ['engine.dns_ttl=1s']],
      ['a [dns_ttl=30s replica_azs=[az-c]]', 'a~dns_ttl=30s~replica_azs=_az-c_', ['engine.dns_ttl=30s', 'engine.replica_azs=[az-c]']],
      ['b', 'b', []],
    ]);
  });

  it("gives a variant's scenario at a seed with its settings, and a file's as written", () => {
    const [v, w] = compareEntries([file('a')], ['dns_ttl=1s', 'dns_ttl=30s']);
    expect(entryAtSeed(v, 7)).toMatchObject({ seed: 7, engine: { options: { dns_ttl: 1_000_000 } } });
    expect(entryAtSeed(w, 7).engine.options.dns_ttl).toBe(30_000_000);
    expect(entryAtSeed(compareEntries([file('a'), file('b')], [])[1], 3).seed).toBe(3);
  });
});
