import { describe, expect, it } from 'vitest';
import { Sim, type RegionSpec } from './sim.ts';
import { constant } from './distribution.ts';

const REGION: RegionSpec = {
  azs: ['az-a', 'az-b', 'az-c'],
  latency: { sameAz: constant(100), crossAz: constant(1_000), client: constant(10) },
  clocks: { maxOffsetUs: 5_000, maxDriftPpm: 50 },
};

const clockOf = (sim: Sim, name: string) => {
  const n = sim.nodes.find((x) => x.name === name)!;
  return [n.clock.localAt(0), n.clock.driftPpm];
};

describe('sim', () => {
  describe('Sim (one run)', () => {
    it('places nodes and clients on the network with dense ids', () => {
      const sim = new Sim(1, REGION);
      const n1 = sim.createNode('db-1', 'az-a', ['writer']);
      const c1 = sim.createClient('app-1', 'az-b');
      const n2 = sim.createNode('db-2', 'az-b', ['standby']);
      const c2 = sim.createClient('app-2', 'az-c');
      expect([n1.id, c1.id, n2.id, c2.id]).toEqual([0, 1, 2, 3]);
      expect([c1.index, c2.index]).toEqual([0, 1]);
      expect(sim.network.endpoints).toEqual([n1, c1, n2, c2]);
      expect(n1.roles).toEqual(['writer']);
    });

    it('draws each node\'s clock offset and drift within the region\'s bounds', () => {
      const sim = new Sim(3, REGION);
      for (let i = 0; i < 50; i++) sim.createNode(`n${i}`, 'az-a', []);
      const offsets = sim.nodes.map((n) => n.clock.localAt(0));
      const drifts = sim.nodes.map((n) => n.clock.driftPpm);
      expect(offsets.every((o) => Math.abs(o) <= 5_000)).toBe(true);
      expect(drifts.every((d) => Math.abs(d) <= 50 + 1e-9)).toBe(true);
      expect(new Set(offsets).size).toBe(50);
    });

    it('gives a node the same clock for the same seed and name, whatever else was created', () => {
      const a = new Sim(9, REGION);
      a.createNode('db-1', 'az-a', []);
      const b = new Sim(9, REGION);
      b.createNode('extra', 'az-c', []);
      b.createClient('app', 'az-a');
      b.createNode('db-1', 'az-a', []);
      expect(clockOf(b, 'db-1')).toEqual(clockOf(a, 'db-1'));
      const c = new Sim(10, REGION);
      c.createNode('db-1', 'az-a', []);
      expect(clockOf(c, 'db-1')).not.toEqual(clockOf(a, 'db-1'));
    });

    it('derives named streams from the run seed', () => {
      const a = new Sim(5, REGION);
      const b = new Sim(5, REGION);
      expect(a.rng('client/1').uniform()).toBe(b.rng('client/1').uniform());
      expect(a.rng('client/2').uniform()).not.toBe(a.rng('client/3').uniform());
    });

    it('stamps history and events with the scheduler\'s time', () => {
      const sim = new Sim(1, REGION);
      const times: number[] = [];
      sim.events.listen((e) => times.push(e.timeUs));
      sim.scheduler.at(1_234, () => sim.events.emit('dns-updated'));
      sim.scheduler.runUntil(2_000);
      expect(times).toEqual([1_234]);
      expect(sim.now()).toBe(2_000);
    });
  });
});
