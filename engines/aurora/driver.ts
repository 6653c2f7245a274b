// The application's database driver for Aurora: writes and `strong` reads go to the cluster
// (writer) endpoint, `eventual` reads to the reader endpoint, which spreads connections over the
// replicas. Each endpoint is a DNS name the client caches for the record's TTL, and a connection
// that stays pinned to the instance it was opened to. An error closes the connection, so the next
// attempt resolves the name again (and after a failover finds the new writer once the cached
// answer has expired).
// Leaves out: RDS Proxy and the AWS "smart" drivers that learn the topology from the database.

import { call } from '../../sim/rpc.ts';
import { ConnectionPool, type Connection } from '../../sim/connection.ts';
import { DnsCache } from '../../sim/dns.ts';
import type { Attempt, Driver } from '../../sim/operation.ts';
import type { SimClient } from '../../sim/client.ts';
import { REQUEST_OVERHEAD_BYTES } from './redo.ts';
import type { ClientReply, ClientRequest } from './instance.ts';
import type { AuroraCluster } from './cluster.ts';

export const WRITER_ENDPOINT = 'aurora-cluster';
export const READER_ENDPOINT = 'aurora-reader';

/** Errors the database returns on a healthy connection: retrying on it is fine. */
const DATABASE_ERRORS = new Set(['write-quorum-unavailable', 'write-quorum-lost', 'volume-recovering', 'volume-unavailable', 'no-segment-available', 'lsn-allocation-limit']);

export class AuroraDriver implements Driver {
  private readonly pool: ConnectionPool;

  constructor(
    private readonly cluster: AuroraCluster,
    private readonly client: SimClient,
  ) {
    const sim = cluster.sim;
    const dns = new DnsCache(sim.dns, sim.rng(`client/${client.name}/dns`));
    this.pool = new ConnectionPool(sim.network, client, dns, sim.now, (server) => cluster.instanceAt(server)?.acceptsConnections() ?? false);
  }

  start(a: Attempt): void {
    const op = a.op;
    const endpoint = op.kind === 'write' || op.consistency === 'strong' ? WRITER_ENDPOINT : READER_ENDPOINT;
    a.scratch = this.pool.acquire(endpoint, (r) => {
      if (a.finished) return;
      if (!r.ok) return a.finish({ ok: false, error: r.error, maybeApplied: false });
      this.send(a, r.conn);
    });
  }

  private send(a: Attempt, conn: Connection): void {
    const inst = this.cluster.instanceAt(conn.target)!;
    const op = a.op;
    a.scratch = conn;
    a.sent = true;
    const bytes = REQUEST_OVERHEAD_BYTES + (op.kind === 'write' ? op.sizeBytes : 0);
    call<ClientRequest, ClientReply>(this.cluster.sim.network, this.client, conn.target, bytes, inst.onRequest, { conn, op }, (reply) => {
      if (!reply.ok && !DATABASE_ERRORS.has(reply.error)) this.pool.close(conn);
      a.finish(reply);
    });
  }

  abandon(a: Attempt): void {
    const conn = a.scratch as Connection | null;
    if (conn !== null && conn !== undefined) this.pool.close(conn);
  }
}
