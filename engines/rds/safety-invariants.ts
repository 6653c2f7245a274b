// The RDS engines' safety promises as runtime checks (sim/invariant.ts: a broken one ends the run
// with exit 3 and the seed). Each check is O(1) and runs on the event that could break it:
//   one writer per epoch: an epoch names one instance; only that instance's stream takes writes;
//   a promoted standby or reader holds every write acknowledged so far (synchronous modes only:
//     a read replica's promotion may lose writes, and `promote_unsynced_standby` turns the check
//     off so the losses show in the summary instead);
//   LSN bounds of each instance (appliedLsn <= persistedLsn <= log length) live in
//     instance-data.ts, beside the fields.
// Leaves out: liveness (that writes resume), which the summary's outage columns measure.

import { invariant } from '../../sim/invariant.ts';
import type { LogEntry } from './log-entry.ts';
import type { DbInstance } from './instance.ts';

export class SafetyInvariants {
  /** The instance each epoch named writer (index = epoch). */
  private readonly writerOfEpoch: (DbInstance | undefined)[] = [];
  /** The highest-LSN write the control plane's writer acknowledged to a client. */
  private lastAcked: LogEntry | null = null;

  /** Records that `inst` writes in `epoch`. */
  writerNamed(inst: DbInstance, epoch: number): void {
    const named = this.writerOfEpoch[epoch];
    if (!(named === undefined || named === inst)) invariant(false, `rds: two writers in epoch ${epoch}: ${named?.name} and ${inst.name}`);
    this.writerOfEpoch[epoch] = inst;
  }

  /** A write is accepted by `inst`'s stream of `epoch`. */
  acceptsWrite(inst: DbInstance, epoch: number): void {
    if (!(this.writerOfEpoch[epoch] === inst)) invariant(false, `rds: ${inst.name} accepts writes in epoch ${epoch}, which names ${this.writerOfEpoch[epoch]?.name ?? 'no writer'}`);
  }

  /** The current writer acknowledged `e` to its client. */
  acknowledged(e: LogEntry): void {
    if (this.lastAcked === null || e.lsn > this.lastAcked.lsn) this.lastAcked = e;
  }

  /** The last acknowledged write (what a promotion must keep), if any. */
  get acked(): LogEntry | null {
    return this.lastAcked;
  }

  /** Does `inst` durably hold every acknowledged write? Logs share entries by reference. */
  holdsEveryAck(inst: DbInstance): boolean {
    const e = this.lastAcked;
    return e === null || (inst.data.persistedLsn >= e.lsn && inst.data.holds(e));
  }

  /** `inst` is being promoted in a synchronous mode. */
  promoted(inst: DbInstance): void {
    const e = this.lastAcked;
    if (!(this.holdsEveryAck(inst))) invariant(false, `rds: promoted ${inst.name} lacks acknowledged write lsn ${e?.lsn} (it persisted ${inst.data.persistedLsn})`);
  }

  /**
   * After a promotion the check allows (a read replica, or the unsafe switch), acknowledged
   * writes the new writer lacks are lost already (the summary counts them); later promotions
   * are held to what the new writer acknowledges from now on.
   */
  rebase(inst: DbInstance): void {
    if (!this.holdsEveryAck(inst)) this.lastAcked = null;
  }
}
