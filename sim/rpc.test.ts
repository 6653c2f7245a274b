import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network } from './network.ts';
import { SimNode } from './node.ts';
import { call, type Call } from './rpc.ts';
import { constant } from './distribution.ts';
import { membership } from './link-rules.ts';

function setup() {
  const s = new Scheduler();
  const net = new Network(s, new Rng('rpc'), { sameAz: constant(100), crossAz: constant(1_000), client: constant(10) });
  const a = new SimNode(s, 'a', 'az-a', []);
  const b = new SimNode(s, 'b', 'az-b', []);
  net.register(a);
  net.register(b);
  const log: [string, number][] = [];
  return { s, net, a, b, log };
}

describe('sim', () => {
  describe('rpc', () => {
    it('runs the handler at the server after one leg and delivers the reply after the second', () => {
      const { s, net, a, b, log } = setup();
      const handler = (c: Call<string, string>) => {
        log.push([`handle:${c.req}`, s.now]);
        c.respond(10, c.req.toUpperCase());
      };
      call<string, string>(net, a, b, 10, handler, 'ping', (r) => log.push([`reply:${r}`, s.now]));
      s.runUntil(10_000);
      expect(log).toEqual([
        ['handle:ping', 1_000],
        ['reply:PING', 2_000],
      ]);
      expect(net.bytesTotal).toBe(20);
    });

    it('sends at most one reply per call', () => {
      const { s, net, a, b, log } = setup();
      call(net, a, b, 10, (c: Call<null, number>) => {
        c.respond(10, 1);
        c.respond(10, 2);
      }, null, (r) => log.push([`reply:${r}`, s.now]));
      s.runUntil(10_000);
      expect(log).toEqual([['reply:1', 2_000]]);
    });

    it('lets a server answer later, from its own events', () => {
      const { s, net, a, b, log } = setup();
      call(net, a, b, 10, (c: Call<null, string>) => b.defer(500, () => c.respond(10, 'late')), null, (r) => log.push([r, s.now]));
      s.runUntil(10_000);
      expect(log).toEqual([['late', 2_500]]);
    });

    it('never calls back when the reply is lost (a partition from server to caller)', () => {
      const { s, net, a, b, log } = setup();
      net.rules.add('block', membership(2, [b.id]), membership(2, [a.id]));
      call(net, a, b, 10, (c: Call<null, string>) => {
        log.push(['handled', s.now]);
        c.respond(10, 'lost');
      }, null, (r) => log.push([r, s.now]));
      s.runUntil(10_000);
      expect(log).toEqual([['handled', 1_000]]);
    });

    it('never runs the handler on a crashed server', () => {
      const { s, net, a, b, log } = setup();
      b.crash();
      call(net, a, b, 10, () => log.push(['handled', s.now]), null, () => log.push(['reply', s.now]));
      s.runUntil(10_000);
      expect(log).toEqual([]);
    });
  });
});
