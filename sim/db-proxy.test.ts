import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network } from './network.ts';
import { SimNode } from './node.ts';
import { SimClient } from './client.ts';
import { DnsCache, DnsZone } from './dns.ts';
import { ConnectionPool, type Connection } from './connection.ts';
import { call } from './rpc.ts';
import { constant } from './distribution.ts';
import { DbProxy } from './db-proxy.ts';
import type { EndpointCall, EndpointRequest } from './endpoint-driver.ts';
import type { AttemptResult, Operation } from './operation.ts';
import type { Endpoint } from './endpoint.ts';

/** Two database servers (db-1 the writer), a proxy and a client; every hop takes 100 us. */
function setup() {
  const s = new Scheduler();
  const net = new Network(s, new Rng('proxy'), { sameAz: constant(100), crossAz: constant(100), client: constant(100) });
  const client = new SimClient('app', 'az-a', 0);
  const db1 = new SimNode(s, 'db-1', 'az-a', []);
  const db2 = new SimNode(s, 'db-2', 'az-b', []);
  const proxyNode = new SimNode(s, 'proxy-az-a', 'az-a', ['proxy']);
  for (const e of [client, db1, db2, proxyNode]) net.register(e);
  let writer: SimNode = db1;
  const served: string[] = [];
  const server = (node: SimNode) => ({
    acceptsConnections: () => node.isUp,
    onRequest: (c: EndpointCall) => {
      served.push(node.name);
      c.respond(64, node === writer ? { ok: true, value: null } : { ok: false, error: 'read-only', maybeApplied: false });
    },
  });
  const servers = new Map<Endpoint, ReturnType<typeof server>>([
    [db1, server(db1)],
    [db2, server(db2)],
  ]);
  const events: string[] = [];
  const proxy = new DbProxy(proxyNode, net, () => s.now, {
    targets: [db1, db2].map((n) => ({ endpoint: n, isWriter: () => n === writer })),
    serverAt: (e) => servers.get(e),
    requestBytes: () => 64,
    replyBytes: () => 64,
    keepConnectionOn: new Set<string>(),
    probeIntervalUs: 1_000_000,
    probeTimeoutUs: 500_000,
    probeFailures: 2,
    borrowTimeoutUs: 10_000_000,
    latency: () => 0,
    events: (kind, node, detail) => events.push(`${kind} ${node} ${detail}`),
  });
  // The client's connection to the proxy, by a fixed name.
  const zone = new DnsZone();
  zone.set('proxy', [proxyNode], 5_000_000);
  const pool = new ConnectionPool(net, client, new DnsCache(zone, new Rng('dns')), () => s.now, () => proxyNode.isUp);
  const replies: [string, number][] = [];
  const op = { id: 1, kind: 'write', keyIndex: 0, key: 'k', value: 1, consistency: 'strong', sizeBytes: 10, clientIndex: 0, process: 0, invokeUs: 0 } as Operation;
  let conn: Connection | null = null;
  const send = () =>
    pool.acquire('proxy', (r) => {
      if (!r.ok) return replies.push([`connect:${r.error}`, s.now]);
      conn = r.conn;
      call<EndpointRequest, AttemptResult>(net, client, r.conn.target, 64, proxy.onRequest, { conn: r.conn, op }, (res) => replies.push([res.ok ? 'ok' : res.error, s.now]));
    });
  return { s, db1, db2, proxy, served, replies, send, events, setWriter: (n: SimNode) => (writer = n), conn: () => conn };
}

describe('sim', () => {
  describe('db proxy', () => {
    it('finds the writer by probing and forwards a client request to it', () => {
      const { s, db1, proxy, served, replies, send } = setup();
      proxy.start();
      s.runUntil(1_000);
      expect(proxy.writer).toBe(db1);
      s.at(10_000, send);
      s.runUntil(20_000);
      expect(served).toEqual(['db-1']);
      // Handshake to the proxy, the request to it, its handshake to db-1, the forward, the reply.
      expect(replies).toEqual([['ok', 10_000 + 200 + 100 + 200 + 200 + 100]]);
    });

    it('holds requests while it knows no writer, re-points to the new one it finds, and keeps the client connection', () => {
      const { s, db1, db2, proxy, served, replies, send, events, setWriter, conn } = setup();
      proxy.start();
      s.at(10_000, send);
      s.at(100_000, () => db1.crash());
      s.runUntil(2_800_000);
      // Two probe rounds missed: the proxy stops forwarding to db-1.
      expect(proxy.writer).toBeNull();
      expect(events.some((e) => e.startsWith('proxy-failover proxy-az-a db-1 missed 2 probes'))).toBe(true);
      s.at(2_900_000, send);
      s.at(3_500_000, () => setWriter(db2));
      s.runUntil(5_000_000);
      expect(proxy.writer).toBe(db2);
      // The request that came during the gap waited for the probe round at 4 s to find db-2 (its
      // answer 200 us later), then the handshake to db-2, the forward and the reply; it rode the
      // same client connection.
      expect(replies).toEqual([
        ['ok', 10_800],
        ['ok', 4_000_000 + 200 + 200 + 200 + 100],
      ]);
      expect(served).toEqual(['db-1', 'db-2']);
      expect(conn()!.state).toBe('open');
    });

    it('fails a request that waited for a writer longer than the borrow timeout', () => {
      const { s, db1, proxy, replies, send } = setup();
      proxy.start();
      s.at(100_000, () => db1.crash());
      s.at(3_000_000, send);
      s.runUntil(20_000_000);
      // It arrived at 3.0003 s; the first probe round 10 s after that (at 14 s) fails it.
      expect(replies).toEqual([['proxy-borrow-timeout', 14_000_000 + 100]]);
    });
  });
});
