// A database proxy in the style of RDS Proxy: a process on its own host that clients connect to
// instead of the writer endpoint. It keeps its own connection to the writer and forwards each
// client request on it (one more hop each way, plus its own processing time per request). It
// finds the writer itself, without DNS: every `probeIntervalUs` it asks each instance of its
// target group whether it is the writer (role-probe.ts). The writer it uses is dropped when it
// says it is not the writer any more, or misses `probeFailures` probes in a row; the first
// instance to say it is the writer after that becomes the new one.
//   Client connections to the proxy survive a failover: they are the proxy's, not the database's.
//   Requests in flight on the backend connection when the writer is dropped fail (a write with
//     an unknown outcome); requests that arrive while there is no writer wait at the proxy (as for
//     a pool connection to borrow) until one is found, or fail after `borrowTimeoutUs` (RDS
//     Proxy's ConnectionBorrowTimeout). A waiting request whose client gave up (closed its
//     connection) is dropped.
// Leaves out: connection pinning, multiplexing limits and pool sizes (one backend connection
// carries every request), the proxy's own multi-AZ failover (a crashed proxy host refuses nothing:
// its clients time out), and read-only proxy endpoints (eventual reads keep the reader endpoint).

import { call } from './rpc.ts';
import { ConnectionPool, type Connection } from './connection.ts';
import { probeRole, type RoleAnswer, type RoleProbeTarget } from './role-probe.ts';
import type { AttemptResult, Operation } from './operation.ts';
import type { EndpointCall, EndpointRequest } from './endpoint-driver.ts';
import type { Endpoint } from './endpoint.ts';
import type { Network } from './network.ts';
import type { SimNode } from './node.ts';
import type { Sampler } from './distribution.ts';
import type { DomainEvents } from './domain-events.ts';

/** The server process behind an instance endpoint, as the proxy forwards to it. */
export interface ProxiedServer {
  onRequest(c: EndpointCall): void;
  acceptsConnections(): boolean;
}

export interface DbProxyConfig {
  /** The target group: every instance that can become the writer. */
  targets: readonly RoleProbeTarget[];
  serverAt(e: Endpoint): ProxiedServer | undefined;
  requestBytes(op: Operation): number;
  replyBytes(op: Operation, r: AttemptResult): number;
  /** Database errors after which the backend connection stays open (as the engine's own driver keeps it). */
  keepConnectionOn: { has(error: string): boolean };
  probeIntervalUs: number;
  probeTimeoutUs: number;
  probeFailures: number;
  borrowTimeoutUs: number;
  /** The proxy's own processing time per request. */
  latency: Sampler;
  events: DomainEvents;
}

/** One client request at the proxy. */
interface Forward {
  readonly c: EndpointCall;
  readonly arrivedUs: number;
  /** The backend connection it was sent on (null: not sent yet). */
  conn: Connection | null;
  done: boolean;
}

/** The name the backend connection pool knows the writer by. */
const WRITER = 'proxy-writer';

export class DbProxy {
  /** The writer it forwards to; null while it knows none. */
  writer: Endpoint | null = null;
  private pool!: ConnectionPool;
  /** The backend connection last opened (the only one: every request shares it). */
  private backend: Connection | null = null;
  private readonly inFlight = new Set<Forward>();
  private waiting: Forward[] = [];
  /** Consecutive probes each target left unanswered. */
  private readonly misses = new Map<RoleProbeTarget, number>();
  /** The probe round each target last answered. */
  private readonly answeredRound = new Map<RoleProbeTarget, number>();
  private round = 0;

  constructor(
    readonly node: SimNode,
    private readonly net: Network,
    private readonly now: () => number,
    private readonly config: DbProxyConfig,
  ) {
    this.reset();
    node.hooks = { onCrash: () => this.reset(), onRestart: () => this.start() };
  }

  /** A fresh process: no writer known, no connections, nothing waiting. */
  private reset(): void {
    this.writer = null;
    this.backend = null;
    this.inFlight.clear();
    this.waiting = [];
    this.misses.clear();
    this.answeredRound.clear();
    const resolver = { resolve: () => this.writer, noAnswerError: 'proxy-no-writer' };
    this.pool = new ConnectionPool(this.net, this.node, resolver, this.now, (server) => this.config.serverAt(server)?.acceptsConnections() ?? false);
  }

  /** Starts probing (at once: a proxy learns its writer before it serves). */
  start(): void {
    this.probeRound();
  }

  acceptsConnections(): boolean {
    return this.node.isUp;
  }

  // ---- client requests ---------------------------------------------------------------------

  readonly onRequest = (c: EndpointCall): void => {
    if (!c.req.conn.validAt(this.node)) return c.respond(this.config.replyBytes(c.req.op, RESET), RESET);
    const f: Forward = { c, arrivedUs: this.now(), conn: null, done: false };
    this.node.defer(Math.round(this.config.latency()), this.route, f);
  };

  private readonly route = (f: Forward): void => {
    if (f.done) return;
    // The client closed its connection (it timed out): nobody waits for the answer.
    if (f.c.req.conn.state === 'closed') return void (f.done = true);
    if (this.writer === null) return void this.waiting.push(f);
    this.backend = this.pool.acquireFor(WRITER, this.connected, f) ?? this.backend;
  };

  /** The backend connection is open, or could not be had. */
  private readonly connected = (f: Forward, conn: Connection | null, error: string): void => {
    if (f.done) return;
    if (conn === null) {
      // Closed while connecting because the writer was dropped: the request was never sent.
      if (this.writer === null) return void this.waiting.push(f);
      return this.answer(f, { ok: false, error: `proxy-${error}`, maybeApplied: false });
    }
    const server = this.config.serverAt(conn.target);
    if (server === undefined) return this.answer(f, { ok: false, error: 'proxy-no-writer', maybeApplied: false });
    f.conn = conn;
    this.inFlight.add(f);
    const req: EndpointRequest = { conn, op: f.c.req.op };
    call<EndpointRequest, AttemptResult, Forward>(this.net, this.node, conn.target, this.config.requestBytes(f.c.req.op), server.onRequest, req, this.replied, f);
  };

  private readonly replied = (r: AttemptResult, f: Forward): void => {
    if (f.done) return;
    if (!r.ok && !this.config.keepConnectionOn.has(r.error) && f.conn !== null) {
      // The writer it forwards to refused as a non-writer would (or reset): look for the writer again.
      if (f.conn.target === this.writer && f.conn === this.backend) this.dropWriter(`${f.conn.target.name} answered ${r.error}`);
      else this.closeBackend(f.conn, 'proxy-backend-lost');
    }
    // The database's reset is of the proxy's backend connection, not of the client's.
    this.answer(f, !r.ok && r.error === 'connection-reset' ? { ok: false, error: 'proxy-backend-reset', maybeApplied: r.maybeApplied } : r);
  };

  private answer(f: Forward, r: AttemptResult): void {
    // Invariant: a client request is answered at most once (a late database reply after a
    // failover answered it is dropped here).
    if (f.done) return;
    f.done = true;
    this.inFlight.delete(f);
    f.c.respond(this.config.replyBytes(f.c.req.op, r), r);
  }

  /** Closes a backend connection; the requests in flight on it fail (a write's outcome unknown). */
  private closeBackend(conn: Connection, error: string): void {
    this.pool.close(conn, error);
    for (const f of [...this.inFlight]) if (f.conn === conn) this.answer(f, { ok: false, error, maybeApplied: f.c.req.op.kind === 'write' });
  }

  // ---- finding the writer ------------------------------------------------------------------

  private probeRound(): void {
    const round = ++this.round;
    for (const t of this.config.targets) probeRole(this.net, this.node, t, this.heard, { t, round });
    this.node.setTimer(this.config.probeTimeoutUs, () => this.roundTimedOut(round));
    this.node.setTimer(this.config.probeIntervalUs, () => this.probeRound());
    this.expireWaiting();
  }

  private readonly heard = (answer: RoleAnswer, p: { t: RoleProbeTarget; round: number }): void => {
    this.misses.set(p.t, 0);
    this.answeredRound.set(p.t, p.round);
    const e = p.t.endpoint;
    if (answer === 'writer' && this.writer === null) return this.adopt(e);
    if (answer === 'not-writer' && e === this.writer) this.dropWriter(`${e.name} says it is not the writer`);
  };

  private roundTimedOut(round: number): void {
    for (const t of this.config.targets) {
      if ((this.answeredRound.get(t) ?? 0) >= round) continue;
      const n = (this.misses.get(t) ?? 0) + 1;
      this.misses.set(t, n);
      if (t.endpoint === this.writer && n >= this.config.probeFailures) this.dropWriter(`${t.endpoint.name} missed ${n} probes`);
    }
  }

  private adopt(writer: Endpoint): void {
    this.writer = writer;
    this.config.events('proxy-writer', this.node.name, `forwards to ${writer.name}`);
    const waiting = this.waiting;
    this.waiting = [];
    for (const f of waiting) this.route(f);
  }

  private dropWriter(why: string): void {
    this.writer = null;
    this.config.events('proxy-failover', this.node.name, `${why}: holds new requests until a writer answers`);
    if (this.backend !== null) this.closeBackend(this.backend, 'proxy-failover');
    this.backend = null;
  }

  /** Requests that waited longer than the borrow timeout fail; ones whose client left are dropped. */
  private expireWaiting(): void {
    if (this.waiting.length === 0) return;
    const now = this.now();
    const keep: Forward[] = [];
    for (const f of this.waiting) {
      if (f.done || f.c.req.conn.state === 'closed') continue;
      if (now - f.arrivedUs >= this.config.borrowTimeoutUs) this.answer(f, { ok: false, error: 'proxy-borrow-timeout', maybeApplied: false });
      else keep.push(f);
    }
    this.waiting = keep;
  }
}

const RESET: AttemptResult = { ok: false, error: 'connection-reset', maybeApplied: false };
