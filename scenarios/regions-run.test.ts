// Runs across two regions, measured from the run: clients in the far region pay the published
// inter-region round trip, a region partition cuts only the far region's clients off, a region
// outage stops them and heals, an outage of the home region takes every engine node down, and
// the bytes that cross regions are counted (0 with one region).
import { describe, expect, it } from 'vitest';
import { prepareScenario } from './prepare.ts';
import { buildTopology, runScenario } from './run.ts';
import { FaultSchedule } from '../sim/faults.ts';
import { allAzs } from '../sim/regions.ts';
import { AWS_REGION_RTT_MS } from './format/inter-region-latency.ts';

const TWO_REGIONS = `regions:
  - name: us-east-1
    azs: [use1-az1, use1-az2, use1-az3]
  - name: us-west-2
    azs: [usw2-az1, usw2-az2, usw2-az3]
`;

const scenario = (faults: string, regions = TWO_REGIONS, clients = '{ us-east-1: 3, us-west-2: 3 }') => `name: regions
duration: 60s
settle: 5s
${regions}engine:
  type: rds-multi-az
workload:
  clients: ${clients}
  rate: 200/s
  mix: { read: 0.7, write: 0.3 }
  keys: { count: 1000, distribution: uniform }
  timeout: 1s
  retry: { attempts: 1 }
faults:
${faults}`;

interface Op {
  client: string;
  startUs: number;
  endUs: number;
  ok: boolean;
}

/** Every completed operation of a run, with its client, and the run's result. */
function run(text: string) {
  const s = prepareScenario(text, 'regions.yaml').scenario;
  const open = new Map<number, { client: string; startUs: number }>();
  const ops: Op[] = [];
  const result = runScenario(s, {
    checkLinearizability: false,
    sinks: {
      history: (e, client) => {
        if (e.type === 'invoke') open.set(e.op.id, { client, startUs: e.timeUs });
        else {
          const o = open.get(e.op.id)!;
          ops.push({ client: o.client, startUs: o.startUs, endUs: e.timeUs, ok: e.type === 'ok' });
        }
      },
    },
  });
  return { s, ops, result };
}

/** The topology and clients of a scenario with its faults scheduled, no workload running: for reachability. */
function started(faults: string) {
  const s = prepareScenario(scenario(faults), 'regions.yaml').scenario;
  const { sim, engine } = buildTopology(s, s.seed);
  for (const p of s.workload.clients) for (let i = 0; i < p.count; i++) sim.createClient(`client-${sim.clients.length + 1}`, p.az);
  new FaultSchedule({ scheduler: sim.scheduler, network: sim.network, events: sim.events, azs: allAzs(s.region), clients: sim.clients, nodes: () => engine.nodes(), operatorFailover: () => {} }, s.faults).start();
  return { sim, engine };
}

const WEST = new Set(['client-4', 'client-5', 'client-6']);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const within = (ops: Op[], fromUs: number, toUs: number) => ops.filter((o) => o.startUs >= fromUs && o.endUs < toUs);

describe('regions', () => {
  it('gives clients in the far region the published inter-region round trip on top of the home region\'s latency', () => {
    const { ops, result } = run(scenario('  []\n'));
    const ms = (o: Op) => (o.endUs - o.startUs) / 1_000;
    const west = median(ops.filter((o) => WEST.has(o.client)).map(ms));
    const east = median(ops.filter((o) => !WEST.has(o.client)).map(ms));
    const rttMs = AWS_REGION_RTT_MS['us-east-1 us-west-2'];
    expect(east).toBeLessThan(5);
    // One round trip between the regions, plus what a client in the home region sees.
    expect(west - east).toBeGreaterThan(rttMs * 0.95);
    expect(west - east).toBeLessThan(rttMs * 1.1);
    expect(result.crossRegionBytes).toBeGreaterThan(0);
  });

  it('counts no cross-region bytes with one region', () => {
    const { result } = run(scenario('  []\n', '', '6'));
    expect(result.crossRegionBytes).toBe(0);
    expect(result.summary.network_bytes_cross_az).toBeGreaterThan(0);
  });

  it('cuts only the far region\'s clients off during a region partition, and they recover when it heals', () => {
    const { ops } = run(scenario('  - { at: 20s, kind: region-partition, regions: [us-east-1, us-west-2], for: 10s }\n'));
    const during = within(ops, 20_000_000, 30_000_000);
    const west = during.filter((o) => WEST.has(o.client));
    const east = during.filter((o) => !WEST.has(o.client));
    expect(west.length).toBeGreaterThan(100);
    expect(west.every((o) => !o.ok)).toBe(true);
    expect(east.every((o) => o.ok)).toBe(true);
    const after = within(ops, 32_000_000, 60_000_000).filter((o) => WEST.has(o.client));
    expect(after.length).toBeGreaterThan(100);
    expect(after.every((o) => o.ok)).toBe(true);
  });

  it('cuts one way only with one_way: the far region still reaches the home region, which no longer reaches it', () => {
    const { ops } = run(scenario('  - { at: 20s, kind: region-partition, regions: [us-east-1, us-west-2], one_way: true, for: 10s }\n'));
    // The requests arrive, the replies do not: the far region's clients see failures all the same.
    const west = within(ops, 20_000_000, 30_000_000).filter((o) => WEST.has(o.client));
    expect(west.length).toBeGreaterThan(100);
    expect(west.every((o) => !o.ok)).toBe(true);
    const { sim } = started('  - { at: 2s, kind: region-partition, regions: [us-east-1, us-west-2], one_way: true, for: 5s }\n');
    const byName = (n: string) => sim.network.endpoints.find((e) => e.name === n)!;
    sim.scheduler.runUntil(3_000_000);
    const writer = byName('db-1');
    expect([sim.network.reachable(byName('client-4'), writer), sim.network.reachable(writer, byName('client-4'))]).toEqual([true, false]);
    expect(sim.network.reachable(writer, byName('client-1'))).toBe(true);
  });

  it('stops the far region\'s clients during its region outage, the home region serving on, and starts them when it heals', () => {
    const { ops, result } = run(scenario('  - { at: 20s, kind: region-outage, region: us-west-2, for: 10s }\n'));
    const westStarts = ops.filter((o) => WEST.has(o.client) && o.startUs >= 20_000_000 && o.startUs < 30_000_000);
    expect(westStarts).toEqual([]);
    expect(within(ops, 20_000_000, 30_000_000).filter((o) => !WEST.has(o.client)).every((o) => o.ok)).toBe(true);
    expect(within(ops, 31_000_000, 60_000_000).filter((o) => WEST.has(o.client)).length).toBeGreaterThan(100);
    expect(result.faultRows.map((r) => r.kind)).toEqual(['region-outage']);
  });

  it('takes every engine node down in an outage of the home region, and cuts its control plane off from the other region', () => {
    const { sim, engine } = started('  - { at: 2s, kind: region-outage, region: us-east-1, for: 5s }\n');
    const byName = (n: string) => sim.network.endpoints.find((e) => e.name === n)!;
    sim.scheduler.runUntil(3_000_000);
    expect(engine.nodes().every((n) => n.state === 'crashed')).toBe(true);
    expect(sim.network.reachable(byName('client-4'), byName('rds-control-plane'))).toBe(false);
    expect(sim.clients.map((c) => c.up)).toEqual([false, false, false, true, true, true]);
    sim.scheduler.runUntil(8_000_000);
    expect(engine.nodes().some((n) => n.state === 'crashed')).toBe(false);
    expect(sim.network.reachable(byName('client-4'), byName('rds-control-plane'))).toBe(true);
  });
});
