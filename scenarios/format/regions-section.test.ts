// `regions:`: several regions, each with its AZs; the delay between each pair of regions
// (defaults from inter-region-latency.ts, or `region.latency.cross_region`); clients per region;
// the region faults. Bad input is reported with file, line and field.

import { describe, expect, it } from 'vitest';
import { loadScenario } from './load-scenario.ts';
import { BASE, expectReported, type Case } from './bad-input.fixture.ts';
import { FAKE_ENGINES } from './fake-engines.fixture.ts';
import { defaultCrossRegionDelay } from './inter-region-latency.ts';

/** BASE plus two regions from line 7 (lines 7-11). */
const TWO = `${BASE}regions:
  - name: us-east-1
    azs: [use1-az1, use1-az2, use1-az3]
  - name: us-west-2
    azs: [usw2-az1, usw2-az2]
`;

const load = (text: string) => loadScenario(text, 'scenarios/t.yaml', { engines: FAKE_ENGINES }).scenario;

const CASES: Case[] = [
  {
    name: 'an engine option naming an AZ of another region',
    text: TWO.replace('  type: aurora\n', '  type: aurora\n  writer_az: usw2-az1\n'),
    line: 5,
    field: 'engine.writer_az',
    problem: '`usw2-az1` is in region us-west-2: the engines live in the first region of `regions:` (use1-az1, use1-az2, use1-az3) until their global features land',
  },
  {
    name: 'an AZ in two regions',
    text: TWO.replace('[usw2-az1, usw2-az2]', '[usw2-az1, use1-az2]'),
    line: 11,
    field: 'regions[1].azs[1]',
    problem: 'the AZ `use1-az2` is already in region us-east-1: an AZ is in one region only',
  },
  {
    name: 'two regions of one name',
    text: TWO.replace('name: us-west-2', 'name: us-east-1'),
    line: 10,
    field: 'regions[1].name',
    problem: 'two regions are named `us-east-1`',
  },
  {
    name: 'region.azs beside regions',
    text: `${TWO}region:\n  azs: [az-a]\n`,
    line: 13,
    field: 'region.azs',
    problem: 'with `regions:`, each region lists its own AZs (regions: [{ name: us-east-1, azs: [...] }]); leave region.azs out',
  },
  {
    name: 'cross_region with one region',
    text: `${BASE}region:\n  latency:\n    cross_region: []\n`,
    line: 9,
    field: 'region.latency.cross_region',
    problem: '`cross_region` needs more than one region: list them under `regions:`',
  },
  {
    name: 'a cross_region link to an unknown region',
    text: `${TWO}region:\n  latency:\n    cross_region:\n      - between: [us-east-1, us-west-3]\n        delay: 30ms\n`,
    line: 15,
    field: 'region.latency.cross_region[0].between[1]',
    problem: 'unknown region `us-west-3`; did you mean `us-west-2`? (known: us-east-1, us-west-2)',
  },
  {
    name: 'a pair with no published latency and none given',
    text: TWO.replace('name: us-west-2', 'name: mars-1'),
    line: 7,
    field: 'regions',
    problem: 'no published latency between us-east-1 and mars-1 to default to (docs/sources.md lists the pairs); give it in region.latency.cross_region: [{ between: [us-east-1, mars-1], delay: { median: 35ms, p99: 40ms } }]',
  },
  {
    name: 'clients in an unknown region',
    text: TWO.replace('workload:\n  rate: 100/s\n', 'workload:\n  rate: 100/s\n  clients: { us-west-1: 2 }\n'),
    line: 7,
    field: 'workload.clients.us-west-1',
    problem: /^unknown AZ or region `us-west-1`/,
  },
  {
    name: 'a region-outage of an unknown region',
    text: `${TWO}faults:\n  - { at: 1m, kind: region-outage, region: us-west-1 }\n`,
    line: 13,
    field: 'faults[0].region',
    problem: 'unknown region `us-west-1`; did you mean `us-west-2`? (known: us-east-1, us-west-2)',
  },
  {
    name: 'a region-outage with one region',
    text: `${BASE}faults:\n  - { at: 1m, kind: region-outage, region: us-east-1 }\n`,
    line: 8,
    field: 'faults[0].region',
    problem: 'a region-outage needs `regions:` (with one region, an outage of every AZ would leave nothing to observe it)',
  },
  {
    name: 'a region-partition of one region with itself',
    text: `${TWO}faults:\n  - { at: 1m, kind: region-partition, regions: [us-east-1, us-east-1] }\n`,
    line: 13,
    field: 'faults[0].regions',
    problem: '`regions` names us-east-1 twice; a partition is between two different regions',
  },
  {
    name: 'a region-partition of three regions',
    text: `${TWO}faults:\n  - { at: 1m, kind: region-partition, regions: [us-east-1, us-west-2, us-east-1] }\n`,
    line: 13,
    field: 'faults[0].regions',
    problem: '`regions` names exactly 2 regions, got 3',
  },
  {
    name: 'a region-partition key on an az-outage',
    text: `${TWO}faults:\n  - { at: 1m, kind: az-outage, az: use1-az1, regions: [us-east-1, us-west-2] }\n`,
    line: 13,
    field: 'faults[0].regions',
    problem: '`regions` does not apply to a az-outage fault (it takes at, kind, az, for)',
  },
];

describe('scenario format', () => {
  describe('regions', () => {
    it('loads a one-region file with no trace of regions (the same data as before regions existed)', () => {
      const s = load(BASE);
      expect(s.region.regions).toBeUndefined();
      expect(s.region.latency.crossRegion).toBeUndefined();
      expect(Object.keys(s.region)).toEqual(['azs', 'latency', 'clocks']);
      expect(Object.keys(s.region.latency)).toEqual(['sameAz', 'crossAz', 'client']);
    });

    it('places the engine in the first region and gives every pair a delay, from the published table unless the file sets it', () => {
      const s = load(`${TWO}region:\n  latency:\n    cross_az: { constant: 2ms }\n`);
      expect(s.region.azs).toEqual(['use1-az1', 'use1-az2', 'use1-az3']);
      expect(s.region.regions?.map((r) => r.name)).toEqual(['us-east-1', 'us-west-2']);
      expect(s.region.latency.crossAz).toEqual({ kind: 'constant', value: 2_000 });
      // us-east-1 <-> us-west-2: 87.8 ms measured round trip, so a 43.9 ms one-way median.
      expect(s.region.latency.crossRegion).toEqual([{ between: ['us-east-1', 'us-west-2'], delay: { kind: 'lognormal', median: 43_900, p99: 48_290 } }]);
      expect(defaultCrossRegionDelay('us-west-2', 'us-east-1')).toEqual(s.region.latency.crossRegion![0].delay);
      const given = load(`${TWO}region:\n  latency:\n    cross_region:\n      - { between: [us-west-2, us-east-1], delay: { constant: 31ms } }\n`);
      expect(given.region.latency.crossRegion).toEqual([{ between: ['us-east-1', 'us-west-2'], delay: { kind: 'constant', value: 31_000 } }]);
    });

    it('spreads a number of clients over the home region, and a region\'s clients over its AZs', () => {
      expect(load(TWO.replace('rate: 100/s', 'rate: 100/s\n  clients: 4')).workload.clients).toEqual([
        { az: 'use1-az1', count: 2 },
        { az: 'use1-az2', count: 1 },
        { az: 'use1-az3', count: 1 },
      ]);
      expect(load(TWO.replace('rate: 100/s', 'rate: 100/s\n  clients: { us-west-2: 3, use1-az2: 1, usw2-az2: 2 }')).workload.clients).toEqual([
        { az: 'use1-az2', count: 1 },
        { az: 'usw2-az1', count: 2 },
        { az: 'usw2-az2', count: 3 },
      ]);
    });

    it('reads the region faults with their AZs resolved, the home control plane on its region\'s side and a region\'s own control-plane AZ on its side', () => {
      const s = load(`${TWO}faults:\n  - { at: 1m, kind: region-outage, region: us-west-2, for: 30s }\n  - { at: 2m, kind: region-partition, regions: [us-west-2, us-east-1], one_way: true }\n`);
      expect(s.faults).toEqual([
        { kind: 'region-outage', atUs: 60_000_000, forUs: 30_000_000, region: 'us-west-2', azs: ['usw2-az1', 'usw2-az2'], home: false },
        { kind: 'region-partition', atUs: 120_000_000, regions: ['us-west-2', 'us-east-1'], azs: [['usw2-az1', 'usw2-az2', 'control-plane@us-west-2'], ['use1-az1', 'use1-az2', 'use1-az3', 'control-plane']], oneWay: true },
      ]);
    });

    describe('bad input', () => {
      it.each(CASES.map((c) => [c.name, c] as const))('reports %s with its file, line and field', (_, c) => {
        expectReported(c);
      });
    });
  });
});
