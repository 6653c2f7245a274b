// Races between acknowledged writes of one key that overlap in time (neither was acknowledged
// before the other was invoked), and the order the history gives them. Real time cannot order
// such a pair, but the reads that follow can: once both are acknowledged, a read returning one of
// them says that one is the newer. The pair's order is the word of the last strong read invoked
// after both were acknowledged and before the pair's window closed: at the acknowledgement of a write invoked
// after both (from then on real time supersedes both), or RACE_WINDOW_US after the later
// acknowledgement. The loser's reads invoked after the winner's acknowledgement are stale.
// Why the last read and not the first: a store that has settled on one value answers every later
// read with it; the reads that disagree come first (an old copy in a cache or a replica) and
// stop once the copy is replaced. A linearizable history never disagrees, so it gets no stale read.
// Only strong reads are evidence: an eventually consistent read may be answered by any replica's
// copy, so it says what some copy held, not the order the store gave the writes.
// Leaves out: pairs that never had a strong read of either in the window (no order, nothing
// stale), and
// chains of three or more overlapping writes beyond their pairs.

import type { WriteRegistry } from './write-registry.ts';

/** How long after a pair's later acknowledgement reads may still order it. */
export const RACE_WINDOW_US = 10_000_000;

/** A read whose verdict waits on undecided races; `supersededUs` collects the winners' acknowledgements. */
export interface PendingRead {
  readonly invokeUs: number;
  readonly value: number;
  readonly strong: boolean;
  /** The reading client (its region's figures count the read), -1 when not given. */
  readonly clientIndex: number;
  waiting: number;
  supersededUs: number;
}

class Race {
  decided = false;
  windowEndUs = Infinity;
  lastStrongUs = -1;
  lastStrong = 0;
  readonly reads: PendingRead[] = [];
  constructor(
    readonly keyIndex: number,
    readonly a: number,
    readonly ackA: number,
    readonly b: number,
    /** The later acknowledgement (b's). */
    readonly ackB: number,
  ) {}

  has(value: number): boolean {
    return value === this.a || value === this.b;
  }

  other(value: number): number {
    return value === this.a ? this.b : this.a;
  }

  ackOf(value: number): number {
    return value === this.a ? this.ackA : this.ackB;
  }

  /** Whether a read invoked at `invokeUs` is evidence for the pair's order. */
  orders(invokeUs: number): boolean {
    return invokeUs > this.ackB && invokeUs < this.windowEndUs && invokeUs < this.ackB + RACE_WINDOW_US;
  }
}

export class WriteRaces {
  private readonly byKey = new Map<number, Race[]>();
  /** Races by the time their horizon passes (ascending: created in acknowledgement order). */
  private horizon: Race[] = [];
  private horizonHead = 0;
  /** Races whose window a superseding write closed, with when they may be decided (ascending). */
  private closed: { race: Race; dueUs: number }[] = [];
  private closedHead = 0;

  constructor(
    private readonly writes: WriteRegistry,
    /** The longest an operation can take: a race is decided once the reads of its window have ended. */
    private readonly maxOpUs: number,
    /** Told of each read whose last race was decided. */
    private readonly released: (r: PendingRead) => void,
  ) {}

  /** A write of `value`, invoked at `invokeUs`, was acknowledged at `ackUs`; `overlapping` are the key's open values and their acknowledgements (value, ackUs pairs). */
  acknowledged(keyIndex: number, value: number, invokeUs: number, ackUs: number, overlapping: readonly number[]): void {
    let races = this.byKey.get(keyIndex);
    if (races !== undefined) {
      for (const r of races) {
        if (r.windowEndUs !== Infinity || invokeUs <= r.ackB || r.decided) continue;
        r.windowEndUs = ackUs;
        this.closed.push({ race: r, dueUs: ackUs + this.maxOpUs });
      }
    }
    for (let i = 0; i < overlapping.length; i += 2) {
      if (races === undefined) this.byKey.set(keyIndex, (races = []));
      const r = new Race(keyIndex, overlapping[i], overlapping[i + 1], value, ackUs);
      races.push(r);
      this.horizon.push(r);
    }
  }

  /**
   * An ok read of `keyIndex` invoked at `invokeUs` returned `value`: counts it as evidence, and
   * returns a pending read when some undecided race could still make it stale (null otherwise).
   */
  read(keyIndex: number, invokeUs: number, value: number | null, strong: boolean, clientIndex = -1): PendingRead | null {
    const races = this.byKey.get(keyIndex);
    if (races === undefined || value === null) return null;
    let pending: PendingRead | null = null;
    for (const r of races) {
      if (!r.has(value)) continue;
      if (strong && r.orders(invokeUs) && invokeUs > r.lastStrongUs) {
        r.lastStrongUs = invokeUs;
        r.lastStrong = value;
      }
      // Only a race whose other write was acknowledged before the read can make it stale.
      if (r.ackOf(r.other(value)) >= invokeUs) continue;
      pending ??= { invokeUs, value, strong, clientIndex, waiting: 0, supersededUs: Infinity };
      pending.waiting++;
      r.reads.push(pending);
    }
    return pending;
  }

  /** Decides every race whose reads have all ended before `nowUs` (a read ending at `nowUs` itself may still be evidence). */
  due(nowUs: number): void {
    const h = this.horizon;
    while (this.horizonHead < h.length && h[this.horizonHead].ackB + RACE_WINDOW_US + this.maxOpUs < nowUs) this.decide(h[this.horizonHead++]);
    const c = this.closed;
    while (this.closedHead < c.length && c[this.closedHead].dueUs < nowUs) this.decide(c[this.closedHead++].race);
    if (this.horizonHead > 4096 && this.horizonHead * 2 > h.length) [this.horizon, this.horizonHead] = [h.slice(this.horizonHead), 0];
    if (this.closedHead > 4096 && this.closedHead * 2 > c.length) [this.closed, this.closedHead] = [c.slice(this.closedHead), 0];
  }

  /** The run is over: decides every race left. */
  finish(): void {
    this.due(Infinity);
  }

  private decide(r: Race): void {
    if (r.decided) return;
    r.decided = true;
    const winner = r.lastStrong;
    if (winner !== 0) this.writes.supersedeAt(r.other(winner), r.ackOf(winner));
    for (const p of r.reads) {
      if (winner !== 0 && p.value !== winner) p.supersededUs = Math.min(p.supersededUs, r.ackOf(winner));
      if (--p.waiting === 0) this.released(p);
    }
    const races = this.byKey.get(r.keyIndex)!;
    races.splice(races.indexOf(r), 1);
    if (races.length === 0) this.byKey.delete(r.keyIndex);
  }

  /** Undecided races held (for tests of boundedness). */
  held(): number {
    let n = 0;
    for (const rs of this.byKey.values()) n += rs.length;
    return n;
  }
}
