// The cluster bus of one node (REFERENCE-FIGURES.md D #65-#68; cluster spec "Failure detection").
//   Heartbeats: every cron a node pings each peer it has not heard a pong from for node_timeout/2
//     (and, every ping_interval, the one of 5 random peers it heard from least recently). A ping
//     unanswered for node_timeout/2 counts as a broken link: it is resent every ping_interval,
//     keeping the time the first one was sent.
//   PFAIL: a ping pending for more than node_timeout, with nothing else heard from the peer in
//     that time. Local only.
//   Gossip: every ping and pong lists the nodes its sender flags PFAIL or FAIL, and a few others
//     it does not (which withdraws its earlier reports). A report from a primary is kept for
//     fail_report_validity x node_timeout.
//   FAIL: a node that flags a peer PFAIL and counts reports from a majority of the slot-serving
//     primaries (itself included, if it is one) flags it FAIL and broadcasts FAIL, which every
//     receiver applies at once. FAIL is undone when the node is reachable and is a replica or a
//     primary without slots, or after the validity window for a primary nobody replaced.
//   Config: every header says which shard's slots its sender serves under which config epoch. A
//     higher epoch wins (the receiver updates its slot map; a primary that lost its slots becomes
//     a replica of the winner); a sender with a stale claim is sent an UPDATE.
// Leaves out: MEET/handshakes, node forgetting, pub/sub, and config-epoch collision handling
// (epochs here only rise through elections, which grant one per epoch).

import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import { busBytes, type BusHeader, type BusMessage, type ElectionMessage, type GossipEntry } from './messages.ts';
import type { ClusterView, PeerView } from './cluster-view.ts';
import type { RedisOptions } from './options.ts';

/** Random peers considered for the once-per-ping_interval ping. */
const RANDOM_PING_SAMPLE = 5;

/** What the bus reads of its own node, and the changes it asks of it. */
export interface BusHost {
  readonly idx: number;
  readonly name: string;
  readonly role: 'primary' | 'replica';
  readonly primaryOf: number;
  readonly configEpoch: number;
  readonly offset: number;
  /** The node's cluster state: the bus keeps its flags, epochs and slot owners current. */
  readonly view: ClusterView;
  stateMayChange(): void;
  /** This primary's shard was taken over by `primary`. */
  becomeReplicaOf(primary: number, why: string): void;
  /** This replica's primary was replaced by `primary`. */
  follow(primary: number): void;
}

/** Another node, as the bus reaches it. */
export interface BusPeer {
  readonly name: string;
  readonly node: SimNode;
  readonly onBus: (m: BusMessage) => void;
}

export interface BusParts {
  opts: Pick<RedisOptions, 'nodeTimeoutUs' | 'pingIntervalUs' | 'failReportValidityMult'>;
  node: SimNode;
  network: Network;
  rng: Rng;
  host: BusHost;
  /** Every node of the cluster, by index (this one included). */
  peers: readonly BusPeer[];
  /** Where election and manual-failover messages go (failover.ts). */
  elections(m: ElectionMessage): void;
  /** This node marked `target` FAIL, with `reports` of the `quorum` needed. */
  failureDetected(target: number, by: string, reports: number, quorum: number): void;
}

export class Bus {
  private lastRandomPingLocal: number;
  private readonly n: BusHost;
  private readonly opts: BusParts['opts'];

  constructor(private readonly parts: BusParts) {
    this.n = parts.host;
    this.opts = parts.opts;
    this.lastRandomPingLocal = parts.node.localNow();
  }

  /** Shifts the once-per-ping_interval random ping by this much (each process starts at its own time). */
  randomPhase(offsetUs: number): void {
    this.lastRandomPingLocal = this.parts.node.localNow() - offsetUs;
  }

  header(): BusHeader {
    const n = this.n;
    return { from: n.idx, currentEpoch: n.view.currentEpoch, configEpoch: n.configEpoch, role: n.role, primaryOf: n.primaryOf, claims: n.view.shardOf(n.idx), offset: n.offset };
  }

  send(to: number, m: BusMessage): void {
    const target = this.parts.peers[to];
    this.parts.network.send(this.parts.node, target.node, busBytes(m), target.onBus, m);
  }

  private ping(p: PeerView, kind: 'ping' | 'pong', now: number): void {
    if (kind === 'ping') this.n.view.pingSent(p.idx, now);
    this.send(p.idx, { kind, header: this.header(), gossip: this.gossip(p.idx) });
  }

  /** Every node it flags PFAIL or FAIL, plus a few random others (max(3, N/10)). */
  private gossip(to: number): GossipEntry[] {
    const view = this.n.view;
    const out: GossipEntry[] = [];
    for (const p of view.peers) if ((p.pfail || p.fail) && p.idx !== to) out.push({ idx: p.idx, pfail: p.pfail, fail: p.fail });
    const wanted = Math.max(3, Math.floor(view.peers.length / 10));
    const rng = this.parts.rng;
    for (let tries = 0; tries < wanted * 3 && out.length < wanted; tries++) {
      const p = view.peers[rng.int(view.peers.length)];
      if (p.idx === this.n.idx || p.idx === to || out.some((g) => g.idx === p.idx)) continue;
      out.push({ idx: p.idx, pfail: p.pfail, fail: p.fail });
    }
    return out;
  }

  /** Pongs to every node: a new primary announcing itself (or a node announcing a change). */
  broadcastPong(): void {
    const now = this.parts.node.localNow();
    for (const p of this.n.view.peers) if (p.idx !== this.n.idx) this.ping(p, 'pong', now);
  }

  broadcast(m: BusMessage): void {
    for (const p of this.n.view.peers) if (p.idx !== this.n.idx) this.send(p.idx, m);
  }

  /** clusterCron's heartbeat part: pings, link resends, PFAIL. */
  cron(now: number): void {
    const view = this.n.view;
    const nt = this.opts.nodeTimeoutUs;
    if (now - this.lastRandomPingLocal >= this.opts.pingIntervalUs) {
      this.lastRandomPingLocal = now;
      let oldest: PeerView | null = null;
      for (let i = 0; i < RANDOM_PING_SAMPLE; i++) {
        const p = view.peers[this.parts.rng.int(view.peers.length)];
        if (p.idx === this.n.idx || p.pingSentLocal >= 0) continue;
        if (oldest === null || p.pongReceivedLocal < oldest.pongReceivedLocal) oldest = p;
      }
      if (oldest !== null) this.ping(oldest, 'ping', now);
    }
    for (const p of view.peers) {
      if (p.idx === this.n.idx) continue;
      if (p.pingSentLocal < 0) {
        if (now - p.pongReceivedLocal > nt / 2) this.ping(p, 'ping', now);
        continue;
      }
      // A broken link: reconnect and ping again, keeping when the first unanswered ping left.
      if (now - p.pingSentLocal > nt / 2 && now - p.lastSendLocal >= this.opts.pingIntervalUs) this.ping(p, 'ping', now);
      const delay = Math.min(now - p.pingSentLocal, now - p.dataReceivedLocal);
      if (delay > nt && !p.pfail && !p.fail) {
        view.suspect(p.idx);
        this.n.stateMayChange();
      }
    }
  }

  // ---- receiving ---------------------------------------------------------------------------

  onMessage(m: BusMessage): void {
    const n = this.n;
    const view = n.view;
    const now = this.parts.node.localNow();
    const h = m.header;
    const sender = view.peers[h.from];
    view.heardFrom(h.from, now);
    view.observeEpoch(h.currentEpoch);
    switch (m.kind) {
      case 'ping':
      case 'pong':
        this.learnHeader(h);
        if (m.kind === 'ping') this.ping(sender, 'pong', now);
        else if (view.ponged(h.from, now)) n.stateMayChange();
        else if (sender.fail) this.clearFailureIfNeeded(sender, now);
        // Failure reports count only from primaries.
        if (sender.role === 'primary') this.readGossip(sender, m.gossip, now);
        return;
      case 'fail': {
        const target = view.peers[m.target];
        if (m.target === n.idx || target.fail) return;
        view.markFailed(m.target, now);
        n.stateMayChange();
        return;
      }
      case 'update':
        if (m.epoch > view.ownerEpoch[m.shard]) this.updateSlots(m.shard, m.owner, m.epoch);
        return;
      case 'auth-request':
      case 'auth-ack':
      case 'mf-start':
      case 'mf-offset':
        return this.parts.elections(m);
    }
  }

  /** What a header says about its sender: role, primary, offset, and its claim on a shard. */
  private learnHeader(h: BusHeader): void {
    const view = this.n.view;
    view.learned(h);
    if (h.claims < 0) return;
    const s = h.claims;
    if (view.owner[s] === h.from) {
      if (h.configEpoch > view.ownerEpoch[s]) view.claim(s, h.from, h.configEpoch);
    } else if (h.configEpoch > view.ownerEpoch[s]) {
      this.updateSlots(s, h.from, h.configEpoch);
    } else if (h.configEpoch < view.ownerEpoch[s]) {
      this.send(h.from, { kind: 'update', header: this.header(), shard: s, owner: view.owner[s], epoch: view.ownerEpoch[s] });
    }
  }

  /** clusterUpdateSlotsConfigWith: shard `s` is now served by `owner` under `epoch`. */
  updateSlots(s: number, owner: number, epoch: number): void {
    const n = this.n;
    const view = n.view;
    const old = view.owner[s];
    view.claim(s, owner, epoch);
    view.servesAsPrimary(owner);
    if (owner === n.idx) return;
    if (old === n.idx) n.becomeReplicaOf(owner, `shard ${s} taken over by ${this.parts.peers[owner].name} (epoch ${epoch})`);
    else if (n.role === 'replica' && n.primaryOf === old) n.follow(owner);
    n.stateMayChange();
  }

  private readGossip(sender: PeerView, gossip: GossipEntry[], now: number): void {
    const view = this.n.view;
    for (const g of gossip) {
      if (g.idx === this.n.idx) continue;
      const failing = g.pfail || g.fail;
      view.failReport(g.idx, sender.idx, failing, now);
      if (failing) this.markFailingIfNeeded(view.peers[g.idx], now);
    }
  }

  /** PFAIL here plus reports from a majority of primaries: FAIL, broadcast to every node. */
  markFailingIfNeeded(target: PeerView, now: number): void {
    const n = this.n;
    const view = n.view;
    if (!target.pfail || target.fail) return;
    const validity = this.opts.nodeTimeoutUs * this.opts.failReportValidityMult;
    view.validReports(target.idx, now, validity);
    let failures = 0;
    for (const reporter of target.failReports.keys()) if (view.shardOf(reporter) >= 0) failures++;
    if (view.shardOf(n.idx) >= 0) failures++;
    if (failures < view.quorum()) return;
    view.markFailed(target.idx, now);
    this.broadcast({ kind: 'fail', header: this.header(), target: target.idx });
    this.parts.failureDetected(target.idx, n.name, failures, view.quorum());
    n.stateMayChange();
  }

  /** clearNodeFailureIfNeeded: a reachable FAIL node is cleared when nothing depends on it. */
  private clearFailureIfNeeded(p: PeerView, now: number): void {
    const view = this.n.view;
    const servesSlots = view.shardOf(p.idx) >= 0;
    const window = this.opts.nodeTimeoutUs * this.opts.failReportValidityMult;
    if (p.role === 'replica' || !servesSlots || now - p.failSinceLocal > window) {
      view.clearFail(p.idx);
      this.n.stateMayChange();
    }
  }
}
