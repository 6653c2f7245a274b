// A request router (role `router`, one or more per AZ): it takes a client's request, charges its
// capacity units to the partition (admission.ts; a request that does not fit is answered
// `throttled` at once and never reaches storage), and forwards it: writes and strong or
// transactional reads to the partition's leader, eventual reads to a replica picked at random
// among those it does not suspect.
// It learns leadership from leaders' announcements, from a replica's `not-leader` answer naming
// another leader (it then forwards once more, there), and after a timeout by asking every replica
// of the partition who leads. A forwarded request unanswered within `router_timeout` fails
// (`timeout`, possibly applied for a write); an eventual read then tries one other replica, and
// the silent replica is avoided for `router_suspect`. A crash loses what the router knew.
// A request whose signature time is more than five minutes from the router's clock is refused
// before anything else (request-signature.ts): what waited that long in a paused router is
// never forwarded; what waited less is, even though its client gave up long ago.
// With `lsis`, a write is charged its local secondary indexes' units too.
// A query by index key (Operation.index) is answered from the global secondary index's copy of
// the key (global-secondary-index.ts), once the router has served it: the GSI's partitions are
// not nodes, so a query takes no storage node's time and no capacity units.
// Leaves out: the metadata service (routers ask the replicas directly), authentication beyond
// the signature's time, and request routers' connection pools.

import { call, type Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { Operation, AttemptResult } from '../../sim/operation.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler } from '../../sim/distribution.ts';
import type { Rng } from '../../sim/rng.ts';
import { readUnits, writeUnits } from './capacity-math.ts';
import { REQUEST_BYTES, type LeaderInfo, type ReplicaRef, type RequestKind, type StorageReply, type StorageRequest } from './messages.ts';
import type { DynamoOptions } from './options.ts';
import { signatureRefusal } from './request-signature.ts';

export interface RouterParts {
  opts: Pick<DynamoOptions, 'routerService' | 'routerTimeoutUs' | 'routerSuspectUs' | 'transactional' | 'lsis'>;
  network: Network;
  now: () => number;
  rng: Rng;
  /** The replicas of each partition, in replica-AZ order. */
  partitions: readonly (readonly ReplicaRef[])[];
  partitionOf(keyIndex: number): number;
  /** Capacity admission (admission.ts): does the request fit the partition's units now? */
  admission: { admit(partition: number, dim: 'read' | 'write', units: number, nowUs: number, keyIndex?: number): boolean };
  /** An emitter bound to each partition's domain. */
  events: readonly DomainEvents[];
  /** The table's global secondary index, which serves queries by index key (null: none). */
  gsi?: { query(keyIndex: number, invokeUs: number): number | null } | null;
  /** Global tables in strong mode: who coordinates this region's writes (absent otherwise). */
  coordinator?: GlobalCoordinator;
}

/** What a client (or a DAX node) sends a router. */
export interface RouterRequest {
  op: Operation;
  /** The signer's clock when it signed this attempt (SigV4's X-Amz-Date), in us. */
  signedAtUs: number;
}

/** Where a forwarded request's answer goes: the client's call, or a global table's replication. */
export interface Answer {
  respond(bytes: number, result: AttemptResult): void;
}

/**
 * Global tables in strong mode: a region's client write (strong-replication.ts) and strong read
 * (strong-reads.ts) are coordinated with the other regions besides going to this region's leader.
 */
export interface GlobalCoordinator {
  write(router: Router, answer: Answer, partition: number, req: StorageRequest): void;
  read(router: Router, answer: Answer, partition: number, req: StorageRequest): void;
}

interface Forward {
  call: Answer;
  partition: number;
  req: StorageRequest;
  target: ReplicaRef;
  tries: number;
  done: boolean;
  timer: number;
}

export interface LeaderAnnouncement {
  partition: number;
  term: number;
  leader: ReplicaRef;
}

export class Router {
  private readonly service: ServiceQueue;
  private readonly rng: Rng;
  private leaders: (ReplicaRef | null)[] = [];
  private terms: number[] = [];
  private refreshing: boolean[] = [];
  /** True time until which a replica is avoided for eventual reads. */
  private readonly suspectUntil = new Map<ReplicaRef, number>();

  private readonly opts: RouterParts['opts'];

  constructor(
    private readonly parts: RouterParts,
    readonly node: SimNode,
  ) {
    this.opts = parts.opts;
    this.rng = parts.rng;
    const s = parts.opts.routerService;
    this.service = new ServiceQueue(node, s.workers, sampler(s.time, this.rng));
    this.forget();
    node.hooks = {
      onCrash: () => this.forget(),
      onRestart: () => {
        for (let p = 0; p < this.leaders.length; p++) this.refresh(p);
      },
    };
  }

  /** Starts knowing the table's initial leaders (partition metadata at creation). */
  learnInitial(partition: number, term: number, leader: ReplicaRef): void {
    this.leaders[partition] = leader;
    this.terms[partition] = term;
  }

  private forget(): void {
    const n = this.parts.partitions.length;
    this.leaders = new Array<ReplicaRef | null>(n).fill(null);
    this.terms = new Array<number>(n).fill(0);
    this.refreshing = new Array<boolean>(n).fill(false);
    this.suspectUntil.clear();
  }

  private get now(): number {
    return this.parts.now();
  }

  // ---- leadership ----------------------------------------------------------------------------

  private learn(partition: number, term: number, leader: ReplicaRef | null): void {
    if (leader === null || term < this.terms[partition]) return;
    this.terms[partition] = term;
    this.leaders[partition] = leader;
  }

  readonly onAnnounce = (a: LeaderAnnouncement): void => this.learn(a.partition, a.term, a.leader);

  /** Asks every replica of the partition who leads; at most one round at a time. */
  private refresh(partition: number): void {
    if (this.refreshing[partition]) return;
    this.refreshing[partition] = true;
    const inc = this.node.incarnation;
    for (const r of this.parts.partitions[partition]) {
      call<null, LeaderInfo>(this.parts.network, this.node, r.node, REQUEST_BYTES, r.onLeaderQuery, null, (info) => {
        if (this.node.incarnation === inc) this.learn(partition, info.term, info.leader);
      });
    }
    this.node.setTimer(this.opts.routerTimeoutUs, () => {
      this.refreshing[partition] = false;
    });
  }

  /** Runs `fn` as one of this router's requests (its queue and service time): replication traffic. */
  serve(fn: (arg: any) => void, arg?: unknown): void {
    this.service.submit(fn, arg);
  }

  // ---- requests ------------------------------------------------------------------------------

  readonly onRequest = (c: Call<RouterRequest, AttemptResult>): void => {
    this.service.submit(this.route, c);
  };

  private readonly route = (c: Call<RouterRequest, AttemptResult>): void => {
    const op = c.req.op;
    const opts = this.opts;
    const expired = signatureRefusal(c.req.signedAtUs, this.node.localNow());
    if (expired !== null) {
      const ageS = (this.node.localNow() - c.req.signedAtUs) / 1e6;
      this.parts.events[this.parts.partitionOf(op.keyIndex)](expired, this.node.name, `${op.kind} signed ${ageS.toFixed(1)} s ago by the router's clock: refused, not forwarded`);
      return c.respond(REQUEST_BYTES, { ok: false, error: expired, maybeApplied: false });
    }
    const gsi = this.parts.gsi;
    if (op.index === true && gsi != null) return c.respond(REQUEST_BYTES + op.sizeBytes, { ok: true, value: gsi.query(op.keyIndex, op.invokeUs) });
    const partition = this.parts.partitionOf(op.keyIndex);
    const kind: RequestKind = op.kind === 'write' ? 'write' : opts.transactional ? 'transactional' : op.consistency;
    // A write also writes each local secondary index (projecting the whole item) on the same
    // partition, from the base table's capacity (AWS: the write's cost is the table's plus its LSIs').
    const units = kind === 'write' ? writeUnits(op.sizeBytes, opts.transactional) * (1 + opts.lsis) : readUnits(op.sizeBytes, kind);
    if (!this.parts.admission.admit(partition, kind === 'write' ? 'write' : 'read', units, this.now, op.keyIndex)) {
      return c.respond(REQUEST_BYTES, { ok: false, error: 'throttled', maybeApplied: false });
    }
    const req: StorageRequest = { kind, keyIndex: op.keyIndex, value: op.value, sizeBytes: op.sizeBytes };
    const coordinator = this.parts.coordinator;
    if (coordinator !== undefined && kind === 'write') return coordinator.write(this, c, partition, req);
    if (coordinator !== undefined && kind === 'strong') return coordinator.read(this, c, partition, req);
    const target = kind === 'eventual' ? this.pickReplica(partition, null) : this.leaders[partition];
    if (target === null) {
      this.refresh(partition);
      return c.respond(REQUEST_BYTES, { ok: false, error: 'unavailable', maybeApplied: false });
    }
    this.forward({ call: c, partition, req, target, tries: 0, done: false, timer: -1 });
  };

  /**
   * A write to this region's leader of `partition` on another's behalf (a global table's
   * replication or its coordinator): answered through `answer`, failing at once when no leader is known.
   */
  toLeader(partition: number, req: StorageRequest, answer: Answer): void {
    const target = this.leaders[partition];
    if (target === null || this.node.state !== 'up') {
      if (target === null) this.refresh(partition);
      return answer.respond(REQUEST_BYTES, { ok: false, error: 'unavailable', maybeApplied: false });
    }
    this.forward({ call: answer, partition, req, target, tries: 0, done: false, timer: -1 });
  }

  /** A replica for an eventual read: random among the unsuspected ones (any, if all are suspect). */
  private pickReplica(partition: number, not: ReplicaRef | null): ReplicaRef {
    const all = this.parts.partitions[partition];
    const now = this.now;
    let trusted = 0;
    for (const r of all) if (r !== not && (this.suspectUntil.get(r) ?? -1) <= now) trusted++;
    const strict = trusted > 0;
    let k = this.rng.int(strict ? trusted : all.length - (not === null ? 0 : 1));
    for (const r of all) {
      if (r === not || (strict && (this.suspectUntil.get(r) ?? -1) > now)) continue;
      if (k-- === 0) return r;
    }
    return all[0];
  }

  private forward(f: Forward): void {
    f.tries++;
    f.done = false;
    const bytes = REQUEST_BYTES + (f.req.kind === 'write' ? f.req.sizeBytes : 0);
    const target = f.target;
    const inc = this.node.incarnation;
    call<StorageRequest, StorageReply>(this.parts.network, this.node, target.node, bytes, target.onRequest, f.req, (reply) => {
      if (this.node.incarnation === inc && f.target === target) this.answered(f, reply);
    });
    f.timer = this.node.setTimer(this.opts.routerTimeoutUs, this.timedOut, f);
  }

  private answered(f: Forward, reply: StorageReply): void {
    if (f.done) return;
    f.done = true;
    this.node.cancelTimer(f.timer);
    if (reply.ok) return f.call.respond(REQUEST_BYTES + (f.req.kind === 'write' ? 0 : f.req.sizeBytes), reply);
    if (reply.hint !== undefined) this.learn(f.partition, reply.hint.term, reply.hint.leader);
    if (f.tries < 2) {
      if (f.req.kind === 'eventual') {
        f.target = this.pickReplica(f.partition, f.target);
        return this.forward(f);
      }
      const leader = this.leaders[f.partition];
      if (reply.error === 'not-leader' && !reply.maybeApplied && leader !== null && leader !== f.target) {
        f.target = leader;
        return this.forward(f);
      }
    }
    if (reply.error === 'not-leader') this.refresh(f.partition);
    f.call.respond(REQUEST_BYTES, { ok: false, error: reply.error, maybeApplied: reply.maybeApplied, ...(reply.final === true ? { final: true } : {}) });
  }

  private readonly timedOut = (f: Forward): void => {
    if (f.done) return;
    f.done = true;
    this.suspectUntil.set(f.target, this.now + this.opts.routerSuspectUs);
    if (f.req.kind === 'eventual' && f.tries < 2) {
      f.target = this.pickReplica(f.partition, f.target);
      return this.forward(f);
    }
    if (f.req.kind !== 'eventual') this.refresh(f.partition);
    f.call.respond(REQUEST_BYTES, { ok: false, error: 'timeout', maybeApplied: f.req.kind === 'write' });
  };
}
