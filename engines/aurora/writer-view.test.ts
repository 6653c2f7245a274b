// The writer sees its replicas only through the messages that reach it (replica-roster.ts): a
// replica cut off from the writer may crash, restart or change role, and the writer keeps seeing
// it as it last spoke until messages pass again.
import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import { FaultSchedule } from '../../sim/faults.ts';
import type { FaultSpec } from '../../sim/fault-spec.ts';
import type { AuroraCluster } from './cluster.ts';

const S = 1_000_000;

function cluster(faults: FaultSpec[]): { run: (untilUs: number) => void; aurora: AuroraCluster } {
  const s = loadText(`
name: writer-view
duration: 30s
engine:
  type: aurora
  replicas: 2
workload:
  clients: 1
  rate: 1/s
  keys: { count: 1000, distribution: uniform }
`);
  const { sim, engine } = buildTopology(s, 1);
  new FaultSchedule({ scheduler: sim.scheduler, network: sim.network, events: sim.events, azs: s.region.azs, clients: sim.clients, nodes: () => engine.nodes(), operatorFailover: () => {} }, faults).start();
  return { run: (untilUs) => sim.scheduler.runUntil(untilUs), aurora: engine as AuroraCluster };
}

// instance-2 is cut from the writer (instance-1) only: the control plane still reaches both.
const cut: FaultSpec = { atUs: 2 * S, forUs: 10 * S, kind: 'partition', sides: [['instance-1'], ['instance-2']], oneWay: false };
const crash: FaultSpec = { atUs: 3 * S, forUs: 1 * S, kind: 'crash', target: { node: 'instance-2' } };

describe('aurora > writer view', () => {
  it('sees each replica as its read-point feedback last said: available, heard within the feedback interval', () => {
    const { run, aurora } = cluster([]);
    run(1 * S);
    const v = aurora.instances[0].peerView('instance-2')!;
    expect(v).toMatchObject({ role: 'replica', status: 'available' });
    expect(v.heardUs).toBeGreaterThan(0.8 * S);
  });

  it('still sees a replica cut off by a partition as available after it crashed, until messages pass again', () => {
    const { run, aurora } = cluster([cut, crash]);
    const writer = aurora.instances[0];
    const replica = aurora.instances[1];
    run(3.5 * S);
    expect(replica.status).toBe('down');
    const stale = writer.peerView('instance-2')!;
    expect(stale).toMatchObject({ role: 'replica', status: 'available' });
    expect(stale.heardUs).toBeLessThan(2 * S);
    // Restarted and rejoining (the control plane reaches it), but its requests to the writer are lost.
    run(11.5 * S);
    expect(writer.peerView('instance-2')!.heardUs).toBe(stale.heardUs);
    // The partition heals at 12 s: the replica's next join request reaches the writer.
    run(16 * S);
    const fresh = writer.peerView('instance-2')!;
    expect(fresh).toMatchObject({ role: 'replica', status: 'available' });
    expect(fresh.heardUs).toBeGreaterThan(12 * S);
    expect(replica.replica.joined).toBe(true);
  });

  it('hears of the other replica throughout the partition', () => {
    const { run, aurora } = cluster([cut, crash]);
    run(11.5 * S);
    expect(aurora.instances[0].peerView('instance-3')!.heardUs).toBeGreaterThan(11.3 * S);
  });
});
