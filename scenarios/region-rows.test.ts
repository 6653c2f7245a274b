// Figures per region, measured from the run: each region's clients get their own summary row
// (`<scenario>@<region>`) and time-series columns, `expect: { regions }` bounds a region's row, and
// a region outage's own clients are left out of its measured RTO as an AZ outage's are.
import { describe, expect, it } from 'vitest';
import { prepareScenario } from './prepare.ts';
import { runScenario } from './run.ts';
import { ScenarioError } from './format/load-scenario.ts';
import { regionsYaml } from '../test/regions.ts';

const scenario = (faults: string, extra = '', readConsistency = 'strong') => `name: regions
duration: 40s
warmup: 2s
settle: 5s
${regionsYaml(['us-east-1', 'us-west-2'])}
engine:
  type: rds-multi-az
  cross_region_replica_azs: [usw2-az1]
workload:
  clients: { us-east-1: 3, us-west-2: 3 }
  rate: 300/s
  mix: { read: 0.6, write: 0.4 }
  read_consistency: ${readConsistency}
  keys: { count: 200, distribution: uniform }
  timeout: 1s
  retry: { attempts: 1 }
faults:
${faults}${extra}`;

const run = (text: string) => runScenario(prepareScenario(text, 'regions.yaml').scenario, { checkLinearizability: false });
const num = (v: unknown) => v as number;

describe('regions > rows', () => {
  it('gives each region a row of its own clients whose operations and stale reads add up to the run\'s', () => {
    const r = run(scenario('  []\n', '', 'eventual'));
    expect(r.regionRows.map((x) => x.scenario)).toEqual(['regions@us-east-1', 'regions@us-west-2']);
    for (const col of ['ops', 'ops_ok', 'reads', 'writes', 'stale_reads'] as const) {
      expect(num(r.regionRows[0][col]) + num(r.regionRows[1][col])).toBe(r.summary[col]);
    }
    // Eventual reads go to the replica in us-west-2: the east's clients read it across the link too,
    // so both regions see stale reads, and the run has some to split.
    expect(num(r.summary.stale_reads)).toBeGreaterThan(0);
    // Run-wide figures stay empty in a region's row.
    expect(r.regionRows[1].lost_writes).toBeNull();
    expect(r.regionRows[1].linearizable).toBeNull();
  });

  it('shows the far region\'s write outage during a region partition while the home region\'s stays short', () => {
    const r = run(scenario('  - { at: 10s, kind: region-partition, regions: [us-east-1, us-west-2], for: 10s }\n'));
    const [east, west] = r.regionRows;
    expect(num(west.write_outage_s)).toBeGreaterThan(9);
    expect(num(west.write_outage_s)).toBeLessThan(12);
    expect(num(east.write_outage_s)).toBeLessThan(1);
    expect(num(east.availability_write)).toBeGreaterThan(0.99);
    expect(num(west.availability_write)).toBeLessThan(0.8);
  });

  it('judges a bound per region on that region\'s own row', () => {
    const bounds = `expect:
  regions:
    - { name: us-east-1, availability_write: ">= 0.99" }
    - { name: us-west-2, availability_write: ">= 0.99" }
`;
    const r = run(scenario('  - { at: 10s, kind: region-partition, regions: [us-east-1, us-west-2], for: 10s }\n', bounds));
    expect(r.expectations.map((e) => [e.expectation.region, e.ok])).toEqual([['us-east-1', true], ['us-west-2', false]]);
    expect(r.passed).toBe(false);
  });

  it('refuses a bound on a region that is not in regions: and one on a run-wide figure, naming the line', () => {
    const bad = (bounds: string) => () => prepareScenario(scenario('  []\n', `expect:\n  regions:\n${bounds}`), 'regions.yaml');
    expect(bad('    - { name: us-west-1, availability_write: ">= 0.9" }\n')).toThrow(ScenarioError);
    expect(bad('    - { name: us-west-1, availability_write: ">= 0.9" }\n')).toThrow(/regions\.yaml:\d+: .*there is no region `us-west-1`/);
    expect(bad('    - { name: us-west-2, lost_writes: "== 0" }\n')).toThrow(/`lost_writes` is the run's figure/);
    const single = 'name: one\nduration: 10s\nengine: { type: rds-multi-az }\nworkload: { rate: 10/s }\nexpect:\n  regions:\n    - { name: x, ops: "> 0" }\n';
    expect(() => prepareScenario(single, 'one.yaml')).toThrow(/bounds per region need several regions/);
  });

  it('leaves the clients of a region that is out of its outage\'s measured RTO, as an AZ outage\'s', () => {
    const policy = `policy:
  policyName: p
  tier: Critical
  policy: { Region: { rtoInSecs: 1, rpoInSecs: 0 } }
`;
    const r = run(scenario('  - { at: 10s, kind: region-outage, region: us-west-2, for: 10s }\n', policy));
    // The west's clients stop with their region (their in-flight writes fail); the east never loses a write.
    expect(num(r.regionRows[1].write_outage_s)).toBeGreaterThan(9);
    expect(r.policy?.faults[0].rtoUs).toBe(0);
    expect(r.policy?.compliance).toBe('PolicyMet');
  });

  it('adds no region rows or columns to a run in one region', () => {
    const single = 'name: one\nduration: 10s\nengine: { type: rds-multi-az }\nworkload: { rate: 10/s }\n';
    const r = runScenario(prepareScenario(single, 'one.yaml').scenario, { checkLinearizability: false });
    expect(r.regionRows).toEqual([]);
  });
});
