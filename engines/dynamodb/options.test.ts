// The engine's options as a scenario file gives them: derived partition counts, placement, and
// the cross-field checks reported at the option's line.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { buildTopology } from '../../scenarios/run.ts';
import { matchTarget } from '../../sim/target.ts';
import { ScenarioError } from '../../scenarios/format/scenario-error.ts';
import { readOptions } from './options.ts';

function scenario(engine: string, region = ''): string {
  return `
name: opts
duration: 10s
${region}engine: { type: dynamodb${engine} }
workload: { rate: 10/s }
`;
}

function topology(engine: string) {
  const s = loadText(scenario(engine));
  return buildTopology(s, s.seed).engine;
}

function problem(engine: string, region = ''): string {
  try {
    loadText(scenario(engine, region));
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return 'no problem';
}

describe('dynamodb > options', () => {
  it('derives the partition count from capacity and size, or takes it as set', () => {
    expect(topology('').domains().length).toBe(4); // on-demand, new table: 12,000 RCU / 4,000 WCU
    expect(topology(', capacity_mode: provisioned, rcu: 3000, wcu: 3200').domains().length).toBe(4);
    expect(topology(', capacity_mode: provisioned, rcu: 100, wcu: 100, table_size: 25GB').domains().length).toBe(3);
    expect(topology(', partitions: 7').domains()).toEqual(['partition-0', 'partition-1', 'partition-2', 'partition-3', 'partition-4', 'partition-5', 'partition-6']);
  });

  it('places 3 replicas per partition in 3 AZs on shared storage nodes, and routers in every AZ', () => {
    const e = topology(', partitions: 5, storage_nodes_per_az: 2');
    const nodes = e.nodes();
    expect(matchTarget(nodes, { role: 'storage' }).length).toBe(6);
    expect(matchTarget(nodes, { role: 'router' }).map((n) => n.name)).toEqual(['router-az-a-1', 'router-az-b-1', 'router-az-c-1']);
    for (let p = 0; p < 5; p++) {
      const replicas = nodes.filter((n) => n.labels.partition === p);
      expect(new Set(replicas.map((n) => n.az)).size).toBe(3);
      expect(matchTarget(nodes, { role: 'leader', partition: p }).length).toBe(1);
      expect(matchTarget(nodes, { role: 'follower', partition: p }).length).toBe(2);
    }
    // Leaders start spread over the AZs.
    expect(matchTarget(nodes, { role: 'leader' }).map((n) => n.az)).toEqual(['az-a', 'az-b', 'az-c', 'az-a', 'az-b']);
  });

  it('rejects fewer partitions than the provisioned capacity needs', () => {
    expect(problem(', capacity_mode: provisioned, rcu: 1000, wcu: 4000, partitions: 2')).toMatch(/partitions.*at least 4 are needed/);
  });

  it('rejects timers that cannot work together', () => {
    expect(problem(', heartbeat: 2s, election_timeout: 1s')).toMatch(/election_timeout.*longer than the heartbeat/);
    expect(problem(', lease: 1s, lease_margin: 900ms')).toMatch(/lease_margin/);
  });

  it('sizes the GSI from its WCU, or as set, and refuses GSI partitions without a GSI', () => {
    const gsiParts = (engine: string) => readOptions(loadText(scenario(engine)).engine.options, ['az-a', 'az-b', 'az-c']).gsiPartitions;
    expect(gsiParts('')).toBe(0);
    expect(gsiParts(', gsi_wcu: 200')).toBe(1);
    expect(gsiParts(', gsi_wcu: 2500')).toBe(3);
    expect(gsiParts(', gsi_wcu: 200, gsi_partitions: 4')).toBe(4);
    expect(problem(', gsi_partitions: 2')).toMatch(/gsi_partitions.*set gsi_wcu/);
  });

  it('needs three AZs for the three replicas', () => {
    expect(problem('', 'region: { azs: [az-a, az-b] }\n')).toMatch(/replica_azs.*only 2 AZ/);
    expect(problem(', replica_azs: [az-a, az-b]')).toMatch(/give 3 AZs, not 2/);
  });
});
