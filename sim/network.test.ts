import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network, type LatencyProfile } from './network.ts';
import { SimNode } from './node.ts';
import { SimClient } from './client.ts';
import { constant } from './distribution.ts';
import { membership } from './link-rules.ts';
import type { Endpoint } from './endpoint.ts';

const CONSTANT: LatencyProfile = { sameAz: constant(100), crossAz: constant(1_000), client: constant(10) };

/** Two nodes in az-a, one in az-b, a client in each AZ; every delivery logged as [label, time]. */
function region(latency: LatencyProfile = CONSTANT) {
  const s = new Scheduler();
  const net = new Network(s, new Rng('net-test'), latency);
  const a1 = new SimNode(s, 'a1', 'az-a', []);
  const a2 = new SimNode(s, 'a2', 'az-a', []);
  const b1 = new SimNode(s, 'b1', 'az-b', []);
  const ca = new SimClient('ca', 'az-a', 0);
  const cb = new SimClient('cb', 'az-b', 1);
  for (const e of [a1, a2, b1, ca, cb]) net.register(e);
  const got: [string, number][] = [];
  const send = (from: Endpoint, to: Endpoint, label: string, bytes = 0) => net.send(from, to, bytes, () => got.push([label, s.now]));
  const only = (...ids: Endpoint[]) => membership(net.endpoints.length, ids.map((e) => e.id));
  return { s, net, a1, a2, b1, ca, cb, got, send, only };
}

describe('sim', () => {
  describe('network', () => {
    it('assigns dense endpoint ids in registration order', () => {
      const { net, a1, a2, b1, ca, cb } = region();
      expect([a1, a2, b1, ca, cb].map((e) => e.id)).toEqual([0, 1, 2, 3, 4]);
      expect(net.idsInAz('az-a')).toEqual([0, 1, 3]);
    });

    it('delays a message by the link class of its endpoints', () => {
      const { s, a1, a2, b1, ca, cb, got, send } = region();
      send(a1, a2, 'same-az');
      send(a1, b1, 'cross-az');
      send(ca, a1, 'client-same-az');
      send(a1, ca, 'node-to-client');
      send(cb, a1, 'client-cross-az'); // client draw plus a cross-AZ draw
      s.runUntil(10_000);
      expect(got).toEqual([
        ['client-same-az', 10],
        ['node-to-client', 10],
        ['same-az', 100],
        ['cross-az', 1_000],
        ['client-cross-az', 1_010],
      ]);
    });

    it('keeps each directed link FIFO even when delays are random', () => {
      const { s, a1, a2, got, send } = region({ sameAz: { kind: 'uniform', low: 0, high: 5_000 }, crossAz: constant(1), client: constant(1) });
      for (let i = 0; i < 300; i++) s.at(i * 10, () => send(a1, a2, String(i)));
      s.runUntil(1_000_000);
      expect(got.map(([l]) => Number(l))).toEqual(Array.from({ length: 300 }, (_, i) => i));
      // The FIFO rule did work: with independent delays some of these would have overtaken.
      const times = got.map(([, t]) => t);
      expect(new Set(times).size).toBeLessThan(300);
    });

    it('does not hold back messages on other links', () => {
      const { s, a1, a2, b1, got, send } = region({ sameAz: constant(100), crossAz: constant(50_000), client: constant(1) });
      send(a1, b1, 'slow');
      send(a1, a2, 'fast');
      s.runUntil(100_000);
      expect(got).toEqual([
        ['fast', 100],
        ['slow', 50_000],
      ]);
    });

    describe('partitions', () => {
      it('drop a message at send time, in the blocked direction only (one-way)', () => {
        const { s, net, a1, b1, got, send, only } = region();
        net.rules.add('block', only(a1), only(b1));
        send(a1, b1, 'blocked');
        send(b1, a1, 'reverse');
        s.runUntil(10_000);
        expect(got).toEqual([['reverse', 1_000]]);
        expect(net.messagesDropped).toBe(1);
        expect(net.reachable(a1, b1)).toBe(false);
        expect(net.reachable(b1, a1)).toBe(true);
      });

      it('drop a message in flight when the partition starts before it arrives', () => {
        const { s, net, a1, b1, got, send, only } = region();
        send(a1, b1, 'in-flight');
        s.at(500, () => net.rules.add('block', only(a1), only(b1)));
        s.runUntil(10_000);
        expect(got).toEqual([]);
        expect(net.messagesDropped).toBe(1);
      });

      it('let through a message whose flight a partition only started and healed within', () => {
        const { s, net, a1, b1, got, send, only } = region();
        send(a1, b1, 'survives');
        let rule = 0;
        s.at(200, () => (rule = net.rules.add('block', only(a1), only(b1))));
        s.at(700, () => net.rules.remove(rule));
        s.runUntil(10_000);
        expect(got).toEqual([['survives', 1_000]]);
      });

      it('let messages through again once removed', () => {
        const { s, net, a1, b1, got, send, only } = region();
        const rule = net.rules.add('block', only(a1), only(b1));
        send(a1, b1, 'lost');
        net.rules.remove(rule);
        send(a1, b1, 'delivered');
        s.runUntil(10_000);
        expect(got).toEqual([['delivered', 1_000]]);
        expect(net.reachable(a1, b1)).toBe(true);
      });
    });

    it('loses messages with the rule\'s probability, only on the matching direction', () => {
      const { s, net, a1, a2, got, send, only } = region();
      net.rules.add('loss', only(a1), only(a2), 0.3);
      for (let i = 0; i < 20_000; i++) send(a1, a2, 'x');
      for (let i = 0; i < 1_000; i++) send(a2, a1, 'y');
      s.runUntil(1_000_000);
      const x = got.filter(([l]) => l === 'x').length;
      const y = got.filter(([l]) => l === 'y').length;
      // Delivered ~ Binomial(20000, 0.7): sd ≈ 65, so ±600 is about 9 sd.
      expect(Math.abs(x - 14_000)).toBeLessThan(600);
      expect(y).toBe(1_000);
      expect(net.messagesDropped).toBe(20_000 - x);
    });

    it('adds a rule\'s latency to every message on the matching direction', () => {
      const { s, net, a1, a2, got, send, only } = region();
      net.rules.add('latency', only(a1), only(a2), 1, 5_000);
      send(a1, a2, 'slowed');
      send(a2, a1, 'normal');
      s.runUntil(100_000);
      expect(got).toEqual([
        ['normal', 100],
        ['slowed', 5_100],
      ]);
    });

    it('counts bytes in total, across AZs and between nodes, dropped messages included', () => {
      const { s, net, a1, a2, b1, ca, cb, send, only } = region();
      send(a1, a2, 'n-n same', 100);
      send(a1, b1, 'n-n cross', 200);
      send(cb, a1, 'c-n cross', 40);
      send(ca, a2, 'c-n same', 8);
      net.rules.add('block', only(b1), only(a1));
      send(b1, a1, 'blocked', 1_000);
      s.runUntil(10_000);
      expect(net.bytesTotal).toBe(1_348);
      expect(net.bytesCrossAz).toBe(1_240);
      expect(net.bytesBetweenNodes).toBe(1_300);
      expect(net.messagesSent).toBe(5);
    });

    describe('delivery to crashed and paused nodes', () => {
      it('drops a message to a node that crashed before it arrived', () => {
        const { s, a1, b1, got, send } = region();
        send(a1, b1, 'lost');
        s.at(500, () => b1.crash());
        s.runUntil(10_000);
        expect(got).toEqual([]);
      });

      it('drops a message to a node that crashed and restarted before it arrived', () => {
        const { s, a1, b1, got, send } = region();
        send(a1, b1, 'to-old-life');
        s.at(300, () => b1.crash());
        s.at(600, () => b1.restart());
        s.at(700, () => send(a1, b1, 'to-new-life'));
        s.runUntil(10_000);
        expect(got).toEqual([['to-new-life', 1_700]]);
      });

      it('holds a message to a paused node until it resumes', () => {
        const { s, a1, b1, got, send } = region();
        s.at(0, () => b1.pause());
        send(a1, b1, 'held');
        s.at(5_000, () => b1.resume());
        s.runUntil(10_000);
        expect(got).toEqual([['held', 5_000]]);
      });
    });
  });
});
