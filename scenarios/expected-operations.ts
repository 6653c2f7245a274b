// How many operations a workload invokes over a run, for the up-front estimate (estimate.ts): an
// open loop's rate times the time, a closed loop's callers times the time over one operation's
// nominal time, and with `phases` the area under the phases' rate curve (a ramp's area is its mean
// rate times its length; the last phase holds to the end). Several named workloads add up.
// Leaves out: what faults do to it (an outage stalls a closed loop; retries add operations).

import { phaseSegments } from '../sim/load-phases.ts';
import type { WorkloadConfig } from './format/scenario.ts';

/** Closed loop: the time one operation takes when nothing is wrong (a client hop each way plus service). */
export const CLOSED_LOOP_OP_US = 1_000;

/** Operations `w` invokes in the first `durationUs` of the run. */
export function expectedOperations(w: WorkloadConfig, durationUs: number): number {
  if (w.phases === undefined) {
    return w.load.kind === 'open' ? (w.load.ratePerS * durationUs) / 1e6 : (w.load.concurrency * durationUs) / CLOSED_LOOP_OP_US;
  }
  let ops = 0;
  for (const seg of phaseSegments(w.phases)) {
    const end = Math.min(seg.endUs, durationUs);
    if (end <= seg.startUs) continue;
    const spanUs = end - seg.startUs;
    if (seg.concurrency > 0) {
      ops += (seg.concurrency * spanUs) / CLOSED_LOOP_OP_US;
      continue;
    }
    // The rate at the clipped end, on the segment's line (a held segment's ends are equal).
    const rateAtEnd = Number.isFinite(seg.endUs) && seg.endUs > seg.startUs ? seg.fromPerS + ((seg.toPerS - seg.fromPerS) * spanUs) / (seg.endUs - seg.startUs) : seg.toPerS;
    ops += (((seg.fromPerS + rateAtEnd) / 2) * spanUs) / 1e6;
  }
  return ops;
}
