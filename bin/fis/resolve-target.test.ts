import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { Problems } from './fis-error.ts';
import { inventoryOf } from './inventory.ts';
import { resolveTarget, type Resolved } from './resolve-target.ts';
import { smallScenario } from './fis-run.fixture.ts';
import { defaultTagMap } from './tag-map.ts';
import type { FisTarget } from './template-shape.ts';

const REDIS = smallScenario('redis-cluster\n  shards: 3\n  replicas_per_shard: 1').replace('role: writer', 'role: primary');
const AURORA = smallScenario('aurora\n  replicas: 2');

function resolve(text: string, t: FisTarget, seed?: number): { r: Resolved | null; problems: string[] } {
  const { scenario } = prepareScenario(seed === undefined ? text : text.replace('seed: 1', `seed: ${seed}`), 's.yaml');
  const p = new Problems('t.json');
  const r = resolveTarget(inventoryOf(scenario), defaultTagMap(), 'T', t, p);
  return { r, problems: p.lines };
}

const names = (r: Resolved | null) => (r === null || r.kind === 'azs' ? [] : r.nodes.map((n) => n.name));
const instances = (selectionMode: string): FisTarget => ({ resourceType: 'aws:ec2:instance', resourceTags: { 'FIS-Ready': 'True' }, selectionMode });

describe('fis > resolve target > selection', () => {
  it('COUNT(n) picks the same nodes for the same seed, and different ones across seeds', () => {
    const picks = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const a = names(resolve(REDIS, instances('COUNT(2)'), seed).r);
      expect(a).toHaveLength(2);
      expect(names(resolve(REDIS, instances('COUNT(2)'), seed).r)).toEqual(a);
      picks.add(a.join(','));
    }
    expect(picks.size).toBeGreaterThan(1);
  });

  it('PERCENT(n) rounds down, but selects at least one node', () => {
    expect(names(resolve(REDIS, instances('PERCENT(50)')).r)).toHaveLength(3);
    expect(names(resolve(REDIS, instances('PERCENT(40)')).r)).toHaveLength(2);
    expect(names(resolve(REDIS, instances('PERCENT(10)')).r)).toHaveLength(1);
    expect(names(resolve(REDIS, instances('PERCENT(100)')).r)).toHaveLength(6);
  });

  it('COUNT(n) above the number of resources selects them all', () => {
    expect(names(resolve(AURORA, instances('COUNT(9)')).r)).toEqual(['instance-1', 'instance-2', 'instance-3']);
  });
});

describe('fis > resolve target > groups', () => {
  const group = (filters: FisTarget['filters']): FisTarget => ({ resourceType: 'aws:elasticache:replicationgroup', resourceTags: { 'FIS-Ready': 'True' }, filters, selectionMode: 'ALL' });

  it('an AZ filter on a replication group names where the action strikes', () => {
    const { r, problems } = resolve(REDIS, group([{ path: 'AvailabilityZone', values: ['us-east-1b'] }]));
    expect(problems).toEqual([]);
    expect(r).toMatchObject({ kind: 'group', az: 'az-b' });
    expect(names(r)).toEqual(['redis-2', 'redis-3']);
  });

  it('refuses an AZ filter on a replication group with more than one AZ, instead of reading only the first', () => {
    const { r, problems } = resolve(REDIS, group([{ path: 'AvailabilityZone', values: ['us-east-1a', 'us-east-1b'] }]));
    expect(r).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/^t\.json: \$\.targets\.T\.filters\[0\]\.values: .*one AZ/)]);
  });

  it('names an unknown resource in an ARN', () => {
    const { problems } = resolve(AURORA, { resourceType: 'aws:ec2:instance', resourceArns: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abc'], selectionMode: 'ALL' });
    expect(problems).toEqual([expect.stringMatching(/\$\.targets\.T\.resourceArns\[0\]: unknown target: .*i-0abc/)]);
  });
});
