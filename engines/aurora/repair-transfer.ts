// The segment copies of storage repair on the storage nodes' links (REFERENCE-FIGURES.md A6):
// every storage node has an outbound and an inbound repair link of `repair_bandwidth`. A copy
// moves `segment_size` bytes from its source's outbound link into its target's inbound link, and
// the copies crossing one link share it max-min fairly (progressive filling: the most crowded
// link splits evenly, what its copies leave of their other link goes to the rest). Shares are
// recomputed whenever a copy starts, arrives or is dropped, and one timer is armed for the next
// arrival, so a copy's time emerges from the copies it overlaps: one 10 GB copy alone takes
// 10 GB / 10 Gbit/s = 8.6 s; a node receiving three at once takes three times as long for each.
// Leaves out: foreground redo and read traffic on the same links, TCP ramp-up, limits of the
// network between AZs, and the source's disk (the links are the only bottleneck).

import { invariant } from '../../sim/invariant.ts';

/** What the model needs of its host: timers (on the control plane's node) and the time now. */
export interface TransferClock {
  now(): number;
  setTimer(delayUs: number, fn: () => void): number;
  cancelTimer(id: number): void;
}

export interface RepairCopy<N> {
  readonly from: N;
  readonly to: N;
  /** Bits still to move. */
  leftBits: number;
  /** This copy's current share of its links, bits per second. */
  rateBps: number;
  /** Runs once when the last bit has arrived. */
  readonly arrived: () => void;
}

const US_PER_S = 1_000_000;

export class RepairLinks<N> {
  /** Copies under way, in the order they started (the order shares are computed in). */
  private readonly copies: RepairCopy<N>[] = [];
  /** When the copies' progress was last brought up to date. */
  private lastUs = 0;
  private timer = -1;

  constructor(
    private readonly clock: TransferClock,
    /** Each node's outbound and inbound repair bandwidth, bits per second. */
    readonly linkBps: number,
  ) {}

  /** Starts moving `bits` from `from` to `to`; every copy's share is recomputed. */
  start(from: N, to: N, bits: number, arrived: () => void): RepairCopy<N> {
    this.advance();
    const copy: RepairCopy<N> = { from, to, leftBits: bits, rateBps: 0, arrived };
    this.copies.push(copy);
    this.reshare();
    return copy;
  }

  /** Ends a copy before it arrives (one of its ends crashed): its bandwidth goes to the others. */
  drop(copy: RepairCopy<N>): void {
    const i = this.copies.indexOf(copy);
    if (i < 0) return;
    this.advance();
    this.copies.splice(i, 1);
    this.reshare();
  }

  /** Copies under way that touch `node` (as source or target). */
  touching(node: N): RepairCopy<N>[] {
    return this.copies.filter((c) => c.from === node || c.to === node);
  }

  /** Copies under way out of `node`. */
  outOf(node: N): number {
    let n = 0;
    for (const c of this.copies) if (c.from === node) n++;
    return n;
  }

  /** Copies under way into `node`. */
  into(node: N): number {
    let n = 0;
    for (const c of this.copies) if (c.to === node) n++;
    return n;
  }

  get active(): readonly RepairCopy<N>[] {
    return this.copies;
  }

  /** Brings every copy's progress up to now at the shares it had. */
  private advance(): void {
    const now = this.clock.now();
    const elapsedUs = now - this.lastUs;
    this.lastUs = now;
    if (elapsedUs <= 0) return;
    for (const c of this.copies) c.leftBits = Math.max(0, c.leftBits - (c.rateBps * elapsedUs) / US_PER_S);
  }

  /** Max-min fair shares by progressive filling, then the timer for the next arrival. */
  private reshare(): void {
    const outLeft = new Map<N, number>();
    const inLeft = new Map<N, number>();
    const outCount = new Map<N, number>();
    const inCount = new Map<N, number>();
    for (const c of this.copies) {
      outLeft.set(c.from, this.linkBps);
      inLeft.set(c.to, this.linkBps);
      outCount.set(c.from, (outCount.get(c.from) ?? 0) + 1);
      inCount.set(c.to, (inCount.get(c.to) ?? 0) + 1);
    }
    let unfrozen = this.copies.slice();
    while (unfrozen.length > 0) {
      // The bottleneck: the link whose remaining capacity, split evenly, gives the least.
      let share = Infinity;
      let outbound = true;
      let link: N | undefined;
      for (const [n, k] of outCount) if (k > 0 && outLeft.get(n)! / k < share) [share, outbound, link] = [outLeft.get(n)! / k, true, n];
      for (const [n, k] of inCount) if (k > 0 && inLeft.get(n)! / k < share) [share, outbound, link] = [inLeft.get(n)! / k, false, n];
      const rest: RepairCopy<N>[] = [];
      for (const c of unfrozen) {
        if ((outbound ? c.from : c.to) !== link) {
          rest.push(c);
          continue;
        }
        c.rateBps = share;
        outLeft.set(c.from, Math.max(0, outLeft.get(c.from)! - share));
        inLeft.set(c.to, Math.max(0, inLeft.get(c.to)! - share));
        outCount.set(c.from, outCount.get(c.from)! - 1);
        inCount.set(c.to, inCount.get(c.to)! - 1);
      }
      // Invariant: every round freezes the copies of one link, so the filling ends.
      invariant(rest.length < unfrozen.length, 'repair links: a round of fair sharing froze no copy');
      unfrozen = rest;
    }
    this.arm();
  }

  private arm(): void {
    if (this.timer >= 0) this.clock.cancelTimer(this.timer);
    this.timer = -1;
    let nextUs = Infinity;
    for (const c of this.copies) nextUs = Math.min(nextUs, (c.leftBits * US_PER_S) / c.rateBps);
    if (nextUs === Infinity) return;
    // Rounded up to a whole microsecond: the copy has arrived when the timer fires.
    this.timer = this.clock.setTimer(Math.max(1, Math.ceil(nextUs - 1e-6)), this.due);
  }

  private readonly due = (): void => {
    this.timer = -1;
    this.advance();
    // A copy with less than a microsecond of bits left has arrived (what rounding leaves).
    const arrived = this.copies.filter((c) => (c.leftBits * US_PER_S) / c.rateBps < 1);
    for (const c of arrived) this.copies.splice(this.copies.indexOf(c), 1);
    this.reshare();
    for (const c of arrived) c.arrived();
  };
}
