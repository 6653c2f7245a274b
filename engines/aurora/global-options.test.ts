// Aurora Global Database's options and the switchover fault, as the scenario loader checks them:
// each bad input is one error naming the field.
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { globalScenarioText } from './global-scenario.fixture.ts';
import { aurora } from './index.ts';

const load = (text: string) => prepareScenario(text, 'global.yaml');
const withAzs = (azs: string) => globalScenarioText({}).replace('global_azs: [usw2-az1, usw2-az2, usw2-az3]', `global_azs: ${azs}`);

describe('aurora > global database > options', () => {
  it('refuses a secondary in the primary\'s region', () => {
    expect(() => load(withAzs('[use1-az1, use1-az2, use1-az3]'))).toThrow(/global_azs.*primary's region/s);
  });

  it('refuses a group of AZs that is not 3', () => {
    expect(() => load(withAzs('[usw2-az1, usw2-az2]'))).toThrow(/not a multiple of 3/);
  });

  it('refuses write forwarding without secondaries', () => {
    const text = globalScenarioText({ engine: '  write_forwarding: true' }).replace('  global_azs: [usw2-az1, usw2-az2, usw2-az3]\n', '');
    expect(() => load(text)).toThrow(/write_forwarding.*needs secondary clusters/s);
  });

  it('refuses a switchover on a database with no secondary region', () => {
    const text = globalScenarioText({ faults: '  - { kind: switchover, at: 15s, target: { role: replica } }' }).replace('  global_azs: [usw2-az1, usw2-az2, usw2-az3]\n', '');
    expect(() => load(text)).toThrow(/switchover needs a database with secondary regions/);
  });

  it('lays out the secondary\'s readers over its AZs and its own volume\'s storage nodes in its region, after the primary\'s nodes', () => {
    const s = load(globalScenarioText({ engine: '  global_readers: 2' })).scenario;
    const nodes = aurora.nodesOf(s.engine.options, s.region.azs);
    const secondary = nodes.filter((n) => n.az.startsWith('usw2'));
    expect(secondary.slice(0, 2).map((n) => [n.name, n.az])).toEqual([['secondary-1-reader-1', 'usw2-az1'], ['secondary-1-reader-2', 'usw2-az2']]);
    expect(secondary.filter((n) => n.roles.includes('storage')).length).toBe(3 * 4);
    expect(nodes.indexOf(secondary[0])).toBe(nodes.length - secondary.length);
  });
});
