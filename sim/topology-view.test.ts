import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network } from './network.ts';
import { SimNode } from './node.ts';
import { SimClient } from './client.ts';
import { DnsCache, DnsZone } from './dns.ts';
import { Connection } from './connection.ts';
import { constant } from './distribution.ts';
import { TopologyView } from './topology-view.ts';

/** A client and two instances (db-1 the writer, and the DNS record's answer); every hop 100 us. */
function setup(failoverTimeoutUs = 60_000_000) {
  const s = new Scheduler();
  const net = new Network(s, new Rng('topology'), { sameAz: constant(100), crossAz: constant(100), client: constant(100) });
  const client = new SimClient('app', 'az-a', 0);
  const db1 = new SimNode(s, 'db-1', 'az-a', []);
  const db2 = new SimNode(s, 'db-2', 'az-b', []);
  for (const e of [client, db1, db2]) net.register(e);
  const zone = new DnsZone();
  zone.set('writer', [db1], 5_000_000);
  let writer: SimNode = db1;
  const view = new TopologyView(net, s, client, new DnsCache(zone, new Rng('dns')), {
    writerName: 'writer',
    instances: [db1, db2].map((n) => ({ endpoint: n, isWriter: () => n === writer })),
    refreshUs: 100_000,
    failoverTimeoutUs,
  });
  return { s, net, db1, db2, view, zone, setWriter: (n: SimNode) => (writer = n) };
}

describe('sim', () => {
  describe('topology view', () => {
    it('resolves the writer by its DNS name until a connection to it breaks', () => {
      const { s, db1, view } = setup();
      expect(view.resolve('writer', s.now)).toBe(db1);
      expect(view.polling).toBe(false);
    });

    it('after a broken connection holds attempts, finds the instance that says it is the writer, and resolves to it while DNS still names the old one', () => {
      const { s, db1, db2, view, setWriter } = setup();
      s.at(1_000, () => {
        db1.crash();
        view.broken(new Connection('writer', db1));
      });
      s.runUntil(500_000);
      expect(view.polling).toBe(true);
      expect(view.resolve('writer', s.now)).toBeNull();
      const resumed: [string, number][] = [];
      expect(view.whenResolved((error) => resumed.push([error, s.now]))).toBe(true);
      s.at(550_000, () => setWriter(db2));
      // The next poll round (at 601 ms) finds db-2 once its answer is back (400 us later: the client hop plus the cross-AZ one, each way).
      s.runUntil(601_000 + 350);
      expect(view.writer).toBeNull();
      s.runUntil(601_000 + 450);
      expect(view.writer).toBe(db2);
      expect(view.polling).toBe(false);
      // The held attempt fails as the wrapper's failover-success error does; its retry finds db-2.
      expect(resumed).toEqual([['failover-success', 601_400]]);
      expect(view.resolve('writer', s.now)).toBe(db2);
      expect(view.whenResolved(() => {})).toBe(false);
    });

    it('ignores a broken connection to an instance other than the writer it found', () => {
      const { s, db1, db2, view, setWriter } = setup();
      setWriter(db2);
      view.broken(new Connection('writer', db1));
      s.runUntil(1_000);
      expect(view.writer).toBe(db2);
      view.broken(new Connection('writer', db1));
      expect(view.polling).toBe(false);
    });

    it('stops polling after the failover timeout and falls back to the DNS name', () => {
      const { s, db1, view } = setup(1_000_000);
      db1.crash();
      view.broken(new Connection('writer', db1));
      s.runUntil(999_000);
      expect(view.polling).toBe(true);
      // The round due at 1 s finds the timeout passed.
      s.runUntil(1_000_001);
      expect(view.polling).toBe(false);
      expect(view.resolve('writer', s.now)).toBe(db1);
    });
  });
});
