// What the history says about every write, kept as small as the judgements need. Stale reads
// need, for a value read, whether its write was acknowledged and when it was first superseded in
// real time (the earliest acknowledgement of a later-invoked write to its key); lost writes need,
// at the end, every acknowledged value with its invocation and acknowledgement. Written values
// are unique integers handed out in order from 1, so these are numbers per value in columns
// (releasable-column.ts), no object and no per-key list. Per key the registry holds only what can
// still change: the acknowledged writes not yet superseded (at most the writes that overlapped the
// newest acknowledgement) and the first acknowledgement (which supersedes the never-written value).
// Writes in flight hold their key until they end.
// The engine may say what is settled for good (EngineContext.valueDurable/valueUnreadable): a
// durable write cannot be lost, so its times are released; a value no read can return any more
// keeps its superseded time only until the reads in flight then have ended (maxOpUs), so a long
// run holds what can still matter, not every write. Without such reports every write is held
// (about 27 bytes each). What stays per value for good: two bits (acknowledged, durable). Leaves out: reads (judged as they complete).

import { invariant } from '../../sim/invariant.ts';
import { BitChunks, ReleasableColumn } from './releasable-column.ts';

const NONE = -1;

export class WriteRegistry {
  /** Invoked writes not ended unacknowledged and not known durable once acknowledged. */
  private readonly invokeUs = new ReleasableColumn(NaN);
  /** Acknowledged writes not known durable. */
  private readonly ackUs = new ReleasableColumn(NONE);
  /** When the value was first superseded in real time; Infinity while it is not (yet). Held from the acknowledgement until no read can return it. */
  private readonly supersededUs = new ReleasableColumn(Infinity);
  private readonly acked = new BitChunks();
  private readonly durable = new BitChunks();
  /** Unreadable values and when their superseded time may go (in time order): value, time, value, time... */
  private releases: number[] = [];
  private releasesHead = 0;
  /** Writes invoked and not ended: value -> key. */
  private readonly pendingKey = new Map<number, number>();
  /**
   * Per key: acknowledged values not yet superseded with their acknowledgement times (value, ackUs
   * pairs), in acknowledgement order.
   * Invariant: each was acknowledged before any write to the key still to be acknowledged was invoked
   * or it overlaps one; a value leaves once a write invoked after its acknowledgement is acknowledged.
   */
  private readonly openByKey = new Map<number, number[]>();
  /** Per key: the first acknowledgement (it supersedes the never-written value). */
  private readonly firstAckByKey = new Map<number, number>();
  private maxValue = 0;
  private raced: ((keyIndex: number, value: number, invokeUs: number, ackUs: number, overlapping: readonly number[]) => void) | undefined;

  /** `maxOpUs`: the longest an operation can take (a read in flight ends within it). */
  constructor(private readonly maxOpUs = Infinity) {}

  invoked(value: number, keyIndex: number, atUs: number): void {
    this.invokeUs.hold(value, atUs);
    this.pendingKey.set(value, keyIndex);
    if (value > this.maxValue) this.maxValue = value;
  }

  /** The write of `value` was acknowledged at `atUs` (acknowledgements come in time order). */
  acknowledged(value: number, atUs: number): void {
    this.releaseDue(atUs);
    const k = this.pendingKey.get(value) ?? NONE;
    this.pendingKey.delete(value);
    this.acked.add(value);
    const invokeUs = this.invokeUs.get(value);
    if (this.durable.has(value)) this.invokeUs.release(value);
    else this.ackUs.hold(value, atUs);
    this.supersededUs.hold(value, Infinity);
    if (!this.firstAckByKey.has(k)) this.firstAckByKey.set(k, atUs);
    let open = this.openByKey.get(k);
    if (open === undefined) this.openByKey.set(k, (open = []));
    // This write supersedes every open value acknowledged before it was invoked; being the
    // earliest acknowledgement to do so, its time is theirs.
    let kept = 0;
    for (let i = 0; i < open.length; i += 2) {
      if (open[i + 1] < invokeUs) this.supersedeAt(open[i], atUs);
      else {
        open[kept++] = open[i];
        open[kept++] = open[i + 1];
      }
    }
    open.length = kept;
    // What is left overlaps this write: real time cannot order them, the reads to come may.
    this.raced?.(k, value, invokeUs, atUs, open);
    open.push(value, atUs);
  }

  /** Told of each acknowledgement with the key's open values it overlaps (value, ackUs pairs). */
  onRace(listener: (keyIndex: number, value: number, invokeUs: number, ackUs: number, overlapping: readonly number[]) => void): void {
    this.raced = listener;
  }

  /** The reads ordered `value` before a write acknowledged at `atUs`: it was superseded then, if not earlier. */
  supersedeAt(value: number, atUs: number): void {
    if (this.supersededUs.isHeld(value) && atUs < this.supersededUs.get(value)) this.supersededUs.set(value, atUs);
  }

  /** The write of `value` ended without an acknowledgement (failed or unknown): it holds nothing. */
  ended(value: number): void {
    this.pendingKey.delete(value);
    this.invokeUs.release(value);
  }

  /** The engine says the write of `value` can no longer be lost. */
  valueDurable(value: number): void {
    this.durable.add(value);
    if (!this.acked.has(value)) return;
    this.invokeUs.release(value);
    this.ackUs.release(value);
  }

  /**
   * The engine says, at `atUs`, that no read can return `value` from now on. Taken only once the
   * write has ended: while it runs, a retry may write the value again.
   */
  valueUnreadable(value: number, atUs: number): void {
    if (this.acked.has(value) && !this.pendingKey.has(value)) this.releaseLater(value, atUs);
  }

  /** Reads invoked before `atUs` may still return the value: keep it until they have all ended. */
  private releaseLater(value: number, atUs: number): void {
    this.releases.push(value, atUs + this.maxOpUs);
  }

  /** Releases the superseded times no read in flight at `nowUs` can ask for. */
  private releaseDue(nowUs: number): void {
    const r = this.releases;
    let h = this.releasesHead;
    while (h < r.length && r[h + 1] < nowUs) {
      this.supersededUs.release(r[h]);
      h += 2;
    }
    if (h > 4096 && h * 2 > r.length) {
      this.releases = r.slice(h);
      h = 0;
    }
    this.releasesHead = h;
  }

  /** When the write of `value` was invoked (NaN once it ended unacknowledged or is known durable). */
  invokeOf(value: number): number {
    return this.invokeUs.get(value);
  }

  /** When the write of `value` was acknowledged, or -1 if it never was (nor is known durable). */
  ackOf(value: number): number {
    return this.ackUs.get(value);
  }

  isAcked(value: number): boolean {
    return this.acked.has(value);
  }

  /** When an acknowledged `value`, read at `atUs`, was first superseded (a later-invoked write to its key acknowledged), or Infinity. */
  supersededOf(value: number, atUs: number): number {
    this.releaseDue(atUs);
    if (!this.supersededUs.isHeld(value)) invariant(false, `measurement: a read ended at ${atUs} us returned value ${value}, which the engine said no read could return any more`);
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

  /** Every acknowledged value the engine did not report durable (only those can be lost), ascending. */
  *ackedValues(): Generator<number> {
    for (let v = 0; v <= this.maxValue; v++) if (this.acked.has(v) && !this.durable.has(v)) yield v;
  }

  /** Entries held per key (open values, first acknowledgements, writes in flight): bounded by keys, not writes. */
  retainedKeyEntries(): number {
    let n = this.firstAckByKey.size + this.pendingKey.size;
    for (const open of this.openByKey.values()) n += open.length / 2;
    return n;
  }

  /** Per-value entries held (times not yet released), for tests of boundedness. */
  retainedValueEntries(): number {
    return this.invokeUs.heldCount() + this.ackUs.heldCount() + this.supersededUs.heldCount();
  }
}
