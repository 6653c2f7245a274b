// One Aurora DB instance: a node with a service queue, a role (writer or replica), a promotion
// tier and a status (available, starting, down). It holds no data of its own: the writer ships
// redo to the shared volume and reads pages from it; a replica follows the writer's redo stream
// and reads pages from the volume at its read point. It refuses what its role cannot serve.
// The control plane changes it only by commands that arrive over the network (control-messages.ts),
// and learns of it only from its health answers and reports.
// Leaves out: instance memory and bandwidth (a class sets only workers and size: instance-class.ts), SQL and multi-key transactions.

import { call, type Call } from '../../sim/rpc.ts';
import { serveCommand } from '../../sim/command.ts';
import type { ControlCommand, HealthAnswer, InstanceReport, InstanceRole, InstanceStatus, ManagedInstance } from './control-messages.ts';
import type { EndpointRequest } from '../../sim/endpoint-driver.ts';
import type { SimNode } from '../../sim/node.ts';
import type { AttemptResult } from '../../sim/operation.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler } from '../../sim/distribution.ts';
import { CONTROL_BYTES, REQUEST_OVERHEAD_BYTES } from './redo.ts';
import { PageReader } from './page-reader.ts';
import { ReplicaApplier, type FollowedWriter } from './replica.ts';
import type { FeedTarget, StreamMessage } from './replica-feed.ts';
import type { WriterVolume } from './writer.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { StorageNode } from './storage-node.ts';
import type { Volume } from './volume.ts';
import type { AuroraOptions } from './options.ts';
import type { PeerNews, ReadPointFeedback } from './peer-news.ts';
import { ReplicaRoster, type PeerView } from './replica-roster.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';

export interface InstanceParts {
  opts: Pick<AuroraOptions, 'service' | 'protectionGroups' | 'replicaApply' | 'storageTimeoutUs' | 'quorumProbeIntervalUs'>;
  network: Network;
  now: () => number;
  /** Streams for the instance's service times and page reads, and for its replica's apply times. */
  rng: Rng;
  applyRng: Rng;
  volume: Volume<StorageNode>;
  /** The writer the control plane names, for a replica's resync and feedback. */
  writer(): FollowedWriter | null;
  /** Reports one replication-lag sample of this instance. */
  lag(replica: string, lagUs: number): void;
  /** One draw of this instance's engine start-up time. */
  startTime(): number;
  /**
   * A writer of the volume on this instance under `epoch`: `opened` runs when it first opens for
   * writes, `deposed` when it learns of a newer writer; `replicas` gives whom it streams to.
   */
  newWriter(epoch: number, opened: () => void, deposed: () => void, replicas: () => readonly FeedTarget[]): WriterVolume;
  /** The other instances of the cluster in its order, each in the role it starts in (the initial topology). */
  peers(): readonly { target: FeedTarget; role: InstanceRole }[];
  /** Sends a report to the control plane (a message from this instance's node). */
  report(from: AuroraInstance, r: InstanceReport): void;
  /** The event log (what the instance does on its own, with no command behind it). */
  events: DomainEvents;
  /** Write forwarding (a global database's secondary reader): the writer a client's write is forwarded to, null when none is known. */
  forwardTo?(): AuroraInstance | null;
}

export type { InstanceRole, InstanceStatus } from './control-messages.ts';

/** A client's request and the reply it gets (sim/endpoint-driver.ts sends them). */
export type ClientRequest = EndpointRequest;
export type ClientReply = AttemptResult;

// Field owners: every field below is written in this file only (the control plane sends commands,
// peers send messages; nobody else assigns them). `node.roles` is written here too (setRole); the
// node's up/down state belongs to sim/node.ts. Inside the parts: the stream position fields of
// `replica` are written in replica.ts, the writer's volume state in writer.ts, the roster's
// entries in replica-roster.ts (on messages this file hands it).
export class AuroraInstance implements FeedTarget, ManagedInstance {
  /** Written by setRole (commands: promote, open-writer, step-down, start, follow). */
  private currentRole: InstanceRole;
  // Invariant: only this file writes the role, the status and the writer; the control plane sends commands.
  /** Written by crashed, startEngine and promote. */
  private currentStatus: InstanceStatus = 'available';
  /** Written by becomeWriter, stepDown and crashed. */
  private currentWriter: WriterVolume | null = null;
  /** The newest writer epoch a command named: an older promotion's command is stale. */
  private epochSeen = 0;
  /** Bumped by every start of the engine or promotion, so a superseded one does not finish. */
  private startGen = 0;
  /** This instance's view of the others, from messages only (made on first use: the peers exist by then). */
  private peerRoster: ReplicaRoster | null = null;
  private readonly parts: InstanceParts;
  readonly service: ServiceQueue;
  readonly reader: PageReader;
  readonly replica: ReplicaApplier;
  private readonly volume: Volume<StorageNode>;

  constructor(
    readonly node: SimNode,
    parts: InstanceParts,
    role: InstanceRole,
    /** Promotion tier: 0 is promoted first, 15 last. */
    readonly tier: number,
    /** Its class's vCPUs (0: no class given): within a tier, the largest is promoted. */
    readonly size: number = 0,
  ) {
    this.currentRole = role;
    node.roles = [role];
    this.parts = parts;
    this.volume = parts.volume;
    this.service = new ServiceQueue(node, parts.opts.service.workers, sampler(parts.opts.service.time, parts.rng));
    this.reader = new PageReader(parts, node, parts.rng);
    this.replica = new ReplicaApplier({ ...parts, rng: parts.applyRng, self: this, news: () => this.news(), lag: (lagUs) => parts.lag(node.name, lagUs) });
    // The host agent tells the control plane it is back; the control plane decides what it starts as.
    node.hooks = { onCrash: () => this.crashed(), onRestart: () => parts.report(this, { kind: 'restarted' }) };
  }

  get role(): InstanceRole {
    return this.currentRole;
  }

  get status(): InstanceStatus {
    return this.currentStatus;
  }

  /** Set while this instance is the writer. */
  get writer(): WriterVolume | null {
    return this.currentWriter;
  }

  get name(): string {
    return this.node.name;
  }

  /** What this instance's messages say of it. */
  private news(): PeerNews {
    return { target: this, role: this.currentRole, status: this.currentStatus };
  }

  private get roster(): ReplicaRoster {
    return (this.peerRoster ??= new ReplicaRoster(this.parts.peers(), this.parts.now));
  }

  /** How this instance sees the instance on `nodeName`, from the messages it received (undefined for itself or a stranger). */
  peerView(nodeName: string): PeerView | undefined {
    return this.roster.viewOf(nodeName);
  }

  /** A writer on this instance: it streams to the replicas this instance's view holds. */
  private newWriter(epoch: number, opened: () => void): WriterVolume {
    return this.parts.newWriter(epoch, opened, () => this.fenced(epoch), () => this.roster.availableReplicas());
  }

  /**
   * Storage (or a read fence) rejected this writer's epoch: a newer writer exists. It tells the
   * control plane, and its process restarts, as an Aurora instance that finds itself fenced does:
   * the restart drops its client connections, so clients look the cluster endpoint up again
   * instead of waiting on a writer that can no longer write, even when the control plane cannot
   * reach it to demote it. The control plane starts it as a replica once it hears of the restart
   * (its report, or a health answer saying it is down). The restart waits for the current event
   * to end (the writer's handler that learned the news finishes first); news heard again meanwhile
   * restarts it once (the older process's timers die with it).
   */
  private fenced(epoch: number): void {
    this.parts.report(this, { kind: 'deposed', epoch });
    this.node.defer(0, this.restartFenced, epoch);
  }

  private readonly restartFenced = (epoch: number): void => {
    if (this.currentWriter === null) return;
    this.parts.events('stepped-down', this.name, `storage fenced its epoch ${epoch}: it restarts, dropping its client connections`);
    this.node.crash();
    this.node.restart();
  };

  private hear(peers: readonly PeerNews[]): void {
    for (const p of peers) this.roster.heard(p);
  }

  private setRole(role: InstanceRole): void {
    this.currentRole = role;
    this.node.roles = [role];
  }

  /** The initial topology (before the run): the writer of a brand-new volume, open at once. */
  openFresh(epoch: number): void {
    this.epochSeen = epoch;
    const w = this.newWriter(epoch, () => {});
    this.becomeWriter(w);
    w.openFresh();
  }

  // ---- commands from the control plane -------------------------------------------------------

  /** A command arrived: it is answered at once, 1 when carried out (or under way), 0 when refused. */
  readonly onCommand = (c: Call<ControlCommand, number>): void => serveCommand(c, this.node, CONTROL_BYTES, this.obey);

  private readonly obey = (m: ControlCommand): boolean => {
    switch (m.kind) {
      case 'promote':
        if (!this.promote(m.epoch, m.delayUs)) return false;
        this.hear(m.peers);
        return true;
      case 'open-writer':
        if (m.epoch <= this.epochSeen || this.status !== 'available' || this.role !== 'writer') return false;
        this.hear(m.peers);
        this.openWriter(m.epoch, 0);
        return true;
      case 'step-down':
        this.stepDown();
        return true;
      case 'start':
        if (this.status !== 'down') return false;
        this.setRole(m.role);
        this.startEngine(() => this.parts.report(this, { kind: 'engine-started' }));
        return true;
      case 'follow':
        if (this.currentWriter !== null) return false;
        this.setRole('replica');
        if (m.writer !== null && this.status === 'available') this.replica.requestJoin(m.writer);
        return true;
      default:
        return false;
    }
  };

  /** Takes the volume as its writer (the stream it followed as a replica is dropped). */
  private becomeWriter(w: WriterVolume): void {
    this.setRole('writer');
    this.replica.reset();
    this.currentWriter = w;
  }

  /** Opens a writer of `epoch` and recovers the volume from `lowerBound`; the control plane hears when it opens. */
  private openWriter(epoch: number, lowerBound: number): void {
    this.epochSeen = epoch;
    const w = this.newWriter(epoch, () => this.parts.report(this, { kind: 'writer-opened', epoch, vdl: w.vdl }));
    this.becomeWriter(w);
    w.recover(epoch, lowerBound);
  }

  /** Stops writing (deposed or failed over): pending writes fail; a running writer restarts its engine as a replica. */
  private stepDown(): void {
    const w = this.currentWriter;
    if (w !== null) w.stop(true);
    this.currentWriter = null;
    this.setRole('replica');
    if (w !== null && this.status !== 'down') this.startEngine(() => this.parts.report(this, { kind: 'engine-started' }));
  }

  /**
   * Restarts in writer mode after `delayUs` (a promotion): the stream is dropped at once; then
   * the volume is recovered under `epoch` from the durable point the replica last knew (a lower
   * bound for the recovery). A command for an older epoch than one seen is stale and ignored.
   */
  private promote(epoch: number, delayUs: number): boolean {
    if (epoch <= this.epochSeen || this.status !== 'available' || this.currentWriter !== null) return false;
    this.epochSeen = epoch;
    this.currentStatus = 'starting';
    this.replica.reset();
    const knownVdl = this.replica.knownVdl;
    const gen = ++this.startGen;
    this.node.defer(delayUs, () => {
      if (gen !== this.startGen) return;
      this.currentStatus = 'available';
      this.parts.report(this, { kind: 'writer-started', epoch });
      this.openWriter(epoch, knownVdl);
    });
    return true;
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
    if (c.req.op.kind === 'write' && (this.role !== 'writer' || this.writer === null) && (this.parts.forwardTo === undefined || this.role !== 'replica')) return 'read-only';
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
    if (op.kind === 'write') return this.forward(c);
    this.replicaRead(c);
  };

  /**
   * Write forwarding: a write reaching a secondary reader goes to the primary's writer over the
   * inter-region link, and its answer comes back the same way (no read-your-write wait: reads
   * after it see it once it replicated back, the `eventual` read consistency).
   */
  private forward(c: Call<ClientRequest, ClientReply>): void {
    const w = this.parts.forwardTo!();
    if (w === null) return c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: 'read-only', maybeApplied: false });
    const op = c.req.op;
    call<ClientRequest, ClientReply>(this.parts.network, this.node, w.node, REQUEST_OVERHEAD_BYTES + op.sizeBytes, w.onForwardedWrite, c.req, (r) => c.respond(REQUEST_OVERHEAD_BYTES, r));
  }

  /** A write a secondary reader forwarded: served as a client's write on the writer (no connection of its own). */
  readonly onForwardedWrite = (c: Call<ClientRequest, ClientReply>): void => {
    if (!this.node.isUp || this.status !== 'available' || this.role !== 'writer' || this.writer === null) return c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: 'read-only', maybeApplied: false });
    this.service.submit(this.serveForwarded, c);
  };

  private readonly serveForwarded = (c: Call<ClientRequest, ClientReply>): void => {
    const op = c.req.op;
    if (this.role !== 'writer' || this.writer === null) return c.respond(REQUEST_OVERHEAD_BYTES, { ok: false, error: 'read-only', maybeApplied: false });
    this.writer.write(c, op.keyIndex, op.value!, op.sizeBytes);
  };

  /** A replica reads the page from the volume at its read point. */
  private replicaRead(c: Call<ClientRequest, ClientReply>): void {
    const op = c.req.op;
    const pg = this.volume.pgOf(op.keyIndex);
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

  /** A replica asks for a snapshot of the stream (a gap, or it was told to follow this writer). */
  readonly onResync = (from: PeerNews): void => {
    this.roster.heard(from);
    if (this.writer?.state === 'open') this.writer.feed.attach(from.target);
  };

  readonly onFeedback = (m: ReadPointFeedback): void => {
    this.roster.heard(m);
    this.writer?.feed.feedback(m.target, m.readPoint);
  };

  /**
   * Health checks: the host agent answers while the host runs; unhealthy when the writer lost its
   * volume (no read quorum reachable). A new writer still waiting for its first read quorum is not
   * failed over again: another instance would wait for the same segments.
   */
  readonly onHealthCheck = (c: Call<number, HealthAnswer>): void =>
    c.respond(CONTROL_BYTES, { from: this, role: this.role, status: this.status, lostVolume: this.writer?.lostVolume === true });

  // ---- lifecycle -----------------------------------------------------------------------------

  private crashed(): void {
    this.currentStatus = 'down';
    this.currentWriter?.stop(false);
    this.currentWriter = null;
    this.replica.reset();
    this.service.reset();
  }

  /** Starts the database engine (its own start-up time), then runs `then`. */
  private startEngine(then: () => void): void {
    this.currentStatus = 'starting';
    const gen = ++this.startGen;
    this.node.defer(Math.round(this.parts.startTime()), () => {
      if (gen !== this.startGen) return;
      this.currentStatus = 'available';
      then();
    });
  }
}
