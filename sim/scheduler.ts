// The event scheduler: a binary min-heap of pending events ordered by (time, sequence number).
// Models: simulated time advancing from event to event, cancellation, running to a horizon.
// Leaves out: wall-clock time (never read here) and parallelism (one event at a time).
//
// Layout, for speed: the heap keeps its keys in heap order in typed arrays (time, seq, slot), so a
// sift touches contiguous memory; the callback and its argument live in a slot that does not move.
// A handle packs the event's sequence number and slot into one number, so cancelling is O(1)
// (the slot's callback is cleared and the entry is skipped when it reaches the top).

import { invariant } from './invariant.ts';

export type EventFn<A = any> = (arg: A) => void;

const SLOT_BITS = 22;
const SLOT_CAP = 2 ** SLOT_BITS; // at most ~4 million events pending at once
const MAX_SEQ = 2 ** (53 - SLOT_BITS); // ~2 billion events per run

export class Scheduler {
  /** Current simulated time in microseconds. Invariant: never decreases. */
  now = 0;
  /** Events executed so far (cancelled ones are not counted). */
  executed = 0;

  private size = 0;
  private nextSeq = 0;
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Int32Array;
  private slotFn: (EventFn | null)[] = [];
  private slotArg: unknown[] = [];
  private slotSeq: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private stopped = false;

  constructor(initialCapacity = 1024) {
    // At least 1: a capacity of 0 would never grow (0 * 2 = 0), and typed arrays drop
    // out-of-range writes.
    initialCapacity = Math.max(1, Math.floor(initialCapacity));
    this.hTime = new Float64Array(initialCapacity);
    this.hSeq = new Float64Array(initialCapacity);
    this.hSlot = new Int32Array(initialCapacity);
    this.slotSeq = new Float64Array(initialCapacity);
    this.freeSlots = new Int32Array(initialCapacity);
  }

  /** Number of pending entries (cancelled ones included until they surface). */
  get pending(): number {
    return this.size;
  }

  /** Schedules `fn(arg)` at absolute time `timeUs` (not before now). Returns a handle for cancel(). */
  at<A>(timeUs: number, fn: EventFn<A>, arg?: A): number {
    const t = timeUs < this.now ? this.now : timeUs;
    const slot = this.takeSlot();
    const seq = this.nextSeq++;
    if (seq >= MAX_SEQ) invariant(false, 'scheduler: sequence numbers exhausted');
    this.slotFn[slot] = fn as EventFn;
    this.slotArg[slot] = arg;
    this.slotSeq[slot] = seq;
    if (this.size === this.hTime.length) this.growHeap();
    // Sift up.
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hTime[p];
      if (pt < t || (pt === t && hSeq[p] < seq)) break;
      hTime[i] = pt;
      hSeq[i] = hSeq[p];
      hSlot[i] = hSlot[p];
      i = p;
    }
    hTime[i] = t;
    hSeq[i] = seq;
    hSlot[i] = slot;
    return seq * SLOT_CAP + slot;
  }

  /** Schedules `fn(arg)` after `delayUs` microseconds. */
  after<A>(delayUs: number, fn: EventFn<A>, arg?: A): number {
    return this.at(this.now + delayUs, fn, arg);
  }

  /** Cancels a pending event. Returns false when it already ran or was cancelled. */
  cancel(handle: number): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_CAP;
    const seq = (handle - slot) / SLOT_CAP;
    if (slot >= this.slotsUsed || this.slotSeq[slot] !== seq || this.slotFn[slot] === null) return false;
    this.slotFn[slot] = null;
    this.slotArg[slot] = undefined;
    return true;
  }

  /** Stops run() after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs events in order until none is left at or before `horizonUs`; time ends at the horizon. */
  runUntil(horizonUs: number): void {
    this.stopped = false;
    while (this.size > 0 && !this.stopped) {
      const t = this.hTime[0]; // read through `this`: the arrays are replaced when the heap grows
      if (t > horizonUs) break;
      const slot = this.hSlot[0];
      this.popTop();
      const fn = this.slotFn[slot];
      const arg = this.slotArg[slot];
      this.slotFn[slot] = null;
      this.slotArg[slot] = undefined;
      this.slotSeq[slot] = -1;
      this.freeSlots[this.freeCount++] = slot;
      if (fn === null) continue;
      this.now = t;
      this.executed++;
      fn(arg);
    }
    if (!this.stopped && horizonUs > this.now) this.now = horizonUs;
  }

  private popTop(): void {
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    const n = --this.size;
    if (n === 0) return;
    const t = hTime[n];
    const s = hSeq[n];
    const sl = hSlot[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = hTime[c];
      const r = c + 1;
      if (r < n) {
        const rt = hTime[r];
        if (rt < ct || (rt === ct && hSeq[r] < hSeq[c])) {
          c = r;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && s < hSeq[c])) break;
      hTime[i] = ct;
      hSeq[i] = hSeq[c];
      hSlot[i] = hSlot[c];
      i = c;
    }
    hTime[i] = t;
    hSeq[i] = s;
    hSlot[i] = sl;
  }

  private takeSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    const slot = this.slotsUsed++;
    invariant(slot < SLOT_CAP, `scheduler: more than ${SLOT_CAP} events pending`);
    if (slot === this.slotSeq.length) {
      const seqs = new Float64Array(slot * 2);
      seqs.set(this.slotSeq);
      this.slotSeq = seqs;
      const free = new Int32Array(slot * 2);
      free.set(this.freeSlots);
      this.freeSlots = free;
    }
    return slot;
  }

  private growHeap(): void {
    const n = this.hTime.length * 2;
    const t = new Float64Array(n);
    t.set(this.hTime);
    this.hTime = t;
    const s = new Float64Array(n);
    s.set(this.hSeq);
    this.hSeq = s;
    const sl = new Int32Array(n);
    sl.set(this.hSlot);
    this.hSlot = sl;
  }
}
