// Which instance the RDS control plane may promote when the writer fails, and why not when none.
// Multi-AZ DB instance: the synchronous standby, only while the writer last reported it in sync
//   (it left sync when it stopped acknowledging for `standby_timeout`; it re-enters sync when it
//   has caught up with the writer's log after a restart). A standby that is not in sync lacks
//   acknowledged writes, so RDS does not promote it: the instance stays down until the old
//   writer comes back (or its host is replaced).
// Multi-AZ DB cluster: the most advanced available reader that holds every acknowledged write; with
//   semi-synchronous commit at least one reader does, unless the writer had fallen back to
//   asynchronous commits, and then none is promoted either.
// `promote_unsynced_standby` (unsafe, for tests) skips both checks.
// Roles, statuses and log positions are what the instances last told the control plane.
// Leaves out: the operator's choice of target (RDS picks it).

import type { DbInstance } from './instance.ts';
import type { InstanceRole, InstanceStatus } from './control-messages.ts';
import type { RdsType } from './options.ts';

/** What the control plane last heard of an instance (health answers, reports, answers to commands). */
export interface InstanceView {
  role: InstanceRole;
  status: InstanceStatus;
  persistedLsn: number;
  /** A command to it went unanswered: no target until it answers again. */
  silent: boolean;
  /** A step-down sent and not yet answered: answers sent before it arrived still say writer. */
  steppingDown: boolean;
  /** Told to start its engine after a restart; that command is not yet answered. */
  starting: boolean;
}

/** What the choice looks at: the topology, the health checks' verdicts and the acknowledged writes. */
export interface FailoverView {
  readonly type: RdsType;
  /** `promote_unsynced_standby`: skip the checks that keep acknowledged writes. */
  readonly unsafe: boolean;
  readonly instances: readonly DbInstance[];
  viewOf(inst: DbInstance): InstanceView;
  isFailed(inst: DbInstance): boolean;
  holdsEveryAck(inst: DbInstance): boolean;
}

export type FailoverChoice = { target: DbInstance } | { target: null; reason: string };

export function chooseFailoverTarget(c: FailoverView, syncStandby: DbInstance | null): FailoverChoice {
  const unsafe = c.unsafe;
  const alive = (i: DbInstance) => {
    const v = c.viewOf(i);
    return v.status !== 'down' && !v.silent && !c.isFailed(i);
  };
  const role = (i: DbInstance) => c.viewOf(i).role;
  if (c.type === 'rds-multi-az') {
    // After a lost promotion the old writer is a standby too: the one in sync comes first.
    const standby = syncStandby !== null && role(syncStandby) === 'standby' && alive(syncStandby) ? syncStandby : c.instances.find((i) => role(i) === 'standby' && alive(i));
    if (standby === undefined) return { target: null, reason: 'no healthy standby: waiting for the writer' };
    if (!unsafe && standby !== syncStandby) return { target: null, reason: `${standby.name} is not in sync with the writer: waiting for the writer` };
    return { target: standby };
  }
  if (c.type === 'rds-multi-az-cluster') {
    let best: DbInstance | null = null;
    let lacking = 0;
    for (const i of c.instances) {
      // A reader still starting its database (after a crash or restart) takes replication but
      // applies nothing until it is up: it cannot finish a promotion, so it is no target yet.
      if (role(i) !== 'reader' || !alive(i) || c.viewOf(i).status !== 'available') continue;
      if (!unsafe && !c.holdsEveryAck(i)) {
        lacking++;
        continue;
      }
      if (best === null || c.viewOf(i).persistedLsn > c.viewOf(best).persistedLsn) best = i;
    }
    if (best !== null) return { target: best };
    return { target: null, reason: lacking > 0 ? 'no healthy reader holds every acknowledged write: waiting for the writer' : 'no healthy reader: waiting for the writer' };
  }
  return { target: null, reason: 'single-AZ: waiting for the instance to come back' };
}
