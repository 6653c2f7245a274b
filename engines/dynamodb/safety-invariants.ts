// The DynamoDB engine's safety properties, checked while the simulation runs (a broken one throws
// SimInvariantError: exit 3 with the seed). Each check is O(1) per event: a partition has three
// replicas, and records are shared by reference, so one identity comparison proves a log prefix.
//   one leader per term       a term elects at most one replica of the partition
//   sole server in true time  when a leader serves a write or strong read, no peer believes it
//                             holds a valid lease too (ready and inside its lease by its clock)
//   log matching              what a follower acknowledges holding is the leader's own record
//   applied <= commit         (replica-log.ts) and token-bucket bounds (token-bucket.ts)
// The lease is built on clocks keeping time within `lease_margin` over a lease. A clock fault
// beyond that (a jump, or a drift that loses more than the margin in one lease) breaks the
// promise by design: then an overlap is the engine's safety property failing under a fault beyond
// its tolerance, not a simulator bug, so it is reported as a `lease-overlap` event (once per
// serving leader and term) for as long as such a fault can still matter, and the run goes on.
// Leaves out: checks across partitions (they share nothing but hosts).

import { invariant } from '../../sim/invariant.ts';
import type { Replica } from './replica.ts';

/** A replica's clock was moved by a fault: from now until when can it break the lease (true time)? */
export function noteClockFault(r: Replica, jumpUs: number): void {
  const o = r.table.opts;
  const now = r.table.sim.scheduler.now;
  const driftLossUs = (Math.abs(r.node.clock.driftPpm) * o.leaseUs) / 1e6;
  if (driftLossUs > o.leaseMarginUs) {
    r.clockFaultUntilUs = Infinity;
    return;
  }
  // A jump lengthens a lease by at most its size; it can matter until that and one lease have passed.
  if (Math.abs(jumpUs) > o.leaseMarginUs || r.clockFaultUntilUs === Infinity) {
    const until = now + Math.abs(jumpUs) + o.leaseUs;
    r.clockFaultUntilUs = r.clockFaultUntilUs === Infinity ? until : Math.max(r.clockFaultUntilUs, until);
  }
}

/** Some replica of `r`'s partition has a clock fault beyond the lease margin that can still matter. */
function beyondTolerance(r: Replica): boolean {
  const now = r.table.sim.scheduler.now;
  if (now < r.clockFaultUntilUs) return true;
  for (const p of r.peers) if (now < p.clockFaultUntilUs) return true;
  return false;
}

/** `r` is about to serve a write or a strong read as its partition's leader. */
export function checkSoleServer(r: Replica): void {
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
export function checkOneLeaderPerTerm(r: Replica): void {
  const won = r.table.termLeaders[r.partition];
  const earlier = won.get(r.term);
  invariant(earlier === undefined || earlier === r, `dynamodb: partition ${r.partition} term ${r.term} elected both ${earlier?.name} and ${r.name}`);
  won.set(r.term, r);
}

/** Follower `r` tells its leader it holds the leader's log up to `index`. */
export function checkLogMatch(r: Replica, leader: Replica, index: number): void {
  // The leader's log only grows while it leads its term; a deposed one may have moved on.
  if (index === 0 || leader.role !== 'leader' || leader.term !== r.term) return;
  invariant(r.log.records[index - 1] === leader.log.records[index - 1], `dynamodb: ${r.name} acknowledges ${leader.name}'s log up to ${index} (term ${r.term}) but holds another record there`);
}
