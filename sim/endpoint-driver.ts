// A database driver that reaches servers by DNS name over pooled connections: the shape of the
// client side of RDS and Aurora (writer and reader endpoints). An attempt picks an endpoint name,
// gets an open connection to what the name resolves to (through the client's DNS cache, so a
// changed record is seen only once the cached answer expires), and sends the request on it. A
// timeout closes the connection, and so does an error reply, except the errors a healthy server
// gives for a request it could not serve (the next attempt then reuses the connection).
// Leaves out: routing by key (engines with partitions or slots route in their own drivers).

import { call, type Call } from './rpc.ts';
import { ConnectionPool, type Connection } from './connection.ts';
import { DnsCache } from './dns.ts';
import type { Attempt, AttemptResult, Driver, Operation } from './operation.ts';
import type { Endpoint } from './endpoint.ts';
import type { SimClient } from './client.ts';
import type { Sim } from './sim.ts';

export interface EndpointRequest {
  conn: Connection;
  op: Operation;
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
  keepConnectionOn?: ReadonlySet<string>;
}

export class EndpointDriver implements Driver {
  private readonly pool: ConnectionPool;

  constructor(
    private readonly sim: Sim,
    private readonly client: SimClient,
    private readonly config: EndpointDriverConfig,
  ) {
    const dns = new DnsCache(sim.dns, sim.rng(`client/${client.name}/dns`));
    this.pool = new ConnectionPool(sim.network, client, dns, sim.now, (server) => config.serverAt(server)?.acceptsConnections() ?? false);
  }

  start(a: Attempt): void {
    a.scratch = this.pool.acquire(this.config.endpointFor(a.op), (r) => {
      if (a.finished) return;
      if (!r.ok) return a.finish({ ok: false, error: r.error, maybeApplied: false });
      this.send(a, r.conn);
    });
  }

  private send(a: Attempt, conn: Connection): void {
    const server = this.config.serverAt(conn.target)!;
    a.scratch = conn;
    a.sent = true;
    const keep = this.config.keepConnectionOn;
    call<EndpointRequest, AttemptResult>(this.sim.network, this.client, conn.target, this.config.requestBytes(a.op), server.onRequest, { conn, op: a.op }, (reply) => {
      if (!reply.ok && (keep === undefined || !keep.has(reply.error))) this.pool.close(conn);
      a.finish(reply);
    });
  }

  abandon(a: Attempt): void {
    const conn = a.scratch as Connection | null;
    if (conn !== null && conn !== undefined) this.pool.close(conn);
  }
}
