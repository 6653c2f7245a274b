// Client connections to a server found by DNS name, as a database driver keeps them: resolve the
// name (through the client's DNS cache, or another Resolver: a proxy's or a topology-aware
// driver's own view of the writer), open a connection with a handshake, then send requests
// on it until it breaks. A connection stays pinned to the server it was opened to, so after a DNS
// change it keeps reaching the old server until it fails and is reopened.
// Models: connect handshakes, refused connections (a process that is up but not accepting),
// silent ones (a crashed host: the caller's timeout notices), resets after a server restart.
// Leaves out: TLS, authentication and pool size limits (one multiplexed connection per name).

import type { Endpoint } from './endpoint.ts';
import type { Network } from './network.ts';
import { call, type Call } from './rpc.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';
export type ConnectResult = { ok: true; conn: Connection } | { ok: false; error: string };

/** A waiter's callback: the connection once open, or null and why it could not be had. */
export type ConnectFn<A> = (arg: A, conn: Connection | null, error: string) => void;

export class Connection {
  state: ConnectionState = 'connecting';
  /** The server process incarnation the connection was accepted by. */
  serverInc = -1;
  /**
   * Callers waiting for the handshake, as (callback, argument) pairs: no closure per caller. The
   * first waits in two fields (almost always the only one); later ones in arrays made on demand.
   */
  private firstFn: ConnectFn<any> | null = null;
  private firstArg: unknown = undefined;
  private moreFns: ConnectFn<any>[] | null = null;
  private moreArgs: unknown[] | null = null;

  constructor(
    readonly name: string,
    readonly target: Endpoint,
  ) {}

  /** Server side: false when the server restarted since accepting this connection. */
  validAt(server: Endpoint): boolean {
    return this.state === 'open' && this.serverInc === server.incarnation;
  }

  wait<A>(fn: ConnectFn<A>, arg: A): void {
    if (this.firstFn === null && this.moreFns === null) {
      this.firstFn = fn;
      this.firstArg = arg;
      return;
    }
    (this.moreFns ??= []).push(fn);
    (this.moreArgs ??= []).push(arg);
  }

  /** Tells every waiter, in the order they came, and forgets them. */
  release(conn: Connection | null, error: string): void {
    const fn = this.firstFn;
    const arg = this.firstArg;
    const fns = this.moreFns;
    const args = this.moreArgs;
    this.firstFn = null;
    this.firstArg = undefined;
    this.moreFns = null;
    this.moreArgs = null;
    if (fn !== null) fn(arg, conn, error);
    if (fns !== null) for (let i = 0; i < fns.length; i++) fns[i](args![i], conn, error);
  }
}

/**
 * What a name resolves to for a connection: a client's DNS cache (dns.ts), or a resolver that
 * knows the target without DNS (an RDS Proxy's view of the writer, a topology-aware driver's).
 */
export interface Resolver {
  resolve(name: string, nowUs: number): Endpoint | null;
  /** The error an attempt fails with when there is no answer (default `dns-no-answer`). */
  readonly noAnswerError?: string;
  /**
   * With no answer now, a resolver that expects one soon (a driver polling the topology) may hold
   * the caller: it returns true and calls `wake(error)` once it has an answer, and the caller then
   * fails with that error (and retries, to find the answer), instead of failing at once.
   */
  whenResolved?(wake: (error: string) => void): boolean;
}

const HANDSHAKE_BYTES = 120;

const asResult = (cb: (r: ConnectResult) => void, conn: Connection | null, error: string): void => cb(conn === null ? { ok: false, error } : { ok: true, conn });

export class ConnectionPool {
  /** The last connection opened per name; a closed one stays until the next acquire replaces it. */
  private conns = new Map<string, Connection>();

  constructor(
    private readonly net: Network,
    private readonly client: Endpoint,
    private readonly dns: Resolver,
    private readonly now: () => number,
    /** Server side: does this server's process accept connections now? */
    private readonly accepts: (server: Endpoint) => boolean,
  ) {}

  /**
   * Calls `cb` with an open connection to what `name` resolves to, opening one if needed.
   * Returns the connection being used (so a caller that gives up can close it), or null.
   */
  acquire(name: string, cb: (r: ConnectResult) => void): Connection | null {
    return this.acquireFor(name, asResult, cb);
  }

  /** acquire() without an object per call: `fn(arg, conn, '')` once open, `fn(arg, null, error)` if not. */
  acquireFor<A>(name: string, fn: ConnectFn<A>, arg: A): Connection | null {
    let conn = this.conns.get(name);
    if (conn !== undefined && conn.state === 'open') {
      fn(arg, conn, '');
      return conn;
    }
    if (conn === undefined || conn.state === 'closed') {
      const target = this.dns.resolve(name, this.now());
      if (target === null) {
        if (this.dns.whenResolved?.((error) => fn(arg, null, error))) return null;
        fn(arg, null, this.dns.noAnswerError ?? 'dns-no-answer');
        return null;
      }
      conn = new Connection(name, target);
      this.conns.set(name, conn);
      this.handshake(conn);
    }
    conn.wait(fn, arg);
    return conn;
  }

  /** Drops a connection (a timeout or an error made it suspect); the next acquire reconnects. */
  close(conn: Connection, error = 'connection-closed'): void {
    if (conn.state === 'closed') return;
    // It stays in `conns` (closed) until the next acquire replaces it: deleting and setting the
    // name again on every reconnect made the map reallocate its table each time.
    conn.state = 'closed';
    conn.release(null, error);
  }

  private handshake(conn: Connection): void {
    call<Connection, number, Connection>(this.net, this.client, conn.target, HANDSHAKE_BYTES, this.serverAccept, conn, this.accepted, conn);
  }

  /** The handshake's answer arrived: `inc` is the server's incarnation, or -1 (refused). */
  private readonly accepted = (inc: number, conn: Connection): void => {
    if (conn.state !== 'connecting') return;
    if (inc < 0) {
      this.close(conn, 'connection-refused');
      return;
    }
    conn.state = 'open';
    conn.serverInc = inc;
    conn.release(conn, '');
  };

  private readonly serverAccept = (c: Call<Connection, number>): void => {
    c.respond(HANDSHAKE_BYTES, this.accepts(c.server) ? c.server.incarnation : -1);
  };
}
