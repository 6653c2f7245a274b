// The `control-plane` AZ (and a control plane's host by name) in fault sides: accepted where a
// link fault can cut or slow the managed control plane's links, refused in one line elsewhere.
import { describe, expect, it } from 'vitest';
import { prepareScenario } from './prepare.ts';
import { ScenarioError } from './format/scenario-error.ts';
import { buildTopology } from './run.ts';
import { FaultSchedule } from '../sim/faults.ts';

const scenario = (engine: string, fault: string) => `name: cp
duration: 20s
engine:
  type: ${engine}
workload:
  clients: 2
  rate: 10/s
  keys: { count: 100, distribution: uniform }
faults:
  - at: 2s
${fault}
`;

const partition = (sides: string) => `    kind: partition\n    sides: ${sides}\n    for: 5s`;

function refusal(text: string): string {
  try {
    prepareScenario(text, 's.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  throw new Error('accepted');
}

describe('control-plane sides', () => {
  it('accepts the control-plane AZ and the control plane host by name in partition, latency and loss sides', () => {
    for (const fault of [
      partition('[[control-plane], [az-a]]'),
      partition('[[aurora-control-plane], [az-b, az-c]]'),
      '    kind: latency\n    between: [[control-plane], [az-a]]\n    add: 50ms\n    for: 5s',
      '    kind: loss\n    between: [[control-plane], [instance-1]]\n    probability: 0.5\n    for: 5s',
    ]) {
      expect(() => prepareScenario(scenario('aurora', fault), 's.yaml')).not.toThrow();
    }
    for (const engine of ['rds-multi-az', 'rds-multi-az-cluster', 'rds-single-az']) {
      expect(() => prepareScenario(scenario(engine, partition('[[control-plane], [az-a]]')), 's.yaml')).not.toThrow();
      expect(() => prepareScenario(scenario(engine, partition('[[rds-control-plane], [az-b]]')), 's.yaml')).not.toThrow();
    }
  });

  it('cuts the control plane host off from the other side when a partition names its AZ', () => {
    const s = prepareScenario(scenario('aurora', partition('[[control-plane], [az-a]]')), 's.yaml').scenario;
    const { sim, engine } = buildTopology(s, s.seed);
    new FaultSchedule({ scheduler: sim.scheduler, network: sim.network, events: sim.events, azs: s.region.azs, clients: sim.clients, nodes: () => engine.nodes(), operatorFailover: () => {} }, s.faults).start();
    const byName = (n: string) => sim.network.endpoints.find((e) => e.name === n)!;
    const cp = byName('aurora-control-plane');
    sim.scheduler.runUntil(1_000_000);
    expect(sim.network.reachable(cp, byName('instance-1'))).toBe(true);
    sim.scheduler.runUntil(3_000_000);
    expect(sim.network.reachable(cp, byName('instance-1'))).toBe(false);
    expect(sim.network.reachable(byName('instance-1'), cp)).toBe(false);
    expect(sim.network.reachable(cp, byName('storage-az-b-1'))).toBe(true);
  });

  it('names the control plane host among the sides of the fault-start event when a side names its AZ', () => {
    const s = prepareScenario(scenario('aurora', partition('[[control-plane], [az-a]]')), 's.yaml').scenario;
    const { sim, engine } = buildTopology(s, s.seed);
    const starts: unknown[] = [];
    sim.events.listen((e) => {
      if (e.kind === 'fault-start') starts.push(e);
    });
    new FaultSchedule({ scheduler: sim.scheduler, network: sim.network, events: sim.events, azs: s.region.azs, clients: sim.clients, nodes: () => engine.nodes(), operatorFailover: () => {} }, s.faults).start();
    sim.scheduler.runUntil(3_000_000);
    expect(JSON.stringify(starts)).toContain('aurora-control-plane');
  });

  it('refuses an az-outage of the control-plane AZ, one line naming file, line and field', () => {
    const m = refusal(scenario('aurora', '    kind: az-outage\n    az: control-plane\n    for: 5s'));
    expect(m).toMatch(/^s\.yaml:12: faults\[0\]\.az: `control-plane` is the managed control planes' own AZ: its host never fails in this model/);
    expect(m).not.toMatch(/\n/);
  });

  it('refuses a target in the control-plane AZ', () => {
    expect(refusal(scenario('aurora', '    kind: crash\n    target: { az: control-plane }'))).toMatch(/^s\.yaml:12: faults\[0\]\.target\.az: `control-plane` is the managed control planes' own AZ/);
  });

  it('refuses the control-plane AZ in a side of an engine without a managed control plane', () => {
    expect(refusal(scenario('dynamodb', partition('[[control-plane], [az-a]]')))).toMatch(/^s\.yaml:12: faults\[0\]\.sides\[0\]\[0\]: this dynamodb topology has no managed control plane/);
  });
});
