import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../prepare.ts';
import type { LoadedScenario } from '../format/load-scenario.ts';
import { prepareCombination } from './set-values.ts';
import type { Assignment } from './combination.ts';
import { SWEEP_SCENARIO } from './sweep-scenario.fixture.ts';
import { errorOf } from './error-of.fixture.ts';

const FILE = 'set-test.yaml';

const CACHED = SWEEP_SCENARIO.replace('workload:', 'cache:\n  type: redis-cluster\n  ttl: 10s\nworkload:');

const set = (key: string, value: string): Assignment => ({ key, option: key, value });

/** The same value written into the file at the key's place and loaded, as a user would. */
function writtenIn(text: string, a: Assignment): LoadedScenario {
  const doc = parseDocument(text);
  doc.setIn(a.key.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), parseDocument(a.value).contents);
  return prepareScenario(doc.toString(), FILE);
}

/** Where things were in the file does not belong to the value (rewriting the file moves them). */
function withoutLines(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutLines);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'line').map(([k, x]) => [k, withoutLines(x)]));
}

const applied = (text: string, combo: Assignment[]) => prepareCombination(text, FILE, combo).loaded.scenario;

describe('sweep > --set values of the scenario sections', () => {
  it.each([
    ['the workload rate', SWEEP_SCENARIO, set('workload.rate', '200/s')],
    ['the workload clients', SWEEP_SCENARIO, set('workload.clients', '7')],
    ['a nested workload key', SWEEP_SCENARIO, set('workload.keys.count', '50')],
    ['a key the file leaves out', SWEEP_SCENARIO, set('workload.timeout', '2s')],
    ['a fault duration, by index', SWEEP_SCENARIO, set('faults.0.for', '30s')],
    ['a fault time, by index', SWEEP_SCENARIO, set('faults.0.at', '7s')],
    ['the cache TTL', CACHED, set('cache.ttl', '1s')],
    ['a cache option', CACHED, set('cache.node_timeout', '2s')],
    ['the region AZs', SWEEP_SCENARIO, set('region.azs', '[az-a, az-b]')],
  ])('sets %s exactly as the file would have it', (_name, text, a) => {
    const base = prepareScenario(text, FILE);
    const changed = applied(text, [a]);
    expect(changed).not.toEqual(base.scenario);
    expect(withoutLines(changed)).toEqual(withoutLines(writtenIn(text, a).scenario));
  });

  it('sets a section value and an engine option together', () => {
    const both = applied(SWEEP_SCENARIO, [set('faults.0.for', '30s'), { key: 'engine.dns_ttl', option: 'dns_ttl', value: '30s' }]);
    expect(both.faults[0]).toMatchObject({ forUs: 30_000_000 });
    expect(both.engine.options.dns_ttl).toBe(30_000_000);
  });

  it('checks the fields of a section together once every flag is in (a mix that must sum to 1)', () => {
    const mix = applied(SWEEP_SCENARIO, [set('workload.mix.read', '0.8'), set('workload.mix.write', '0.2')]);
    expect(mix.workload).toMatchObject(applied(SWEEP_SCENARIO.replace('read: 0.5, write: 0.5', 'read: 0.8, write: 0.2'), []).workload);
    expect(errorOf(() => applied(SWEEP_SCENARIO, [set('workload.mix.read', '0.8')])).message).toBe('--set workload.mix.read=0.8: workload.mix: read + write must be 1, got 0.8 + 0.5 = 1.3');
  });

  it.each([
    ['a duration without a unit', SWEEP_SCENARIO, set('faults.0.for', '30')],
    ['a rate without /s', SWEEP_SCENARIO, set('workload.rate', '200')],
    ['a share out of range', SWEEP_SCENARIO, set('workload.mix.read', '2')],
    ['an unknown workload key', SWEEP_SCENARIO, set('workload.rat', '200/s')],
    ['an unknown cache option', CACHED, set('cache.node_timout', '2s')],
    ['an AZ list without the faults\' AZ', SWEEP_SCENARIO.replace('target: { role: writer }', 'target: { role: writer }\n  - { at: 6s, kind: az-outage, az: az-c }'), set('region.azs', '[az-a, az-b]')],
  ])("refuses %s on one line naming the flag, with the file loader's own reason", (_name, text, a) => {
    const e = errorOf(() => applied(text, [a]));
    expect(e.name).toBe('SweepInputError');
    const inFile = errorOf(() => writtenIn(text, a)) as Error & { problem: string; field: string };
    const own = inFile.field === a.key.replace(/\.(\d+)/g, '[$1]') || inFile.field.startsWith(a.key.replace(/\.(\d+)/g, '[$1]'));
    expect(e.message).toBe(own ? `--set ${a.key}=${a.value}: ${inFile.problem}` : `--set ${a.key}=${a.value}: ${inFile.field}: ${inFile.problem}`);
    expect(e.message).not.toContain('\n');
  });

  it('refuses a fault index the scenario does not have, and a cache the scenario does not have', () => {
    expect(errorOf(() => applied(SWEEP_SCENARIO, [set('faults.1.at', '3s')])).message).toBe('--set faults.1.at=3s: faults has 1 item (indexes from 0), no 1');
    expect(errorOf(() => applied(SWEEP_SCENARIO, [set('cache.ttl', '3s')])).message).toBe('--set cache.ttl=3s: the scenario has no cache section');
  });
});
