// A database driver that reaches servers by DNS name over pooled connections: the shape of the
// client side of RDS and Aurora (writer and reader endpoints). An attempt picks an endpoint name,
// gets an open connection to what the name resolves to (through the client's DNS cache, so a
// changed record is seen only once the cached answer expires, on this client's own schedule: see
// dns.ts), and sends the request on it. A
// timeout closes the connection, and so does an error reply, except the errors a healthy server
// gives for a request it could not serve (the next attempt then reuses the connection).
// A driver may resolve names another way than DNS (`resolver`: an RDS Proxy's fixed endpoint, a
// topology-aware driver's learned writer), and hear of every connection it drops (`broken`).
// Leaves out: routing by key (engines with partitions or slots route in their own drivers).

import { call, type Call } from './rpc.ts';
import { ConnectionPool, type Connection, type Resolver } from './connection.ts';
import { DnsCache } from './dns.ts';
import type { Attempt, AttemptResult, Driver, Operation } from './operation.ts';
import type { Endpoint } from './endpoint.ts';
import type { SimClient } from './client.ts';
import type { Sim } from './sim.ts';

export interface EndpointRequest {
  conn: Connection;
  op: Operation;
}

/** The request as sent: it also carries the attempt back to the reply. */
interface SentRequest extends EndpointRequest {
  readonly attempt: Attempt;
}

export type EndpointCall = Call<EndpointRequest, AttemptResult>;

export interface EndpointDriverConfig {
  /** The DNS name an operation goes to (a writer or a reader endpoint). */
  endpointFor(op: Operation): string;
  /** The server process behind an endpoint: its request handler, and whether it takes connections now. */
  serverAt(e: Endpoint): { onRequest(c: EndpointCall): void; acceptsConnections(): boolean } | undefined;
  /** Bytes of the request message. */
  requestBytes(op: Operation): number;
  /** Error replies after which the connection stays open (the server is fine; the request was not). */
  keepConnectionOn?: { has(error: string): boolean };
  /** Instead of `keepConnectionOn`, when the answer depends on the connection (a proxy's, an instance's). */
  keepsConnection?(conn: Connection, error: string): boolean;
  /** Resolves names instead of the client's DNS cache (which it is given, to fall back on). */
  resolver?(dns: DnsCache): Resolver;
  /** The driver dropped a connection after an error reply or a timeout. */
  broken?(conn: Connection): void;
}

export class EndpointDriver implements Driver {
  private readonly pool: ConnectionPool;

  constructor(
    private readonly sim: Sim,
    private readonly client: SimClient,
    private readonly config: EndpointDriverConfig,
  ) {
    const dns = new DnsCache(sim.dns, sim.rng(`client/${client.name}/dns`), sim.rng(`client/${client.name}/dns-refresh`));
    this.pool = new ConnectionPool(sim.network, client, config.resolver?.(dns) ?? dns, sim.now, (server) => config.serverAt(server)?.acceptsConnections() ?? false);
  }

  // No closure per attempt: the attempt rides as the connection waiter's argument, and the
  // request object carries it to the reply; the two callbacks are made once per driver.
  start(a: Attempt): void {
    a.scratch = this.pool.acquireFor(this.config.endpointFor(a.op), this.connected, a);
  }

  /** The attempt's connection is open (or could not be had: `conn` null, and why). */
  private readonly connected = (a: Attempt, conn: Connection | null, error: string): void => {
    if (a.finished) return;
    if (conn === null) return a.finish({ ok: false, error, maybeApplied: false });
    this.send(a, conn);
  };

  private send(a: Attempt, conn: Connection): void {
    const server = this.config.serverAt(conn.target)!;
    a.scratch = conn;
    a.sent = true;
    const req: SentRequest = { conn, op: a.op, attempt: a };
    call<EndpointRequest, AttemptResult, SentRequest>(this.sim.network, this.client, conn.target, this.config.requestBytes(a.op), server.onRequest, req, this.replied, req);
  }

  private readonly replied = (reply: AttemptResult, req: SentRequest): void => {
    if (!reply.ok && !this.keeps(req.conn, reply.error)) this.drop(req.conn);
    req.attempt.finish(reply);
  };

  private keeps(conn: Connection, error: string): boolean {
    const c = this.config;
    if (c.keepsConnection !== undefined) return c.keepsConnection(conn, error);
    return c.keepConnectionOn !== undefined && c.keepConnectionOn.has(error);
  }

  abandon(a: Attempt): void {
    const conn = a.scratch as Connection | null;
    if (conn !== null && conn !== undefined) this.drop(conn);
  }

  private drop(conn: Connection): void {
    if (conn.state === 'closed') return;
    this.pool.close(conn);
    this.config.broken?.(conn);
  }
}

