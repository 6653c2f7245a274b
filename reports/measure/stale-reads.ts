// Stale reads, judged from the history alone. A read invoked at t is stale when some write to
// its key was acknowledged before t (the newest such is W*) and the value it returned is older
// than W*: either the initial (never-written) value, or a value whose write was acknowledged
// before W* was even invoked. A value whose write overlaps W* in time is not counted: real time
// cannot order them. Staleness age = t minus the acknowledgement of the oldest write that
// superseded the value returned (how long the newer value had been there).

import { Histogram } from '../histogram.ts';
import type { WriteRegistry } from './write-registry.ts';

export class StaleReads {
  okReads = 0;
  stale = 0;
  readonly ageMs = new Histogram();

  constructor(private readonly writes: WriteRegistry) {}

  /** Judges one ok read of `keyIndex` invoked at `invokeUs` that returned `value`. */
  read(keyIndex: number, invokeUs: number, value: number | null): boolean {
    this.okReads++;
    const acked = this.writes.acked(keyIndex);
    const w = this.newestAckedBefore(acked, invokeUs);
    if (w < 0) return false;
    const newest = acked[w];
    if (value === newest) return false;
    if (value === null) {
      // The initial value was superseded by the first acknowledged write.
      this.stale++;
      this.ageMs.record((invokeUs - this.writes.ackOf(acked[0])) / 1000);
      return true;
    }
    const ack = this.writes.ackOf(value);
    const supersededAfterUs = ack >= 0 ? ack : Infinity;
    // Not ordered before W* in real time: not stale.
    if (!(supersededAfterUs < this.writes.invokeOf(newest))) return false;
    // The oldest acknowledged write invoked after the returned value's write ended.
    let firstAckUs = this.writes.ackOf(newest);
    for (let i = w; i >= 0; i--) {
      const v = acked[i];
      if (this.writes.invokeOf(v) <= supersededAfterUs) break;
      firstAckUs = this.writes.ackOf(v);
    }
    this.stale++;
    this.ageMs.record((invokeUs - firstAckUs) / 1000);
    return true;
  }

  /** Index in `acked` of the last write acknowledged strictly before `t`, or -1. */
  private newestAckedBefore(acked: readonly number[], t: number): number {
    let lo = 0;
    let hi = acked.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.writes.ackOf(acked[mid]) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
