// Which instance the RDS control plane may promote when the writer fails, and why not when none.
// It decides from what it heard only: the instances' health answers (role, status, persisted LSN)
// and the writer's reports of which followers count in its commit rule. The safety checks judge
// the outcome (safety-invariants.ts); they take no part in the choice.
// Multi-AZ DB instance: the synchronous standby, only while the writer last reported it in sync
//   (it left sync when it stopped acknowledging for `standby_timeout`; it re-enters sync when it
//   has caught up with the writer's log after a restart). A standby that is not in sync lacks
//   acknowledged writes, so RDS does not promote it: the instance stays down until the old
//   writer comes back (or its host is replaced).
// Multi-AZ DB cluster: every commit waited for one of the readers the writer last reported in
//   sync, so the most advanced of them holds every acknowledged write, once their positions are
//   final: when the writer failed, each of them must have answered a health check after the
//   writer stopped answering. The target is an available one of them at least as advanced as all
//   of them. An operator's failover of a running writer first stops it by a command; its
//   positions are final for answers probed after the stop was answered, and the choice is then
//   the failed writer's. A writer that reported no reader in sync committed alone, and then none
//   is promoted either; nor while a reader it reported in sync is not heard from.
// `promote_unsynced_standby` (unsafe, for tests) skips these checks.
// Leaves out: the operator's choice of target (RDS picks it), and the writer's report of a reader
// that caught up crossing its first commits with that reader alone (a message's latency).

import type { DbInstance } from './instance.ts';
import type { InstanceRole, InstanceStatus } from './control-messages.ts';
import type { RdsType } from './options.ts';

/** What the control plane last heard of an instance (health answers, reports, answers to commands). */
export interface InstanceView {
  role: InstanceRole;
  status: InstanceStatus;
  persistedLsn: number;
  /** The last LSN it said it applied. */
  appliedLsn: number;
  /** When its last health answer arrived (the control plane's clock); -Infinity before any. */
  heardUs: number;
  /** A command to it went unanswered: no target until it answers again. */
  silent: boolean;
  /** A step-down sent and not yet answered: answers sent before it arrived still say writer. */
  steppingDown: boolean;
  /** Told to start its engine after a restart; that command is not yet answered. */
  starting: boolean;
}

/** What the choice looks at: the topology, the health checks' verdicts and the writer's reports. */
export interface FailoverView {
  readonly type: RdsType;
  /** A Multi-AZ DB cluster's database engine: its tie-break between readers that hold the same. */
  readonly dbEngine: 'mysql' | 'postgres';
  /** `promote_unsynced_standby`: skip the checks that keep acknowledged writes. */
  readonly unsafe: boolean;
  readonly instances: readonly DbInstance[];
  viewOf(inst: DbInstance): InstanceView;
  isFailed(inst: DbInstance): boolean;
  /** The followers the last writer reported as counting in its commit rule (empty: it committed alone). */
  reportedInSync(): readonly DbInstance[];
  /** Did `inst`'s last health answer leave it after the last writer stopped (its position is final)? */
  positionSettled(inst: DbInstance): boolean;
}

export type FailoverChoice = { target: DbInstance } | { target: null; reason: string };

/**
 * `writerStopped`: the writer failed its health checks or answered a stop (positions must be
 * final); false to ask whether an operator's failover of a running writer can go ahead at all.
 */
export function chooseFailoverTarget(c: FailoverView, writerStopped: boolean): FailoverChoice {
  const unsafe = c.unsafe;
  const alive = (i: DbInstance) => {
    const v = c.viewOf(i);
    return v.status !== 'down' && !v.silent && !c.isFailed(i);
  };
  const role = (i: DbInstance) => c.viewOf(i).role;
  if (c.type === 'rds-multi-az') {
    const syncStandby = c.reportedInSync()[0] ?? null;
    // After a lost promotion the old writer is a standby too: the one in sync comes first.
    const standby = syncStandby !== null && role(syncStandby) === 'standby' && alive(syncStandby) ? syncStandby : c.instances.find((i) => role(i) === 'standby' && alive(i));
    if (standby === undefined) return { target: null, reason: 'no healthy standby: waiting for the writer' };
    if (!unsafe && standby !== syncStandby) return { target: null, reason: `${standby.name} is not in sync with the writer: waiting for the writer` };
    return { target: standby };
  }
  if (c.type === 'rds-multi-az-cluster') {
    // A reader still starting its database (after a crash or restart) takes replication but
    // applies nothing until it is up: it cannot finish a promotion, so it is no target yet.
    const ready = (i: DbInstance) => role(i) === 'reader' && alive(i) && c.viewOf(i).status === 'available';
    const lsn = (i: DbInstance) => c.viewOf(i).persistedLsn;
    const applied = (i: DbInstance) => c.viewOf(i).appliedLsn;
    // MySQL: the reader that received the most (its failover waits for both readers' relay logs
    // anyway). PostgreSQL: of those that received the most, the one that applied the most (the
    // least apply lag), since its failover waits for the target's replay alone.
    const better = (i: DbInstance, best: DbInstance) => lsn(i) > lsn(best) || (c.dbEngine === 'postgres' && lsn(i) === lsn(best) && applied(i) > applied(best));
    const most = (list: readonly DbInstance[]) => list.reduce<DbInstance | null>((best, i) => (best === null || better(i, best) ? i : best), null);
    if (unsafe) {
      const best = most(c.instances.filter(ready));
      return best === null ? { target: null, reason: 'no healthy reader: waiting for the writer' } : { target: best };
    }
    const inSync = c.reportedInSync();
    if (inSync.length === 0) {
      const reason = c.instances.some(ready) ? 'the writer reported no reader in sync (it committed alone)' : 'no healthy reader';
      return { target: null, reason: `${reason}: waiting for the writer` };
    }
    // A reader's durable log outlives a crash: one that restarted still answers with its position.
    for (const i of inSync) {
      const heard = !c.viewOf(i).silent && !c.isFailed(i) && (!writerStopped || c.positionSettled(i));
      if (!heard) return { target: null, reason: `no position heard from ${i.name} since the writer stopped: waiting for it or the writer` };
    }
    const best = most(inSync.filter(ready));
    if (best === null) return { target: null, reason: 'no reader in sync with the writer is available: waiting for the writer' };
    // Positions heard before the writer stopped are only a lower bound: compared only once final.
    const furthest = most(inSync)!;
    if (writerStopped && lsn(best) < lsn(furthest)) return { target: null, reason: `no available reader holds what ${furthest.name} does: waiting for it or the writer` };
    return { target: best };
  }
  return { target: null, reason: 'single-AZ: waiting for the instance to come back' };
}
