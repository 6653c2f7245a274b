import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network } from './network.ts';
import { SimNode } from './node.ts';
import { SimClient } from './client.ts';
import { DnsCache, DnsZone } from './dns.ts';
import { ConnectionPool, type ConnectResult } from './connection.ts';
import { constant } from './distribution.ts';
import type { Endpoint } from './endpoint.ts';

/** A client in az-a, two servers; client <-> server messages take 100 us each way. */
function setup() {
  const s = new Scheduler();
  const net = new Network(s, new Rng('conn'), { sameAz: constant(50), crossAz: constant(500), client: constant(100) });
  const client = new SimClient('app', 'az-a', 0);
  const db1 = new SimNode(s, 'db-1', 'az-a', []);
  const db2 = new SimNode(s, 'db-2', 'az-a', []);
  for (const e of [client, db1, db2]) net.register(e);
  const zone = new DnsZone();
  zone.set('db', [db1], 5_000);
  const notAccepting = new Set<Endpoint>();
  const pool = new ConnectionPool(net, client, new DnsCache(zone, new Rng('dns')), () => s.now, (srv) => !notAccepting.has(srv));
  const results: [string, number][] = [];
  const record = (r: ConnectResult) => results.push([r.ok ? `ok:${r.conn.target.name}` : `error:${r.error}`, s.now]);
  return { s, net, client, db1, db2, zone, notAccepting, pool, results, record };
}

describe('sim', () => {
  describe('connection', () => {
    it('opens with a handshake round trip to a server that accepts', () => {
      const { s, db1, pool, results, record } = setup();
      const conn = pool.acquire('db', record)!;
      expect(conn.state).toBe('connecting');
      s.runUntil(10_000);
      expect(results).toEqual([['ok:db-1', 200]]);
      expect(conn.state).toBe('open');
      expect(conn.serverInc).toBe(db1.incarnation);
      expect(conn.validAt(db1)).toBe(true);
    });

    it('hands an open connection out at once, without another handshake', () => {
      const { s, net, pool, results, record } = setup();
      pool.acquire('db', record);
      s.runUntil(10_000);
      const sent = net.messagesSent;
      pool.acquire('db', record);
      expect(results).toEqual([
        ['ok:db-1', 200],
        ['ok:db-1', 10_000],
      ]);
      expect(net.messagesSent).toBe(sent);
    });

    it('shares one handshake among callers that ask while it is connecting', () => {
      const { s, net, pool, results, record } = setup();
      const c1 = pool.acquire('db', record);
      s.at(50, () => expect(pool.acquire('db', record)).toBe(c1));
      s.runUntil(10_000);
      expect(results).toEqual([
        ['ok:db-1', 200],
        ['ok:db-1', 200],
      ]);
      expect(net.messagesSent).toBe(2); // one request, one reply
    });

    it('is refused by a server that is up but not accepting connections', () => {
      const { s, db1, notAccepting, pool, results, record } = setup();
      notAccepting.add(db1);
      const conn = pool.acquire('db', record)!;
      s.runUntil(10_000);
      expect(results).toEqual([['error:connection-refused', 200]]);
      expect(conn.state).toBe('closed');
    });

    it('stays silent when the server has crashed (the caller\'s timeout must notice)', () => {
      const { s, db1, pool, results, record } = setup();
      db1.crash();
      const conn = pool.acquire('db', record)!;
      s.runUntil(1_000_000);
      expect(results).toEqual([]);
      expect(conn.state).toBe('connecting');
    });

    it('tells every waiter when a connecting connection is closed', () => {
      const { s, db1, pool, results, record } = setup();
      db1.crash();
      const conn = pool.acquire('db', record)!;
      pool.acquire('db', record);
      s.at(3_000, () => pool.close(conn, 'timeout'));
      s.runUntil(10_000);
      expect(results).toEqual([
        ['error:timeout', 3_000],
        ['error:timeout', 3_000],
      ]);
    });

    it('ignores a handshake reply that arrives after the connection was closed', () => {
      const { s, pool, results, record } = setup();
      const conn = pool.acquire('db', record)!;
      s.at(150, () => pool.close(conn));
      s.runUntil(10_000);
      expect(results).toEqual([['error:connection-closed', 150]]);
      expect(conn.state).toBe('closed');
    });

    it('stays pinned to its server after the DNS record changes, until it is closed', () => {
      const { s, db2, zone, pool, results, record } = setup();
      const first = pool.acquire('db', record)!;
      s.at(1_000, () => zone.set('db', [db2], 5_000));
      s.at(20_000, () => pool.acquire('db', record)); // the cached answer expired long ago
      s.at(21_000, () => pool.close(first));
      s.at(22_000, () => pool.acquire('db', record));
      s.runUntil(100_000);
      expect(results).toEqual([
        ['ok:db-1', 200],
        ['ok:db-1', 20_000],
        ['ok:db-2', 22_200],
      ]);
    });

    it('reconnects through the client\'s DNS cache, so a stale answer reaches the old server', () => {
      const { s, db2, zone, pool, results, record } = setup();
      const first = pool.acquire('db', record)!;
      s.at(1_000, () => zone.set('db', [db2], 5_000));
      s.at(2_000, () => pool.close(first));
      s.at(2_000, () => pool.acquire('db', record)); // the answer cached at 0 is good until 5000
      s.runUntil(100_000);
      expect(results.at(-1)).toEqual(['ok:db-1', 2_200]);
    });

    it('is no longer valid at a server that restarted since accepting it', () => {
      const { s, db1, pool } = setup();
      const conn = pool.acquire('db', () => {})!;
      s.runUntil(1_000);
      db1.crash();
      db1.restart();
      expect(conn.state).toBe('open'); // the client does not know yet
      expect(conn.validAt(db1)).toBe(false);
    });

    it('reports dns-no-answer when the name does not resolve', () => {
      const { pool, results, record } = setup();
      expect(pool.acquire('nowhere', record)).toBeNull();
      expect(results).toEqual([['error:dns-no-answer', 0]]);
    });
  });
});
