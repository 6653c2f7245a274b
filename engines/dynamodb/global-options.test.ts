// Global tables' options and the pause-replication fault at validation: bad input is one line
// naming the file, line and field.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { dynamoNodes } from './node-outline.ts';
import { regionsYaml } from './global-harness.fixture.ts';

function scenario(engine: string, faults = '[]', third = ''): string {
  return `name: gt
duration: 10s
${regionsYaml(['us-east-1', 'us-west-2'])}
${third}engine:
${engine}
workload:
  rate: 10/s
faults: ${faults}
`;
}

const PAUSE = '[{ kind: pause-replication, region: us-west-2, at: 1s, for: 5s }]';

describe('dynamodb > global tables > options and validation', () => {
  it('refuses pause-replication on a table without replica regions, naming the fault\'s region', () => {
    expect(() => loadText(scenario('  type: dynamodb', PAUSE))).toThrow(/^test\.yaml:\d+: faults\[0\]\.region: dynamodb does not replicate between regions here/);
  });

  it('refuses pause-replication on an engine with no global replication', () => {
    expect(() => loadText(scenario('  type: rds-multi-az\n  cross_region_replica_azs: [usw2-az1]', PAUSE))).toThrow(/faults\[0\]\.region: rds-multi-az does not replicate between regions here/);
  });

  it('takes pause-replication on a global table, and refuses a region it has no replica in', () => {
    const global = '  type: dynamodb\n  global_table_azs: [usw2-az1, usw2-az2, usw2-az3]';
    expect(loadText(scenario(global, PAUSE)).faults[0]).toMatchObject({ kind: 'pause-replication', region: 'us-west-2', effectAfterUs: 300_000_000 });
    const third = '  - name: eu-west-1\n    azs: [euw1-az1, euw1-az2, euw1-az3]\n';
    const elsewhere = '[{ kind: pause-replication, region: eu-west-1, at: 1s, for: 5s }]';
    expect(() => loadText(scenario(global, elsewhere, third))).toThrow(/faults\[0\]\.region: the table has no replica in eu-west-1; its regions are us-east-1, us-west-2/);
    expect(() => loadText(scenario(global, '[{ kind: pause-replication, region: us-west-2, at: 1s, for: 5s, takes_effect_after: 6m }]'))).toThrow(/takes_effect_after/);
  });

  it('refuses global_table_azs that are not 3 AZs of one other region each', () => {
    expect(() => loadText(scenario('  type: dynamodb\n  global_table_azs: [usw2-az1, usw2-az2]'))).toThrow(/^test\.yaml:\d+: engine\.global_table_azs: 3 AZs per replica region/);
    expect(() => loadText(scenario('  type: dynamodb\n  global_table_azs: [use1-az1, use1-az2, use1-az3]'))).toThrow(/engine\.global_table_azs: `use1-az1` is in the home region/);
    const third = '  - name: eu-west-1\n    azs: [euw1-az1, euw1-az2, euw1-az3]\n';
    expect(() => loadText(scenario('  type: dynamodb\n  global_table_azs: [usw2-az1, usw2-az2, euw1-az1]', '[]', third))).toThrow(/engine\.global_table_azs: each 3 AZs in turn are one replica region's: usw2-az1, usw2-az2, euw1-az1 are in us-west-2 and eu-west-1/);
  });

  it('refuses strong consistency (MRSC) without exactly three regions', () => {
    expect(() => loadText(scenario('  type: dynamodb\n  global_consistency: strong\n  global_table_azs: [usw2-az1, usw2-az2, usw2-az3]'))).toThrow(/engine\.global_consistency: strong \(MRSC\) needs exactly 3 regions/);
    expect(() => loadText(scenario('  type: dynamodb\n  global_consistency: strong'))).toThrow(/engine\.global_consistency: strong \(MRSC\) is a global table mode/);
  });

  it('lays out each replica region\'s copy after the home one\'s nodes, which stay as they were', () => {
    const one = loadText(scenario('  type: dynamodb\n  partitions: 1'));
    const s = loadText(scenario('  type: dynamodb\n  partitions: 1\n  global_table_azs: [usw2-az1, usw2-az2, usw2-az3]'));
    const home = dynamoNodes(one.engine.options, one.region.azs).map((n) => n.name);
    const names = dynamoNodes(s.engine.options, s.region.azs).map((n) => n.name);
    expect(names.slice(0, home.length)).toEqual(home);
    expect(names.slice(home.length)).toEqual([
      ...['usw2-az1', 'usw2-az2', 'usw2-az3'].flatMap((az) => [`storage-${az}-1`, `storage-${az}-2`]),
      'p0-usw2-az1', 'p0-usw2-az2', 'p0-usw2-az3',
      'router-usw2-az1-1', 'router-usw2-az2-1', 'router-usw2-az3-1',
    ]);
  });
});
