// Stale reads, judged from the history alone. A read invoked at t is stale when some write to
// its key acknowledged before t follows the value it returned in real time: the value is the
// initial (never-written) one and a write was acknowledged before t, or the value's write was
// acknowledged before that write was even invoked. A value whose write overlaps in time every
// write acknowledged before t that came after it is not counted: real time cannot order them.
// A value whose write was never acknowledged (failed, timed out, in flight) is never counted:
// it may have taken effect at any time after its invocation. Staleness age = t minus the
// acknowledgement of the oldest write that superseded the value returned (how long the newer
// value had been there).
//
// Why a forward scan: comparing the value only with W*, the newest write acknowledged before t,
// misses a value that overlaps W* but was superseded by an earlier-acknowledged write (write 1
// at 0-10, write 3 at 20-25, write 2 at 5-30; a read at 40 returning 1 is stale); and an age
// found by walking back from W* would stop at the first overlapping write and name a later
// superseder than the oldest. One scan forward from the value's acknowledgement gives both. Its
// answer is kept per value as the write registry records acknowledgements (write-registry.ts),
// so no per-key list of every acknowledged write is held.

import { Histogram } from '../histogram.ts';
import type { WriteRegistry } from './write-registry.ts';

export class StaleReads {
  okReads = 0;
  stale = 0;
  readonly ageMs = new Histogram();

  constructor(private readonly writes: WriteRegistry) {}

  /** Judges one ok read of `keyIndex` invoked at `invokeUs` that returned `value`, and counts it. */
  read(keyIndex: number, invokeUs: number, value: number | null): boolean {
    const ageMs = this.judge(keyIndex, invokeUs, value);
    this.count(ageMs);
    return ageMs >= 0;
  }

  /** Counts one judged ok read: `ageMs` as judge() returned it. */
  count(ageMs: number): void {
    this.okReads++;
    if (ageMs < 0) return;
    this.stale++;
    this.ageMs.record(ageMs);
  }

  /** The staleness age in ms of an ok read, or -1 when it is not stale (nothing is counted). */
  judge(keyIndex: number, invokeUs: number, value: number | null): number {
    // The oldest write acknowledged before t and invoked after the value's write ended: the
    // registry keeps, per value, the first acknowledgement of such a write (a write invoked after
    // an acknowledgement is acknowledged after it, so the first found stays the oldest); the
    // never-written value is superseded by the key's first acknowledgement.
    let supersededUs: number;
    if (value === null) supersededUs = this.writes.firstAckOf(keyIndex);
    else {
      if (!this.writes.isAcked(value)) return -1;
      supersededUs = this.writes.supersededOf(value, invokeUs);
    }
    return supersededUs < invokeUs ? (invokeUs - supersededUs) / 1000 : -1;
  }
}
