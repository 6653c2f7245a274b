// What the history says about every write, kept as small as the judgements need. Stale reads
// need, for a value read, when its write was acknowledged and when it was first superseded in
// real time (the earliest acknowledgement of a later-invoked write to its key); lost writes need,
// at the end, every acknowledged value with its invocation and acknowledgement. Written values
// are unique integers handed out in order from 1, so these are three numbers per value in flat
// chunks (24 bytes per write, no object, no per-key list). Per key the registry holds only what can
// still change: the acknowledged writes not yet superseded (at most the writes that overlapped the
// newest acknowledgement) and the first acknowledgement (which supersedes the never-written value).
// Writes in flight hold their key until they end. Leaves out: reads (judged as they complete).

import { Float64Chunks } from './float64-chunks.ts';

const NONE = -1;

export class WriteRegistry {
  private readonly invokeUs = new Float64Chunks(NaN);
  private readonly ackUs = new Float64Chunks(NONE);
  /** When the value was first superseded in real time; Infinity while it is not (yet). */
  private readonly supersededUs = new Float64Chunks(Infinity);
  /** Writes invoked and not ended: value -> key. */
  private readonly pendingKey = new Map<number, number>();
  /**
   * Per key: acknowledged values not yet superseded, in acknowledgement order.
   * Invariant: each was acknowledged before any write to the key still to be acknowledged was invoked
   * or it overlaps one; a value leaves once a write invoked after its acknowledgement is acknowledged.
   */
  private readonly openByKey = new Map<number, number[]>();
  /** Per key: the first acknowledgement (it supersedes the never-written value). */
  private readonly firstAckByKey = new Map<number, number>();
  private maxValue = 0;

  invoked(value: number, keyIndex: number, atUs: number): void {
    this.invokeUs.set(value, atUs);
    this.pendingKey.set(value, keyIndex);
    if (value > this.maxValue) this.maxValue = value;
  }

  /** The write of `value` was acknowledged at `atUs` (acknowledgements come in time order). */
  acknowledged(value: number, atUs: number): void {
    const k = this.pendingKey.get(value) ?? NONE;
    this.pendingKey.delete(value);
    this.ackUs.set(value, atUs);
    if (!this.firstAckByKey.has(k)) this.firstAckByKey.set(k, atUs);
    let open = this.openByKey.get(k);
    if (open === undefined) this.openByKey.set(k, (open = []));
    // This write supersedes every open value acknowledged before it was invoked; being the
    // earliest acknowledgement to do so, its time is theirs.
    const invokeUs = this.invokeUs.get(value);
    let kept = 0;
    for (const v of open) {
      if (this.ackUs.get(v) < invokeUs) this.supersededUs.set(v, atUs);
      else open[kept++] = v;
    }
    open.length = kept;
    open.push(value);
  }

  /** The write of `value` ended without an acknowledgement (failed or unknown): it holds nothing. */
  ended(value: number): void {
    this.pendingKey.delete(value);
  }

  invokeOf(value: number): number {
    return this.invokeUs.get(value);
  }

  /** When the write of `value` was acknowledged, or -1 if it never was. */
  ackOf(value: number): number {
    return this.ackUs.get(value);
  }

  /** When an acknowledged `value` was first superseded (a later-invoked write to its key acknowledged), or Infinity. */
  supersededOf(value: number): number {
    return this.supersededUs.get(value);
  }

  /** The first acknowledgement of a write to the key, or Infinity when none was acknowledged. */
  firstAckOf(keyIndex: number): number {
    return this.firstAckByKey.get(keyIndex) ?? Infinity;
  }

  /** Keys that had a write acknowledged, ascending. */
  keysWithAckedWrites(): number[] {
    return [...this.firstAckByKey.keys()].sort((a, b) => a - b);
  }

  /** The largest value invoked (0 before any). */
  largestValue(): number {
    return this.maxValue;
  }

  /** Every acknowledged value, ascending. */
  *ackedValues(): Generator<number> {
    for (let v = 0; v <= this.maxValue; v++) if (this.ackUs.get(v) >= 0) yield v;
  }

  /** Entries held per key (open values, first acknowledgements, writes in flight): bounded by keys, not writes. */
  retainedKeyEntries(): number {
    let n = this.firstAckByKey.size + this.pendingKey.size;
    for (const open of this.openByKey.values()) n += open.length;
    return n;
  }
}
