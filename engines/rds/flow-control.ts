// Flow control of a Multi-AZ DB cluster's writer: while a reader's apply lag is above the target
// (`flow_control_target_lag`: MySQL rpl_semi_sync_master_target_apply_lag, PostgreSQL
// flow_control.target_standby_apply_lag), the writer adds a delay to each transaction it commits;
// above the target the delay brings the writer's commit rate just under what that reader applies
// (measured between ticks), under it the delay shrinks away, so the commit rate settles at what
// the slowest reader applies and the lag stays near the target. The delay is taken in the committing session (instance.ts holds one of the writer's
// session slots for it), so the writer's write throughput is at most sessions / delay.
// Models: a feedback loop on the lag the writer hears in the readers' acknowledgements, checked
// once per replication tick. Leaves out: the engines' exact delay formula (not published), and
// any smoothing of the lag other than the tick.

/** The smallest delay kept: below it the delay drops to none. */
export const FLOW_CONTROL_MIN_DELAY_US = 100;
/** Cap on the delay: past it the writer is effectively stopped, and waits for the lag to fall. */
export const FLOW_CONTROL_MAX_DELAY_US = 1_000_000;
/** While the lag is above the target, the writer commits at this share of what the reader applies (so the lag falls). */
const DRAIN_SHARE = 0.9;
/** How much the delay shrinks per tick once the lag is under the target. */
const RELEASE_STEP = 1.25;

export type FlowControlChange = 'engaged' | 'released' | null;

export class FlowControl {
  /** The delay added to each commit now (0: none). */
  delayUs = 0;

  constructor(
    readonly targetLagUs: number,
    /** Sessions that take the delay at once (each holds one write for it). */
    readonly sessions: number,
  ) {}

  /**
   * One tick's verdict on the worst lag a reader reported and the rate that reader applied at
   * since the last tick: returns 'engaged' when a delay starts, 'released' when it ends.
   * Above the target the delay is set so that `sessions` writes per delay come to a little less
   * than the reader applies, and never shorter than it was (the lag must fall); under the target
   * it shrinks each tick until it is gone.
   */
  update(lagUs: number, appliedPerS: number): FlowControlChange {
    const was = this.delayUs;
    if (lagUs > this.targetLagUs) {
      const rate = appliedPerS * DRAIN_SHARE;
      const matchUs = rate > 0 ? (this.sessions * 1e6) / rate : FLOW_CONTROL_MAX_DELAY_US;
      this.delayUs = Math.round(Math.min(FLOW_CONTROL_MAX_DELAY_US, Math.max(was, matchUs, FLOW_CONTROL_MIN_DELAY_US)));
      return was === 0 ? 'engaged' : null;
    }
    if (was === 0) return null;
    const next = Math.round(was / RELEASE_STEP);
    this.delayUs = next < FLOW_CONTROL_MIN_DELAY_US ? 0 : next;
    return this.delayUs === 0 ? 'released' : null;
  }
}
