import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { buildTopology } from '../../scenarios/run.ts';
import { redisCluster } from './index.ts';
import { readOptions } from './options.ts';

function engine(options: string): string {
  return `
name: t
duration: 10s
engine:
  type: redis-cluster
${options}
workload:
  rate: 10/s
`;
}

describe('redis', () => {
  describe('options', () => {
    it('defaults to 3 shards of a primary and one replica, node_timeout 15 s, and the redis.conf failover figures', () => {
      const o = readOptions(loadText(engine('')).engine.options, ['az-a', 'az-b', 'az-c']);
      expect(o.shards).toBe(3);
      expect(o.replicasPerShard).toBe(1);
      expect(o.nodeTimeoutUs).toBe(15_000_000);
      expect(o.failoverAuthTimeoutUs).toBe(30_000_000);
      expect(o.rejoinDelayUs).toBe(5_000_000);
      expect(o.replicaValidityFactor).toBe(10);
      expect(o.maxmemorySamples).toBe(5);
      expect(o.requireFullCoverage).toBe(true);
      expect(o.maxmemoryPolicy).toBe('volatile-lru');
    });

    it('derives the auth timeout and the rejoin delay from node_timeout', () => {
      const o = readOptions(loadText(engine('  node_timeout: 200ms')).engine.options, ['az-a']);
      expect(o.failoverAuthTimeoutUs).toBe(2_000_000);
      expect(o.rejoinDelayUs).toBe(500_000);
    });

    it('rejects a WAIT that can never be met, and ElastiCache Multi-AZ without replicas', () => {
      expect(() => loadText(engine('  replicas_per_shard: 1\n  wait_replicas: 2'))).toThrow(/wait_replicas.*WAIT 2 can never be met with 1 replica/);
      expect(() => loadText(engine('  replicas_per_shard: 0\n  elasticache: true'))).toThrow(/elasticache.*at least one replica/);
      expect(() => loadText(engine('  node_timeout: 100ms'))).toThrow(/cron_interval/);
    });

    it('places shard i\'s primary in the i-th AZ and its replicas in the next ones, with roles and shard labels', () => {
      const s = loadText(engine('  shards: 2\n  replicas_per_shard: 2'));
      const nodes = buildTopology(s, 1).engine.nodes();
      expect(nodes.map((n) => `${n.name} ${n.roles.join()} ${n.labels.shard} ${n.az}`)).toEqual([
        'redis-1 primary 0 az-a',
        'redis-2 replica 0 az-b',
        'redis-3 replica 0 az-c',
        'redis-4 primary 1 az-b',
        'redis-5 replica 1 az-c',
        'redis-6 replica 1 az-a',
      ]);
      expect(redisCluster.roles).toEqual(['primary', 'replica', 'secondary']);
      expect(redisCluster.labels).toEqual(['shard']);
      // Targets match roles and shard labels (validated against the built topology).
      expect(() => loadText(`${engine('  shards: 2')}faults:\n  - { at: 1s, kind: crash, target: { role: primary, shard: 1 } }\n`)).not.toThrow();
      expect(() => loadText(`${engine('  shards: 2')}faults:\n  - { at: 1s, kind: crash, target: { role: primary, shard: 2 } }\n`)).toThrow(/matches no node/);
      expect(s.engine.options.shards).toBe(2);
    });
  });
});
