// One Aurora DB instance: a node with a service queue, a role (writer or replica), a promotion
// tier and a status (available, starting, down). It holds no data of its own: the writer ships
// redo to the shared volume and reads pages from it; a replica follows the writer's redo stream
// and reads pages from the volume at its read point. It refuses what its role cannot serve.
// Leaves out: instance sizes (the tie-break after the tier), SQL and multi-key transactions.

import type { Call } from '../../sim/rpc.ts';
import type { EndpointRequest } from '../../sim/endpoint-driver.ts';
import type { SimNode } from '../../sim/node.ts';
import type { AttemptResult } from '../../sim/operation.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler } from '../../sim/distribution.ts';
import { CONTROL_BYTES, REQUEST_OVERHEAD_BYTES } from './redo.ts';
import { PageReader } from './page-reader.ts';
import { ReplicaApplier } from './replica.ts';
import type { StreamMessage } from './replica-feed.ts';
import type { WriterVolume } from './writer.ts';
import type { AuroraCluster } from './cluster.ts';

export type InstanceRole = 'writer' | 'replica';
export type InstanceStatus = 'available' | 'starting' | 'down';

/** A client's request and the reply it gets (sim/endpoint-driver.ts sends them). */
export type ClientRequest = EndpointRequest;
export type ClientReply = AttemptResult;

export class AuroraInstance {
  role: InstanceRole;
  status: InstanceStatus = 'available';
  readonly service: ServiceQueue;
  readonly reader: PageReader;
  readonly replica: ReplicaApplier;
  /** Set while this instance is the writer. */
  writer: WriterVolume | null = null;

  constructor(
    readonly cluster: AuroraCluster,
    readonly node: SimNode,
    role: InstanceRole,
    /** Promotion tier: 0 is promoted first, 15 last. */
    readonly tier: number,
  ) {
    this.role = role;
    node.roles = [role];
    const rng = cluster.sim.rng(`engine/aurora/${node.name}`);
    this.service = new ServiceQueue(node, cluster.opts.service.workers, sampler(cluster.opts.service.time, rng));
    this.reader = new PageReader(cluster, node, rng);
    this.replica = new ReplicaApplier(cluster, this);
    node.hooks = { onCrash: () => this.crashed(), onRestart: () => cluster.control.instanceRestarted(this) };
  }

  get name(): string {
    return this.node.name;
  }

  setRole(role: InstanceRole): void {
    this.role = role;
    this.node.roles = [role];
  }

  acceptsConnections(): boolean {
    return this.node.isUp && this.status === 'available';
  }

  // ---- client requests -------------------------------------------------------------------

  readonly onRequest = (c: Call<ClientRequest, ClientReply>): void => {
    const refusal = this.refusal(c);
    if (refusal !== null) return c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: refusal, maybeApplied: false });
    this.service.submit(this.serve, c);
  };

  private refusal(c: Call<ClientRequest, ClientReply>): string | null {
    if (!c.req.conn.validAt(this.node)) return 'connection-reset';
    if (this.status !== 'available') return 'unavailable';
    if (c.req.op.kind === 'write' && (this.role !== 'writer' || this.writer === null)) return 'read-only';
    // A strong read is a read from the writer: one that reaches another instance (a connection
    // kept, or a cached DNS answer, from before a failover) is refused, as a driver that checks
    // `innodb_read_only` on the cluster endpoint would, instead of being answered at replica lag.
    if (c.req.op.kind === 'read' && c.req.op.consistency === 'strong' && (this.role !== 'writer' || this.writer === null)) return 'not-writer';
    if (this.role === 'replica' && !this.replica.joined) return 'replica-not-ready';
    return null;
  }

  private readonly serve = (c: Call<ClientRequest, ClientReply>): void => {
    // The role may have changed while the request waited in the queue.
    const refusal = this.refusal(c);
    if (refusal !== null) return c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: refusal, maybeApplied: false });
    const op = c.req.op;
    if (this.role === 'writer' && this.writer !== null) {
      if (op.kind === 'write') this.writer.write(c, op.keyIndex, op.value!, op.sizeBytes);
      else this.writer.read(c, op.keyIndex);
      return;
    }
    this.replicaRead(c);
  };

  /** A replica reads the page from the volume at its read point. */
  private replicaRead(c: Call<ClientRequest, ClientReply>): void {
    const op = c.req.op;
    const pg = this.cluster.volume.pgOf(op.keyIndex);
    const order = this.reader.order(pg, () => true);
    this.reader.read({ pg, keyIndex: op.keyIndex, readPoint: this.replica.readPoint(), need: this.replica.pgApplied[pg] }, order, (r) => {
      if (r.ok) c.respond(REQUEST_OVERHEAD_BYTES + op.sizeBytes, { ok: true, value: r.value });
      else c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: r.error, maybeApplied: false });
    });
  }

  // ---- messages from other instances and storage ---------------------------------------------

  readonly onStream = (m: StreamMessage): void => {
    if (this.role === 'replica' && this.status === 'available') this.replica.onStream(m);
  };

  readonly onResync = (from: AuroraInstance): void => {
    if (this.writer?.state === 'open') this.writer.feed.attach(from);
  };

  readonly onFeedback = (m: { from: AuroraInstance; readPoint: number }): void => {
    this.writer?.feed.feedback(m.from, m.readPoint);
  };

  /**
   * Health checks: the host agent answers while the host runs; unhealthy when the writer lost its
   * volume (no read quorum reachable). A new writer still waiting for its first read quorum is not
   * failed over again: another instance would wait for the same segments.
   */
  readonly onHealthCheck = (c: Call<number, number>): void => c.respond(CONTROL_BYTES, this.status === 'down' || this.writer?.lostVolume === true ? -1 : 0);

  // ---- lifecycle -----------------------------------------------------------------------------

  private crashed(): void {
    this.status = 'down';
    this.writer?.stop(false);
    this.writer = null;
    this.replica.reset();
    this.service.reset();
  }

  /** Starts the database engine after `delayUs`, then runs `then`. */
  startEngine(delayUs: number, then: () => void): void {
    this.status = 'starting';
    this.node.defer(delayUs, () => {
      this.status = 'available';
      then();
    });
  }
}
