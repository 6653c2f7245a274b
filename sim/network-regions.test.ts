import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network, type LatencyProfile } from './network.ts';
import { SimNode } from './node.ts';
import { SimClient } from './client.ts';
import { constant } from './distribution.ts';
import type { Endpoint } from './endpoint.ts';
import { regionalControlPlaneAz, type RegionPlace } from './regions.ts';

const PLACES: RegionPlace[] = [
  { name: 'east', azs: ['e-1', 'e-2'] },
  { name: 'west', azs: ['w-1'] },
  { name: 'eu', azs: ['eu-1'] },
];

const LATENCY: LatencyProfile = {
  sameAz: constant(100),
  crossAz: constant(1_000),
  client: constant(10),
  crossRegion: [
    { between: ['east', 'west'], delay: constant(30_000) },
    { between: ['eu', 'east'], delay: constant(40_000) },
    { between: ['west', 'eu'], delay: constant(70_000) },
  ],
};

/** Nodes in two AZs of `east`, one in `west` and `eu`, a client in `west`, one in the control-plane pseudo-AZ. */
function regions(latency: LatencyProfile = LATENCY) {
  const s = new Scheduler();
  const net = new Network(s, new Rng('net-regions'), latency, { places: PLACES, rng: new Rng('net-regions/cross') });
  const e1 = new SimNode(s, 'e1', 'e-1', []);
  const e2 = new SimNode(s, 'e2', 'e-2', []);
  const w1 = new SimNode(s, 'w1', 'w-1', []);
  const eu1 = new SimNode(s, 'eu1', 'eu-1', []);
  const cp = new SimNode(s, 'cp', 'control-plane', []);
  const cw = new SimClient('cw', 'w-1', 0);
  for (const e of [e1, e2, w1, eu1, cp, cw]) net.register(e);
  const got: [string, number][] = [];
  const send = (from: Endpoint, to: Endpoint, label: string, bytes = 0) => net.send(from, to, bytes, () => got.push([label, s.now]));
  return { s, net, e1, e2, w1, eu1, cp, cw, got, send };
}

describe('sim', () => {
  describe('network', () => {
    describe('regions', () => {
      it('delays a message between regions by that pair\'s delay, either way, and keeps same-region links as before', () => {
        const { s, e1, e2, w1, eu1, cp, cw, got, send } = regions();
        send(e1, e2, 'cross-az');
        send(e1, w1, 'east-west');
        send(w1, e1, 'west-east');
        send(e2, eu1, 'east-eu');
        send(eu1, w1, 'eu-west');
        send(cw, w1, 'client-own-az');
        send(cw, e1, 'client-to-east'); // a client draw plus the cross-region draw
        send(cp, w1, 'control-plane-west'); // the control plane is in the home region
        send(cp, e1, 'control-plane-east');
        s.runUntil(1_000_000);
        expect(new Map(got)).toEqual(
          new Map([
            ['cross-az', 1_000],
            ['east-west', 30_000],
            ['west-east', 30_000],
            ['east-eu', 40_000],
            ['eu-west', 70_000],
            ['client-own-az', 10],
            ['client-to-east', 30_010],
            ['control-plane-west', 30_000],
            ['control-plane-east', 1_000],
          ]),
        );
      });

      it('counts the bytes that cross regions apart, as a part of the cross-AZ bytes', () => {
        const { net, e1, e2, w1, cw, send } = regions();
        send(e1, e2, 'a', 100);
        send(e1, w1, 'b', 1_000);
        send(cw, e2, 'c', 10_000);
        send(cw, w1, 'd', 5);
        expect([net.bytesTotal, net.bytesCrossAz, net.bytesCrossRegion]).toEqual([11_105, 11_100, 11_000]);
      });

      it('leaves the same-region draws unchanged when another region is added (its delays draw from their own stream)', () => {
        const sameAz = { kind: 'lognormal', median: 250, p99: 1_000 } as const;
        /** Delivery times of 20 same-region messages, each sent beside one to the AZ `w-1`. */
        const times = (regionsToo: boolean) => {
          const s = new Scheduler();
          const latency: LatencyProfile = { sameAz, crossAz: constant(1_000), client: constant(10), crossRegion: regionsToo ? [{ between: ['east', 'west'], delay: sameAz }] : undefined };
          const places = regionsToo ? { places: [{ name: 'east', azs: ['e-1'] }, { name: 'west', azs: ['w-1'] }], rng: new Rng('net-regions/cross') } : undefined;
          const net = new Network(s, new Rng('net-regions'), latency, places);
          const [a, b, w] = [new SimNode(s, 'a', 'e-1', []), new SimNode(s, 'b', 'e-1', []), new SimNode(s, 'w', 'w-1', [])];
          for (const e of [a, b, w]) net.register(e);
          const out: number[] = [];
          for (let i = 0; i < 20; i++) {
            s.at(i * 5_000, () => {
              net.send(a, b, 1, () => out.push(s.now));
              net.send(a, w, 1, () => undefined); // cross-AZ with one region, cross-region with two
            });
          }
          s.runUntil(1_000_000);
          return { out, crossRegionBytes: net.bytesCrossRegion };
        };
        const one = times(false);
        const two = times(true);
        expect(two.out).toEqual(one.out);
        expect(new Set(one.out).size).toBeGreaterThan(10); // the delays were random draws, not one value
        expect([one.crossRegionBytes, two.crossRegionBytes]).toEqual([0, 20]);
      });

      it('places a region\'s own control-plane pseudo-AZ in that region: in-region links to its AZs, cross-region ones to the others', () => {
        const { s, net, e1, w1, got, send } = regions();
        const cpw = new SimNode(s, 'cp-west', regionalControlPlaneAz('west'), []);
        net.register(cpw);
        send(cpw, w1, 'west-host-west');
        send(cpw, e1, 'west-host-east');
        s.runUntil(1_000_000);
        expect(new Map(got)).toEqual(new Map([['west-host-west', 1_000], ['west-host-east', 30_000]]));
        expect(net.crossesRegions(cpw, w1)).toBe(false);
      });

      it('refuses a pair of regions with no delay', () => {
        const s = new Scheduler();
        const partial = { ...LATENCY, crossRegion: LATENCY.crossRegion!.slice(0, 2) };
        expect(() => new Network(s, new Rng('x'), partial, { places: PLACES, rng: new Rng('y') })).toThrow(/no cross-region latency between west and eu/);
      });
    });
  });
});
