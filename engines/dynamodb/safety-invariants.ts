// The DynamoDB engine's safety properties, checked while the simulation runs (a broken one throws
// SimInvariantError: exit 3 with the seed). Each check is O(1) per event: a partition has three
// replicas, and records are shared by reference, so one identity comparison proves a log prefix.
//   one leader per term       a term elects at most one replica of the partition
//   sole server in true time  when a leader serves a write or strong read, no peer believes it
//                             holds a valid lease too (ready and inside its lease by its clock)
//   log matching              what a follower acknowledges holding is the leader's own record
//   applied <= commit         (replica-log.ts) and token-bucket bounds (token-bucket.ts)
// The lease is built on clocks keeping time within `lease_margin` over a lease. Clock errors
// beyond that (jumps, and drifts over a lease, of the partition's replicas added up) break the
// promise by design: then an overlap is the engine's safety property failing beyond its
// tolerance, not a simulator bug, so it is reported as a `lease-overlap` event (once per serving
// leader and term) for as long as such a fault can still matter, and the run goes on.
// Leaves out: checks across partitions (they share nothing but hosts).

import { invariant } from '../../sim/invariant.ts';
import type { ReplicaRef } from './messages.ts';
import type { LogRecord } from './replica-log.ts';
import type { DynamoOptions } from './options.ts';
import type { EventKind } from '../../sim/event-kinds.ts';

/** What the checks read (and, for the clock-fault notes, keep) of a replica and its peers. */
export interface GuardedReplica extends ReplicaRef {
  readonly partition: number;
  readonly term: number;
  readonly role: string;
  readonly log: { readonly base: number; at(index: number): LogRecord | undefined };
  readonly leaderState: { canServe(): boolean } | null;
  readonly peers: readonly GuardedReplica[];
  readonly opts: Pick<DynamoOptions, 'leaseUs' | 'leaseMarginUs'>;
  /** Lease error a recent clock fault added, and the true time until which it can matter. */
  clockFaultErrorUs: number;
  clockFaultUntilUs: number;
  /** What its clock's drift loses over a lease, as of the last clock change. */
  clockDriftLossUs: number;
  /** The term in which a lease overlap was last reported while this replica served. */
  leaseOverlapReportedTerm: number;
  /** The replica each term of its partition elected (shared by the partition's replicas). */
  readonly termLeaders: Map<number, ReplicaRef>;
  /** True time. */
  now(): number;
  emit(kind: EventKind, detail: string): void;
}

/** A replica's clock was moved by a fault: how much lease error it adds, and until when (true time). */
export function noteClockFault(r: GuardedReplica, jumpUs: number): void {
  const o = r.opts;
  const now = r.now();
  // The drift before the change still shapes leases granted under it, for one more lease.
  const drift = driftLossUs(r);
  const errorUs = Math.abs(jumpUs) + Math.max(drift, r.clockDriftLossUs);
  r.clockDriftLossUs = drift;
  // A jump lengthens or shortens a lease by at most its size; it matters until that and one lease passed.
  const until = now + Math.abs(jumpUs) + o.leaseUs;
  r.clockFaultErrorUs = now < r.clockFaultUntilUs ? Math.max(r.clockFaultErrorUs, errorUs) : errorUs;
  r.clockFaultUntilUs = Math.max(r.clockFaultUntilUs, until);
}

/** What `r`'s clock drift (a fault's or the region's) loses or gains over one lease. */
export function driftLossUs(r: GuardedReplica): number {
  return (Math.abs(r.node.clock.driftPpm) * r.opts.leaseUs) / 1e6;
}

/**
 * The lease holds while the clock errors of the replicas involved (old leader, the follower that
 * promised, new leader) add up to no more than the margin; the partition's three replicas' errors
 * (drift over a lease, and recent jumps) together are an upper bound of that.
 */
function beyondTolerance(r: GuardedReplica): boolean {
  const now = r.now();
  let errorUs = 0;
  for (const x of [r, ...r.peers]) errorUs += driftLossUs(x) + (now < x.clockFaultUntilUs ? x.clockFaultErrorUs : 0);
  return errorUs > r.opts.leaseMarginUs;
}

/** `r` is about to serve a write or a strong read as its partition's leader. */
export function checkSoleServer(r: GuardedReplica): void {
  for (const p of r.peers) {
    if (p.leaderState === null || !p.leaderState.canServe()) continue;
    const what = `${r.name} (term ${r.term}) serves while ${p.name} (term ${p.term}) still holds its lease`;
    invariant(beyondTolerance(r), `dynamodb: two leaders of partition ${r.partition} at once: ${what}`);
    if (r.leaseOverlapReportedTerm === r.term) return;
    r.leaseOverlapReportedTerm = r.term;
    r.emit('lease-overlap', `${what}: a clock fault beyond the lease margin broke the lease`);
  }
}

/** `r` won the election of its current term. */
export function checkOneLeaderPerTerm(r: GuardedReplica): void {
  const won = r.termLeaders;
  const earlier = won.get(r.term);
  if (!(earlier === undefined || earlier === r)) invariant(false, `dynamodb: partition ${r.partition} term ${r.term} elected both ${earlier?.name} and ${r.name}`);
  won.set(r.term, r);
}

/** Follower `r` tells its leader it holds the leader's log up to `index`. */
export function checkLogMatch(r: GuardedReplica, leader: GuardedReplica, index: number): void {
  // The leader's log only grows while it leads its term; a deposed one may have moved on.
  if (index === 0 || leader.role !== 'leader' || leader.term !== r.term) return;
  if (index > Math.max(r.log.base, leader.log.base) && !(r.log.at(index) === leader.log.at(index))) invariant(false, `dynamodb: ${r.name} acknowledges ${leader.name}'s log up to ${index} (term ${r.term}) but holds another record there`);
}
