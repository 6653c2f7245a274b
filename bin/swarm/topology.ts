// What a fault schedule can aim at in a scenario: its AZs and the engine's nodes as they start
// (name, AZ, roles, shard or partition label). Built from the scenario once, before any run, by
// building the engine without running it. Leaves out roles gained later (after a failover a
// `{ role: writer }` target fires on whichever node is the writer then).

import { buildTopology } from '../../scenarios/run.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';

export interface TopologyNode {
  name: string;
  az: string;
  roles: readonly string[];
  shard?: number;
  partition?: number;
}

export interface Topology {
  engine: string;
  azs: readonly string[];
  nodes: readonly TopologyNode[];
}

export function topologyOf(s: Scenario): Topology {
  const { engine } = buildTopology(s, s.seed);
  return {
    engine: s.engine.type,
    azs: s.region.azs,
    nodes: engine.nodes().map((n) => ({ name: n.name, az: n.az, roles: [...n.roles], shard: n.labels.shard, partition: n.labels.partition })),
  };
}

/** The role an operator failover (or promotion) is aimed at, per engine. */
export function failoverRole(engine: string): string | null {
  if (engine.startsWith('rds') || engine === 'aurora') return 'writer';
  if (engine === 'redis-cluster') return 'replica';
  if (engine === 'dynamodb') return 'leader';
  return null;
}
