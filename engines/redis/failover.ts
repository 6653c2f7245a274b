// Replica election and primary voting (REFERENCE-FIGURES.md D #69-#71; cluster spec "Replica
// election and promotion"), plus the manual failover an operator starts.
//   A replica whose primary is FAIL (and serves slots) schedules its election at
//     now + failover_delay + random(0..failover_jitter) + rank x failover_rank_delay,
//   rank = how many sibling replicas advertised a higher replication offset (re-ranked, and
//   delayed further, if it drops before the election starts). A replica whose link to its
//   primary has been silent longer than node_timeout x replica_validity_factor +
//   repl_ping_replica_period (beyond the node_timeout the failure itself took) is not eligible.
//   The election: currentEpoch + 1, FAILOVER_AUTH_REQUEST to every node; a win needs acks from a
//   majority of the slot-serving primaries within failover_auth_timeout, else it is abandoned
//   and retried after twice that.
//   A primary votes when it serves slots, the request's epoch is not below its own, it has not
//   voted in this epoch, the candidate's primary is FAIL in its view (unless forced by a manual
//   failover), it has not voted for a replica of that primary within 2 x node_timeout, and no
//   slot of that shard has a newer config epoch than the candidate claims.
//   The winner takes a config epoch above all others, serves the shard and tells every node.
//   Manual (CLUSTER FAILOVER): the primary pauses writes, tells its offset; the replica catches
//   up, then stands at once with forced acks; paused writes resume (or are redirected) after.
//   ElastiCache (`elasticache: true`): replicas never stand on their own; the control plane
//   (elasticache.ts) tells the least-lagged one to take over (no votes, a bumped epoch).
// Leaves out: replica migration and the no-failover flag per node.

import type { SimNode } from '../../sim/node.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import type { BusHeader, BusMessage, BusMessageOf, ElectionMessage } from './messages.ts';
import type { ClusterView } from './cluster-view.ts';
import type { RedisOptions } from './options.ts';
import type { SafetyLedger } from './safety-invariants.ts';
import type { EventKind } from '../../sim/event-kinds.ts';

/** CLUSTER_MF_TIMEOUT: a manual failover not done in this long is aborted. */
const MANUAL_TIMEOUT_US = 5_000_000;

/** What elections read of their own node, and the changes they ask of it. */
export interface FailoverHost {
  readonly idx: number;
  readonly name: string;
  readonly shard: number;
  readonly role: 'primary' | 'replica';
  readonly primaryOf: number;
  readonly configEpoch: number;
  readonly offset: number;
  /** The node's cluster state: elections raise its current epoch and record its votes. */
  readonly view: ClusterView;
  /** Won (or took over): serve the shard under `configEpoch`. */
  becomePrimary(configEpoch: number, why: string): void;
  /** A manual failover's pause of writes is over. */
  resumeWrites(): void;
}

/** The node's bus, as elections send on it. */
export interface FailoverBus {
  header(): BusHeader;
  send(to: number, m: BusMessage): void;
  broadcast(m: BusMessage): void;
}

export interface FailoverParts {
  opts: Pick<
    RedisOptions,
    'elasticache' | 'nodeTimeoutUs' | 'replicaValidityFactor' | 'replPingReplicaPeriodUs' | 'failoverAuthTimeoutUs' | 'failoverDelayUs' | 'failoverJitterUs' | 'failoverRankDelayUs'
  >;
  node: SimNode;
  rng: Rng;
  events: DomainEvents;
  host: FailoverHost;
  bus: FailoverBus;
  /** The replica's link to its primary: when anything last came over it (local time). */
  link: { readonly lastInteractionLocal: number };
  /** The simulator's record of votes and winners. */
  ledger: Pick<SafetyLedger, 'vote' | 'elected'>;
  /** Every node of the cluster, by index: named in events. */
  peers: readonly { readonly name: string }[];
}

export class Failover {
  /** When the scheduled election starts (-Infinity: none scheduled). */
  private authTimeLocal = -Infinity;
  private authSent = false;
  private authEpoch = 0;
  private rank = 0;
  private readonly votes = new Set<number>();
  private timer = -1;
  private ineligibleReported = false;
  private expiredReported = false;
  /** Replica side of a manual failover: the primary's offset to reach (-1 until known). */
  private manual: { deadlineLocal: number; primaryOffset: number } | null = null;
  /** Primary side of a manual failover: writes wait until then. */
  private pausedUntilLocal = -Infinity;
  private readonly n: FailoverHost;
  private readonly opts: FailoverParts['opts'];

  constructor(private readonly parts: FailoverParts) {
    this.n = parts.host;
    this.opts = parts.opts;
  }

  private emit(kind: EventKind, detail: string): void {
    this.parts.events(kind, this.n.name, detail);
  }

  private localNow(): number {
    return this.parts.node.localNow();
  }

  /** Are writes held by a manual failover's pause (this node being the primary)? */
  writesPaused(nowLocal: number): boolean {
    return nowLocal < this.pausedUntilLocal;
  }

  /** The pause is over (the manual failover went through, or timed out). */
  endPause(): void {
    this.pausedUntilLocal = -Infinity;
  }

  /** The process died or the role changed: forget elections and pauses in progress. */
  reset(): void {
    this.authTimeLocal = -Infinity;
    this.authSent = false;
    this.votes.clear();
    this.manual = null;
    this.pausedUntilLocal = -Infinity;
    this.ineligibleReported = false;
    if (this.timer >= 0) this.parts.node.cancelTimer(this.timer);
    this.timer = -1;
  }

  /** Siblings (replicas of the same primary, as advertised) with a higher offset. */
  private computeRank(): number {
    const n = this.n;
    let rank = 0;
    for (const p of n.view.peers) if (p.idx !== n.idx && p.role === 'replica' && p.primaryOf === n.primaryOf && p.offset > n.offset) rank++;
    return rank;
  }

  /** clusterHandleSlaveFailover: run from the cron, on FAIL, on votes, and at the election time. */
  check(): void {
    const n = this.n;
    if (n.role !== 'replica' || n.primaryOf < 0) return;
    const view = n.view;
    const now = this.localNow();
    const o = this.opts;
    if (this.manual !== null && now > this.manual.deadlineLocal) {
      this.emit('manual-failover-aborted', `${this.parts.peers[n.primaryOf].name} not caught up with in time`);
      this.manual = null;
    }
    const manual = this.manual !== null && this.manual.primaryOffset >= 0 && n.offset >= this.manual.primaryOffset;
    const primary = view.peers[n.primaryOf];
    if (!primary.fail && !manual) return;
    if (view.shardOf(n.primaryOf) < 0) return;
    if (o.elasticache && !manual) return;
    if (!manual && o.replicaValidityFactor > 0) {
      let age = now - this.parts.link.lastInteractionLocal;
      if (age > o.nodeTimeoutUs) age -= o.nodeTimeoutUs;
      if (age > o.nodeTimeoutUs * o.replicaValidityFactor + o.replPingReplicaPeriodUs) {
        if (!this.ineligibleReported) this.emit('failover-ineligible', `data too old: last heard from its primary ${(age / 1e6).toFixed(1)} s (+ node_timeout) ago`);
        this.ineligibleReported = true;
        return;
      }
    }
    const timeout = o.failoverAuthTimeoutUs;
    if (now - this.authTimeLocal > 2 * timeout) {
      this.rank = manual ? 0 : this.computeRank();
      const delay = manual ? 0 : o.failoverDelayUs + Math.round(this.parts.rng.uniform() * o.failoverJitterUs) + this.rank * o.failoverRankDelayUs;
      this.authTimeLocal = now + delay;
      this.authSent = false;
      this.expiredReported = false;
      this.votes.clear();
      this.arm(delay);
      this.emit('election-scheduled', `in ${(delay / 1000).toFixed(0)} ms (rank ${this.rank}, offset ${n.offset})`);
      // Tell the siblings this replica's offset, so their ranks are right.
      for (const p of view.peers) if (p.role === 'replica' && p.primaryOf === n.primaryOf && p.idx !== n.idx) this.parts.bus.send(p.idx, { kind: 'pong', header: this.parts.bus.header(), gossip: [] });
      if (delay > 0) return;
    }
    if (!this.authSent && !manual) {
      const rank = this.computeRank();
      if (rank > this.rank) {
        const added = (rank - this.rank) * o.failoverRankDelayUs;
        this.authTimeLocal += added;
        this.rank = rank;
        this.arm(this.authTimeLocal - now);
        this.emit('election-rescheduled', `rank ${rank} (a sibling has a higher offset): ${(added / 1000).toFixed(0)} ms later`);
      }
    }
    if (now < this.authTimeLocal) return;
    if (now - this.authTimeLocal > timeout) {
      if (!this.expiredReported) this.emit('election-failed', `epoch ${this.authEpoch}: ${this.votes.size} of ${view.quorum()} votes within ${(timeout / 1e6).toFixed(0)} s`);
      this.expiredReported = true;
      return;
    }
    if (!this.authSent) {
      this.authEpoch = view.nextEpoch();
      this.authSent = true;
      const shard = view.shardOf(n.primaryOf);
      this.emit('election-started', `epoch ${this.authEpoch}, rank ${this.rank}, offset ${n.offset}${manual ? ' (manual)' : ''}`);
      this.parts.bus.broadcast({ kind: 'auth-request', header: this.parts.bus.header(), shard, primary: n.primaryOf, primaryEpoch: view.ownerEpoch[shard], force: manual });
      return;
    }
    if (this.votes.size >= view.quorum()) this.win();
  }

  private arm(delayUs: number): void {
    if (this.timer >= 0) this.parts.node.cancelTimer(this.timer);
    this.timer = this.parts.node.setTimer(Math.max(0, delayUs), () => {
      this.timer = -1;
      this.check();
    });
  }

  private win(): void {
    const n = this.n;
    const votes = this.votes.size;
    this.manual = null;
    const epoch = Math.max(n.configEpoch, this.authEpoch);
    this.parts.ledger.elected(n, epoch);
    n.becomePrimary(epoch, `won the election: epoch ${this.authEpoch}, ${votes} of ${n.view.shards} primaries voted`);
  }

  /** ElastiCache: the control plane's takeover (CLUSTER FAILOVER TAKEOVER): no votes. */
  takeover(why: string): void {
    const n = this.n;
    if (n.role !== 'replica') return;
    n.becomePrimary(n.view.nextEpoch(), why);
  }

  /** An election or manual-failover message from the bus. */
  readonly onMessage = (m: ElectionMessage): void => {
    if (m.kind === 'auth-request') this.onAuthRequest(m);
    else if (m.kind === 'auth-ack') this.onAuthAck(m);
    else this.onManual(m);
  };

  // ---- voting (primary side) ---------------------------------------------------------------

  private onAuthRequest(m: BusMessageOf<'auth-request'>): void {
    const n = this.n;
    const view = n.view;
    const now = this.localNow();
    if (n.role !== 'primary' || view.shardOf(n.idx) < 0) return;
    const h = m.header;
    if (h.currentEpoch < view.currentEpoch || view.lastVoteEpoch === view.currentEpoch) return;
    const primary = view.peers[m.primary];
    if (view.peers[h.from].role === 'primary' && view.shardOf(h.from) >= 0) return;
    if (!primary.fail && !m.force) return;
    if (now - primary.votedLocal < 2 * this.opts.nodeTimeoutUs) return;
    if (m.shard < 0 || view.ownerEpoch[m.shard] > m.primaryEpoch) return;
    // Invariant: a primary votes at most once per epoch, so each epoch has at most one winner.
    this.parts.ledger.vote(n, view.currentEpoch);
    view.lastVoteEpoch = view.currentEpoch;
    view.votedForReplicaOf(m.primary, now);
    this.parts.bus.send(h.from, { kind: 'auth-ack', header: this.parts.bus.header() });
  }

  private onAuthAck(m: BusMessageOf<'auth-ack'>): void {
    const n = this.n;
    if (n.role !== 'replica' || !this.authSent) return;
    if (n.view.shardOf(m.header.from) < 0 || m.header.currentEpoch < this.authEpoch) return;
    this.votes.add(m.header.from);
    if (this.votes.size >= n.view.quorum()) this.check();
  }

  // ---- manual failover ---------------------------------------------------------------------

  /** CLUSTER FAILOVER on this replica. */
  startManual(): void {
    const n = this.n;
    if (n.role !== 'replica' || n.primaryOf < 0) return;
    this.manual = { deadlineLocal: this.localNow() + MANUAL_TIMEOUT_US, primaryOffset: -1 };
    this.authTimeLocal = -Infinity;
    this.emit('manual-failover', `asked to replace ${this.parts.peers[n.primaryOf].name}`);
    this.parts.bus.send(n.primaryOf, { kind: 'mf-start', header: this.parts.bus.header() });
  }

  private onManual(m: BusMessageOf<'mf-start'> | BusMessageOf<'mf-offset'>): void {
    const n = this.n;
    if (m.kind === 'mf-start') {
      if (n.role !== 'primary') return;
      this.pausedUntilLocal = this.localNow() + 2 * MANUAL_TIMEOUT_US;
      this.parts.node.setTimer(2 * MANUAL_TIMEOUT_US, () => n.resumeWrites());
      this.parts.bus.send(m.header.from, { kind: 'mf-offset', header: this.parts.bus.header(), offset: n.offset });
      return;
    }
    if (this.manual === null || m.header.from !== n.primaryOf) return;
    this.manual.primaryOffset = m.offset;
    this.check();
  }

  /** The replica's offset moved: a manual failover may be ready. */
  offsetAdvanced(): void {
    if (this.manual !== null && this.manual.primaryOffset >= 0 && this.n.offset >= this.manual.primaryOffset) this.check();
  }
}
