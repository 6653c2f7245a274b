// One node's view of the cluster (what Redis keeps in nodes.conf and in memory): every node's
// role, primary, config epoch and replication offset as last heard, the PFAIL/FAIL flags it set
// or learned, failure reports from primaries, the link timings of its pings, and which node
// serves each shard's slots under which config epoch. It decides the node's cluster state:
//   FAIL when a shard's primary is flagged FAIL (with require_full_coverage), or when the node
//   reaches fewer than a majority of the slot-serving primaries (itself included);
//   a primary back from the minority stays FAIL for the rejoin delay, a restarted one for the
//   writable delay.
// It is the one writer of what it holds: the bus, elections and the node tell it what they learned
// (pingSent, ponged, markFailed, learned, ...) and read the peers through a read-only view.
// Times are on the node's local clock. Leaves out: slot-level ownership (a shard's slots move
// together), node handshakes and forgetting nodes.

export interface PeerState {
  readonly idx: number;
  role: 'primary' | 'replica';
  /** Its primary, for a replica; -1 for a primary. */
  primaryOf: number;
  configEpoch: number;
  offset: number;
  pfail: boolean;
  fail: boolean;
  failSinceLocal: number;
  /** When the oldest unanswered ping was sent, or -1 when none is pending. */
  pingSentLocal: number;
  lastSendLocal: number;
  pongReceivedLocal: number;
  dataReceivedLocal: number;
  /** Failure reports about this node: reporting primary -> local time of the report. */
  readonly failReports: Map<number, number>;
  /** When this node (as a primary) last voted for one of this node's replicas. */
  votedLocal: number;
}

/** A peer as the rest of the node reads it (only ClusterView writes it). */
export type PeerView = Readonly<Omit<PeerState, 'failReports'>> & { readonly failReports: ReadonlyMap<number, number> };

/** What a bus header says of its sender. */
export interface HeaderFacts {
  from: number;
  role: 'primary' | 'replica';
  primaryOf: number;
  offset: number;
  configEpoch: number;
}

export interface InitialNode {
  role: 'primary' | 'replica';
  primaryOf: number;
  configEpoch: number;
}

export type ClusterState = 'ok' | 'fail';

export class ClusterView {
  private epoch: number;
  /** Written by elections only (failover.ts). */
  lastVoteEpoch = 0;
  private readonly states: PeerState[];
  /** The node serving each shard's slots (written only through `claim`). */
  readonly owner: Int32Array;
  private readonly epochs: number[];
  state: ClusterState = 'ok';
  amongMinorityLocal = -Infinity;
  startedLocal: number;

  constructor(
    readonly self: number,
    nodes: readonly InitialNode[],
    owners: readonly number[],
    nowLocal: number,
  ) {
    this.states = nodes.map((n, idx) => ({
      idx,
      role: n.role,
      primaryOf: n.primaryOf,
      configEpoch: n.configEpoch,
      offset: 0,
      pfail: false,
      fail: false,
      failSinceLocal: 0,
      pingSentLocal: -1,
      lastSendLocal: nowLocal,
      pongReceivedLocal: nowLocal,
      dataReceivedLocal: nowLocal,
      failReports: new Map(),
      votedLocal: -Infinity,
    }));
    this.owner = Int32Array.from(owners);
    this.epochs = owners.map((o) => nodes[o].configEpoch);
    this.epoch = Math.max(0, ...nodes.map((n) => n.configEpoch));
    this.startedLocal = nowLocal;
  }

  /** Every node as this one last heard of it, by index. */
  get peers(): readonly PeerView[] {
    return this.states;
  }

  // ---- what the node learned: the only writes of a peer's state ---------------------------

  /** A ping left for `idx` (the oldest unanswered one's time is kept). */
  pingSent(idx: number, nowLocal: number): void {
    const p = this.states[idx];
    if (p.pingSentLocal < 0) p.pingSentLocal = nowLocal;
    p.lastSendLocal = nowLocal;
  }

  /** Something arrived from `idx`. */
  heardFrom(idx: number, nowLocal: number): void {
    this.states[idx].dataReceivedLocal = nowLocal;
  }

  /** A pong from `idx` answered its pings; returns whether that cleared its PFAIL flag. */
  ponged(idx: number, nowLocal: number): boolean {
    const p = this.states[idx];
    p.pongReceivedLocal = nowLocal;
    p.pingSentLocal = -1;
    if (!p.pfail) return false;
    p.pfail = false;
    return true;
  }

  /** `idx` has not answered for node_timeout: PFAIL. */
  suspect(idx: number): void {
    this.states[idx].pfail = true;
  }

  /** `idx` is FAIL (agreed by a majority of primaries, or told by another node). */
  markFailed(idx: number, nowLocal: number): void {
    const p = this.states[idx];
    p.fail = true;
    p.pfail = false;
    p.failSinceLocal = nowLocal;
  }

  clearFail(idx: number): void {
    this.states[idx].fail = false;
  }

  /** A header's facts about its sender. */
  learned(h: HeaderFacts): void {
    const p = this.states[h.from];
    p.role = h.role;
    p.primaryOf = h.primaryOf;
    p.offset = h.offset;
    p.configEpoch = h.configEpoch;
  }

  /** `idx` serves a shard's slots: a primary. */
  servesAsPrimary(idx: number): void {
    const p = this.states[idx];
    p.role = 'primary';
    p.primaryOf = -1;
  }

  /** This node's own entry: its role, primary and (for a primary) config epoch. */
  selfIs(role: 'primary' | 'replica', primaryOf: number, configEpoch?: number): void {
    const me = this.states[this.self];
    me.role = role;
    me.primaryOf = primaryOf;
    if (configEpoch !== undefined) me.configEpoch = configEpoch;
  }

  /** The primary `reporter` gossiped that `idx` is failing (or no longer is). */
  failReport(idx: number, reporter: number, failing: boolean, nowLocal: number): void {
    const reports = this.states[idx].failReports;
    if (failing) reports.set(reporter, nowLocal);
    else reports.delete(reporter);
  }

  /** This node (a primary) voted for one of `primary`'s replicas. */
  votedForReplicaOf(primary: number, nowLocal: number): void {
    this.states[primary].votedLocal = nowLocal;
  }

  /** The highest epoch this node has seen or started. */
  get currentEpoch(): number {
    return this.epoch;
  }

  /** The config epoch each shard's owner claimed its slots with. */
  get ownerEpoch(): readonly number[] {
    return this.epochs;
  }

  /** A message carried `epoch`: the current epoch only rises. */
  observeEpoch(epoch: number): void {
    if (epoch > this.epoch) this.epoch = epoch;
  }

  /** An election or a takeover starts a new epoch. */
  nextEpoch(): number {
    return ++this.epoch;
  }

  /** Shard `shard`'s slots are served by `owner` under config epoch `epoch`. */
  claim(shard: number, owner: number, epoch: number): void {
    this.owner[shard] = owner;
    this.epochs[shard] = epoch;
  }

  get shards(): number {
    return this.owner.length;
  }

  /** The shard `idx` serves as a primary in this view, or -1. */
  shardOf(idx: number): number {
    return this.owner.indexOf(idx);
  }

  /** Votes needed: a majority of the slot-serving primaries. */
  quorum(): number {
    return Math.floor(this.shards / 2) + 1;
  }

  /** Slot-serving primaries this node can reach (itself, and those not flagged PFAIL or FAIL). */
  reachablePrimaries(): number {
    let n = 0;
    for (const o of this.owner) {
      const p = this.peers[o];
      if (o === this.self || (!p.pfail && !p.fail)) n++;
    }
    return n;
  }

  /** Is some shard's primary flagged FAIL (its slots uncovered)? */
  slotUncovered(): boolean {
    for (const o of this.owner) if (o !== this.self && this.peers[o].fail) return true;
    return false;
  }

  /** Valid failure reports about `idx` (dropping the expired ones). */
  validReports(idx: number, nowLocal: number, validityUs: number): number {
    const reports = this.states[idx].failReports;
    for (const [reporter, at] of [...reports]) if (nowLocal - at > validityUs) reports.delete(reporter);
    return reports.size;
  }

  /**
   * The state the rules give now (clusterUpdateState), or null to keep the current one (rejoin
   * or writable delay). `fullCoverage` is require_full_coverage.
   */
  nextState(nowLocal: number, fullCoverage: boolean, rejoinDelayUs: number, writableDelayUs: number): ClusterState | null {
    const isPrimary = this.shardOf(this.self) >= 0;
    if (isPrimary && this.state === 'fail' && nowLocal - this.startedLocal < writableDelayUs) return null;
    let next: ClusterState = 'ok';
    if (fullCoverage && this.slotUncovered()) next = 'fail';
    if (this.reachablePrimaries() < this.quorum()) {
      next = 'fail';
      this.amongMinorityLocal = nowLocal;
    }
    if (next === 'ok' && isPrimary && this.state === 'fail' && nowLocal - this.amongMinorityLocal < rejoinDelayUs) return null;
    return next;
  }

  /** The process restarted: nodes.conf (epochs, owners, FAIL flags, votes) is kept; links, PFAIL and reports are not. */
  restarted(nowLocal: number): void {
    this.startedLocal = nowLocal;
    this.state = 'fail';
    for (const p of this.states) {
      p.pfail = false;
      p.pingSentLocal = -1;
      p.lastSendLocal = nowLocal;
      // Ping every peer at the first cron: new links.
      p.pongReceivedLocal = -Infinity;
      p.dataReceivedLocal = nowLocal;
      p.failReports.clear();
    }
  }
}
