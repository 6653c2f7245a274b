import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { SimNode } from './node.ts';
import { describeTarget, matchTarget } from './target.ts';

function cluster() {
  const s = new Scheduler();
  const node = (name: string, az: string, roles: string[], labels: Record<string, number>) => {
    const n = new SimNode(s, name, az, roles);
    n.labels = labels;
    return n;
  };
  return [
    node('s0-primary', 'az-a', ['primary'], { shard: 0 }),
    node('s0-replica', 'az-b', ['replica'], { shard: 0 }),
    node('s1-primary', 'az-b', ['primary'], { shard: 1 }),
    node('s1-replica', 'az-c', ['replica'], { shard: 1 }),
    node('p7-leader', 'az-a', ['leader', 'storage'], { partition: 7 }),
  ];
}
const names = (ns: SimNode[]) => ns.map((n) => n.name);

describe('sim', () => {
  describe('target', () => {
    it('matches every node when the target names nothing', () => {
      expect(matchTarget(cluster(), {})).toHaveLength(5);
    });

    it('matches by role, among several roles a node carries', () => {
      expect(names(matchTarget(cluster(), { role: 'primary' }))).toEqual(['s0-primary', 's1-primary']);
      expect(names(matchTarget(cluster(), { role: 'storage' }))).toEqual(['p7-leader']);
    });

    it('matches by AZ and by name', () => {
      expect(names(matchTarget(cluster(), { az: 'az-b' }))).toEqual(['s0-replica', 's1-primary']);
      expect(names(matchTarget(cluster(), { node: 's1-replica' }))).toEqual(['s1-replica']);
    });

    it('matches shard and partition labels, and never a node without the label', () => {
      expect(names(matchTarget(cluster(), { shard: 1 }))).toEqual(['s1-primary', 's1-replica']);
      expect(names(matchTarget(cluster(), { partition: 7 }))).toEqual(['p7-leader']);
      expect(matchTarget(cluster(), { shard: 7 })).toEqual([]);
    });

    it('requires every field it names (fields combine with AND)', () => {
      expect(names(matchTarget(cluster(), { role: 'primary', shard: 1 }))).toEqual(['s1-primary']);
      expect(names(matchTarget(cluster(), { role: 'primary', az: 'az-c' }))).toEqual([]);
    });

    it('keeps the i-th match with index, and nothing when there are too few', () => {
      expect(names(matchTarget(cluster(), { role: 'replica', index: 0 }))).toEqual(['s0-replica']);
      expect(names(matchTarget(cluster(), { role: 'replica', index: 1 }))).toEqual(['s1-replica']);
      expect(matchTarget(cluster(), { role: 'replica', index: 2 })).toEqual([]);
    });

    it('reads roles when it runs, so a role moved by a failover is followed', () => {
      const nodes = cluster();
      nodes[0].roles = ['replica'];
      nodes[1].roles = ['primary'];
      expect(names(matchTarget(nodes, { role: 'primary', shard: 0 }))).toEqual(['s0-replica']);
    });

    it('describes a target as key=value pairs', () => {
      expect(describeTarget({ role: 'writer', az: 'az-a' })).toBe('role=writer,az=az-a');
      expect(describeTarget({ shard: 2, index: 0 })).toBe('shard=2,index=0');
    });
  });
});
