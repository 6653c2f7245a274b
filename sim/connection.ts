// Client connections to a server found by DNS name, as a database driver keeps them: resolve the
// name (through the client's DNS cache), open a connection with a handshake, then send requests
// on it until it breaks. A connection stays pinned to the server it was opened to, so after a DNS
// change it keeps reaching the old server until it fails and is reopened.
// Models: connect handshakes, refused connections (a process that is up but not accepting),
// silent ones (a crashed host: the caller's timeout notices), resets after a server restart.
// Leaves out: TLS, authentication and pool size limits (one multiplexed connection per name).

import type { Endpoint } from './endpoint.ts';
import type { DnsCache } from './dns.ts';
import type { Network } from './network.ts';
import { call, type Call } from './rpc.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';
export type ConnectResult = { ok: true; conn: Connection } | { ok: false; error: string };

export class Connection {
  state: ConnectionState = 'connecting';
  /** The server process incarnation the connection was accepted by. */
  serverInc = -1;
  waiters: ((r: ConnectResult) => void)[] = [];

  constructor(
    readonly name: string,
    readonly target: Endpoint,
  ) {}

  /** Server side: false when the server restarted since accepting this connection. */
  validAt(server: Endpoint): boolean {
    return this.state === 'open' && this.serverInc === server.incarnation;
  }
}

const HANDSHAKE_BYTES = 120;

export class ConnectionPool {
  private conns = new Map<string, Connection>();

  constructor(
    private readonly net: Network,
    private readonly client: Endpoint,
    private readonly dns: DnsCache,
    private readonly now: () => number,
    /** Server side: does this server's process accept connections now? */
    private readonly accepts: (server: Endpoint) => boolean,
  ) {}

  /**
   * Calls `cb` with an open connection to what `name` resolves to, opening one if needed.
   * Returns the connection being used (so a caller that gives up can close it), or null.
   */
  acquire(name: string, cb: (r: ConnectResult) => void): Connection | null {
    let conn = this.conns.get(name);
    if (conn !== undefined && conn.state === 'open') {
      cb({ ok: true, conn });
      return conn;
    }
    if (conn === undefined || conn.state === 'closed') {
      const target = this.dns.resolve(name, this.now());
      if (target === null) {
        cb({ ok: false, error: 'dns-no-answer' });
        return null;
      }
      conn = new Connection(name, target);
      this.conns.set(name, conn);
      this.handshake(conn);
    }
    conn.waiters.push(cb);
    return conn;
  }

  /** Drops a connection (a timeout or an error made it suspect); the next acquire reconnects. */
  close(conn: Connection, error = 'connection-closed'): void {
    if (conn.state === 'closed') return;
    conn.state = 'closed';
    if (this.conns.get(conn.name) === conn) this.conns.delete(conn.name);
    const waiters = conn.waiters;
    conn.waiters = [];
    for (const w of waiters) w({ ok: false, error });
  }

  private handshake(conn: Connection): void {
    call<Connection, number>(this.net, this.client, conn.target, HANDSHAKE_BYTES, this.serverAccept, conn, (inc) => {
      if (conn.state !== 'connecting') return;
      if (inc < 0) {
        this.close(conn, 'connection-refused');
        return;
      }
      conn.state = 'open';
      conn.serverInc = inc;
      const waiters = conn.waiters;
      conn.waiters = [];
      for (const w of waiters) w({ ok: true, conn });
    });
  }

  private readonly serverAccept = (c: Call<Connection, number>): void => {
    c.respond(HANDSHAKE_BYTES, this.accepts(c.server) ? c.server.incarnation : -1);
  };
}
