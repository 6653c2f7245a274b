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

import type { RedisNode } from './redis-node.ts';
import type { BusMessage } from './messages.ts';

type Msg<K extends BusMessage['kind']> = Extract<BusMessage, { kind: K }>;

/** CLUSTER_MF_TIMEOUT: a manual failover not done in this long is aborted. */
const MANUAL_TIMEOUT_US = 5_000_000;

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
  pausedUntilLocal = -Infinity;

  constructor(private readonly n: RedisNode) {}

  private get opts() {
    return this.n.cluster.opts;
  }

  /** The process died or the role changed: forget elections and pauses in progress. */
  reset(): void {
    this.authTimeLocal = -Infinity;
    this.authSent = false;
    this.votes.clear();
    this.manual = null;
    this.pausedUntilLocal = -Infinity;
    this.ineligibleReported = false;
    if (this.timer >= 0) this.n.node.cancelTimer(this.timer);
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
    const now = n.localNow();
    const o = this.opts;
    if (this.manual !== null && now > this.manual.deadlineLocal) {
      n.emit('manual-failover-aborted', `${n.cluster.members[n.primaryOf].name} not caught up with in time`);
      this.manual = null;
    }
    const manual = this.manual !== null && this.manual.primaryOffset >= 0 && n.offset >= this.manual.primaryOffset;
    const primary = view.peers[n.primaryOf];
    if (!primary.fail && !manual) return;
    if (view.shardOf(n.primaryOf) < 0) return;
    if (o.elasticache && !manual) return;
    if (!manual && o.replicaValidityFactor > 0) {
      let age = now - n.repl.lastInteractionLocal;
      if (age > o.nodeTimeoutUs) age -= o.nodeTimeoutUs;
      if (age > o.nodeTimeoutUs * o.replicaValidityFactor + o.replPingReplicaPeriodUs) {
        if (!this.ineligibleReported) n.emit('failover-ineligible', `data too old: last heard from its primary ${(age / 1e6).toFixed(1)} s (+ node_timeout) ago`);
        this.ineligibleReported = true;
        return;
      }
    }
    const timeout = o.failoverAuthTimeoutUs;
    if (now - this.authTimeLocal > 2 * timeout) {
      this.rank = manual ? 0 : this.computeRank();
      const delay = manual ? 0 : o.failoverDelayUs + Math.round(n.rng.uniform() * o.failoverJitterUs) + this.rank * o.failoverRankDelayUs;
      this.authTimeLocal = now + delay;
      this.authSent = false;
      this.expiredReported = false;
      this.votes.clear();
      this.arm(delay);
      n.emit('election-scheduled', `in ${(delay / 1000).toFixed(0)} ms (rank ${this.rank}, offset ${n.offset})`);
      // Tell the siblings this replica's offset, so their ranks are right.
      for (const p of view.peers) if (p.role === 'replica' && p.primaryOf === n.primaryOf && p.idx !== n.idx) n.bus.send(p.idx, { kind: 'pong', header: n.bus.header(), gossip: [] });
      if (delay > 0) return;
    }
    if (!this.authSent && !manual) {
      const rank = this.computeRank();
      if (rank > this.rank) {
        const added = (rank - this.rank) * o.failoverRankDelayUs;
        this.authTimeLocal += added;
        this.rank = rank;
        this.arm(this.authTimeLocal - now);
        n.emit('election-rescheduled', `rank ${rank} (a sibling has a higher offset): ${(added / 1000).toFixed(0)} ms later`);
      }
    }
    if (now < this.authTimeLocal) return;
    if (now - this.authTimeLocal > timeout) {
      if (!this.expiredReported) n.emit('election-failed', `epoch ${this.authEpoch}: ${this.votes.size} of ${view.quorum()} votes within ${(timeout / 1e6).toFixed(0)} s`);
      this.expiredReported = true;
      return;
    }
    if (!this.authSent) {
      view.currentEpoch++;
      this.authEpoch = view.currentEpoch;
      this.authSent = true;
      const shard = view.shardOf(n.primaryOf);
      n.emit('election-started', `epoch ${this.authEpoch}, rank ${this.rank}, offset ${n.offset}${manual ? ' (manual)' : ''}`);
      n.bus.broadcast({ kind: 'auth-request', header: n.bus.header(), shard, primary: n.primaryOf, primaryEpoch: view.ownerEpoch[shard], force: manual });
      return;
    }
    if (this.votes.size >= view.quorum()) this.win();
  }

  private arm(delayUs: number): void {
    if (this.timer >= 0) this.n.node.cancelTimer(this.timer);
    this.timer = this.n.node.setTimer(Math.max(0, delayUs), () => {
      this.timer = -1;
      this.check();
    });
  }

  private win(): void {
    const n = this.n;
    const votes = this.votes.size;
    this.manual = null;
    if (n.configEpoch < this.authEpoch) n.configEpoch = this.authEpoch;
    n.cluster.ledger.elected(n, n.configEpoch);
    n.becomePrimary(`won the election: epoch ${this.authEpoch}, ${votes} of ${n.view.shards} primaries voted`);
  }

  /** ElastiCache: the control plane's takeover (CLUSTER FAILOVER TAKEOVER): no votes. */
  takeover(why: string): void {
    const n = this.n;
    if (n.role !== 'replica') return;
    n.view.currentEpoch++;
    n.configEpoch = n.view.currentEpoch;
    n.becomePrimary(why);
  }

  // ---- voting (primary side) ---------------------------------------------------------------

  onAuthRequest(m: Msg<'auth-request'>): void {
    const n = this.n;
    const view = n.view;
    const now = n.localNow();
    if (n.role !== 'primary' || view.shardOf(n.idx) < 0) return;
    const h = m.header;
    if (h.currentEpoch < view.currentEpoch || view.lastVoteEpoch === view.currentEpoch) return;
    const primary = view.peers[m.primary];
    if (view.peers[h.from].role === 'primary' && view.shardOf(h.from) >= 0) return;
    if (!primary.fail && !m.force) return;
    if (now - primary.votedLocal < 2 * this.opts.nodeTimeoutUs) return;
    if (m.shard < 0 || view.ownerEpoch[m.shard] > m.primaryEpoch) return;
    // Invariant: a primary votes at most once per epoch, so each epoch has at most one winner.
    n.cluster.ledger.vote(n, view.currentEpoch);
    view.lastVoteEpoch = view.currentEpoch;
    primary.votedLocal = now;
    n.bus.send(h.from, { kind: 'auth-ack', header: n.bus.header() });
  }

  onAuthAck(m: Msg<'auth-ack'>): void {
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
    this.manual = { deadlineLocal: n.localNow() + MANUAL_TIMEOUT_US, primaryOffset: -1 };
    this.authTimeLocal = -Infinity;
    n.emit('manual-failover', `asked to replace ${n.cluster.members[n.primaryOf].name}`);
    n.bus.send(n.primaryOf, { kind: 'mf-start', header: n.bus.header() });
  }

  onManual(m: Msg<'mf-start'> | Msg<'mf-offset'>): void {
    const n = this.n;
    if (m.kind === 'mf-start') {
      if (n.role !== 'primary') return;
      this.pausedUntilLocal = n.localNow() + 2 * MANUAL_TIMEOUT_US;
      n.node.setTimer(2 * MANUAL_TIMEOUT_US, () => n.resumeWrites());
      n.bus.send(m.header.from, { kind: 'mf-offset', header: n.bus.header(), offset: n.offset });
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
