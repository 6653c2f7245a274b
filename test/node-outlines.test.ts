// Each engine's nodesOf (what the fault-target check matches against, without building) must
// list exactly the nodes its create builds: names, AZs, starting roles and labels, in order.
import { describe, expect, it } from 'vitest';
import { bundledNames, loadBundled, withOptions } from './bundled.ts';
import { buildTopology } from '../scenarios/run.ts';
import { plannedNodes } from '../scenarios/topology-plan.ts';
import type { Scenario } from '../scenarios/format/scenario.ts';

const outline = (s: Scenario) => buildTopology(s, s.seed).engine.nodes().map((n) => ({ name: n.name, az: n.az, roles: [...n.roles], labels: { ...n.labels } }));

/** Option variations beyond the bundled files: more replicas, read replicas, derived partitions, other placements. */
const VARIANTS: [string, Record<string, unknown>][] = [
  ['aurora-writer-crash', { replicas: 4, low_priority_replicas: 1, replica_azs: ['az-c', 'az-b'] }],
  ['aurora-writer-crash-no-replica', { storage_nodes_per_az: 3 }],
  ['rds-multi-az-writer-crash', { read_replicas: 3 }],
  ['rds-cluster-writer-crash', { read_replicas: 1 }],
  ['rds-single-az-crash', { read_replicas: 2 }],
  ['rds-multi-az-writer-crash', { client_path: 'rds-proxy' }],
  ['rds-cluster-writer-crash', { client_path: 'topology-aware' }],
  ['aurora-writer-crash', { client_path: 'rds-proxy', replicas: 3 }],
  ['dynamodb-leader-crash', { partitions: 0, dax: true }],
  ['dynamodb-hot-partition', { partitions: 5, routers_per_az: 2 }],
  ['redis-primary-crash', { shards: 4, replicas_per_shard: 2, azs: ['az-b', 'az-c'] }],
];

describe('engine node outlines', () => {
  for (const name of bundledNames()) {
    it(`lay out ${name}'s nodes as its topology builds them`, () => {
      const s = loadBundled(name);
      expect(plannedNodes(s)).toEqual(outline(s));
    });
  }
  for (const [name, options] of VARIANTS) {
    it(`lay out ${name} with ${JSON.stringify(options)} as it builds`, () => {
      const s = withOptions(loadBundled(name), options);
      expect(plannedNodes(s)).toEqual(outline(s));
    });
  }
});
