// Exporting pause-replication: the FIS action aws:dynamodb:global-table-pause-replication on the
// global table, its duration the fault's `for`; imported back, a pause of each region the table has.
import { describe, expect, it } from 'vitest';
import { exportScenario } from './export-template.ts';
import { planTemplate } from './import-plan.ts';
import { readTemplate } from './template-shape.ts';
import { inventoryOf } from './inventory.ts';
import { defaultTagMap } from './tag-map.ts';
import { loadText } from '../../test/bundled.ts';
import { regionsYaml } from '../../test/regions.ts';

const scenario = `name: gt
duration: 10m
${regionsYaml(['us-east-1', 'us-west-2'])}
engine:
  type: dynamodb
  global_table_azs: [usw2-az1, usw2-az2, usw2-az3]
workload:
  rate: 10/s
faults:
  - { kind: pause-replication, region: us-west-2, at: 1m, for: 5m }
`;

describe('fis > export > pause-replication', () => {
  it('maps to aws:dynamodb:global-table-pause-replication on the global table with the fault\'s duration', () => {
    const out = exportScenario(scenario, 'gt.yaml');
    expect(out.unsupported).toEqual([]);
    const template = JSON.parse(out.json) as { actions: Record<string, { actionId: string; parameters: Record<string, string>; targets: Record<string, string> }>; targets: Record<string, { resourceType: string }> };
    const actions = Object.values(template.actions).filter((a) => a.actionId !== 'aws:fis:wait');
    expect(actions.map((a) => [a.actionId, a.parameters.duration])).toEqual([['aws:dynamodb:global-table-pause-replication', 'PT5M']]);
    expect(template.targets[actions[0].targets.Tables].resourceType).toBe('aws:dynamodb:global-table');
    const plan = planTemplate(readTemplate(out.json, 'x.json'), inventoryOf(loadText(scenario)), defaultTagMap(), 'x.json', false);
    expect(plan.actions.flatMap((a) => a.faults)).toEqual([
      { kind: 'pause-replication', region: 'us-east-1', forUs: 300_000_000 },
      { kind: 'pause-replication', region: 'us-west-2', forUs: 300_000_000 },
    ]);
  });
});
