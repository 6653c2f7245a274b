// Stale reads, judged from the history alone. A read invoked at t is stale when it returned a
// value older than one whose write was acknowledged before t. "Older" is the order the history
// establishes between two writes of a key: real time (one was acknowledged before the other was
// invoked; the never-written value is older than every write), and, for writes that overlap in
// time, the reads that follow them (write-races.ts: the last read to return either says which is
// newer). A value whose write was never acknowledged (failed, timed out, in flight) is never
// counted: it may have taken effect at any time after its invocation. Staleness age = t minus the
// acknowledgement of the oldest newer write (how long the newer value had been there).
//
// Why a forward scan: comparing the value only with W*, the newest write acknowledged before t,
// misses a value that overlaps W* but was superseded by an earlier-acknowledged write (write 1
// at 0-10, write 3 at 20-25, write 2 at 5-30; a read at 40 returning 1 is stale); and an age
// found by walking back from W* would stop at the first overlapping write and name a later
// superseder than the oldest. One scan forward from the value's acknowledgement gives both. Its
// answer is kept per value as the write registry records acknowledgements (write-registry.ts),
// so no per-key list of every acknowledged write is held. A read that an undecided race could
// still make stale waits for it (at most RACE_WINDOW_US and the longest operation after it ended),
// then its verdict goes to `late`.

import { Histogram } from '../histogram.ts';
import type { WriteRegistry } from './write-registry.ts';
import { WriteRaces, type PendingRead } from './write-races.ts';

/** judge()'s answer for a read whose verdict waits on a race (it comes later, to `late`). */
export const PENDING = -2;

/** The staleness age in ms of a pending read once its races are decided, or -1. */
export function pendingAgeMs(p: PendingRead): number {
  return p.supersededUs < p.invokeUs ? (p.invokeUs - p.supersededUs) / 1000 : -1;
}

export class StaleReads {
  okReads = 0;
  stale = 0;
  readonly ageMs = new Histogram();

  private readonly races: WriteRaces;

  /**
   * Races between overlapping writes are followed only for acknowledgements registered after this
   * is built. `late` hears each pending read once decided; `maxOpUs` bounds an operation's length.
   */
  constructor(
    private readonly writes: WriteRegistry,
    maxOpUs = Infinity,
    late: (p: PendingRead) => void = (p) => this.countLate(pendingAgeMs(p)),
  ) {
    this.races = new WriteRaces(writes, maxOpUs, late);
    writes.onRace((k, v, invokeUs, ackUs, overlapping) => this.races.acknowledged(k, v, invokeUs, ackUs, overlapping));
  }

  /** Judges one ok read of `keyIndex` invoked at `invokeUs` that returned `value`, and counts it (a pending read counts when decided). */
  read(keyIndex: number, invokeUs: number, value: number | null, strong = true): boolean {
    const ageMs = this.judge(keyIndex, invokeUs, value, strong);
    this.count(ageMs);
    return ageMs >= 0;
  }

  /** Counts one judged ok read: `ageMs` as judge() returned it (PENDING: its staleness comes later). */
  count(ageMs: number): void {
    this.okReads++;
    this.countLate(ageMs);
  }

  /** Counts the verdict of a read already counted as ok. */
  countLate(ageMs: number): void {
    if (ageMs < 0) return;
    this.stale++;
    this.ageMs.record(ageMs);
  }

  /** Decides the races whose reads have all ended by `nowUs` (their pending reads go to `late`). */
  due(nowUs: number): void {
    this.races.due(nowUs);
  }

  /** The run is over: every pending read is decided. */
  finish(): void {
    this.races.finish();
  }

  /** Undecided races held (for tests of boundedness). */
  racesHeld(): number {
    return this.races.held();
  }

  /** The staleness age in ms of an ok read, -1 when it is not stale, PENDING when a race decides it later. */
  judge(keyIndex: number, invokeUs: number, value: number | null, strong = true, clientIndex = -1): number {
    const ageMs = this.judgeByWrites(keyIndex, invokeUs, value);
    const pending = this.races.read(keyIndex, invokeUs, value, strong, clientIndex);
    if (ageMs >= 0 || pending === null) {
      // Already stale: the read leaves the races it joined with nothing to add.
      if (pending !== null) pending.waiting = Infinity;
      return ageMs;
    }
    return PENDING;
  }

  private judgeByWrites(keyIndex: number, invokeUs: number, value: number | null): number {
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
