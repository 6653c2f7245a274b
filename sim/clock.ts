// A node's local clock: true time with an offset and a drift rate.
// Models: local = anchorLocal + (true - anchorTrue) * (1 + driftPpm / 1e6); a clock fault jumps the
// offset and/or changes the drift from the moment it happens. Leaves out: NTP slewing back to
// true time (a fault's skew persists until another fault changes it).

export class NodeClock {
  private anchorTrueUs = 0;
  private anchorLocalUs: number;
  private rate: number;

  constructor(offsetUs: number, driftPpm: number) {
    this.anchorLocalUs = offsetUs;
    this.rate = 1 + driftPpm / 1e6;
  }

  get driftPpm(): number {
    return (this.rate - 1) * 1e6;
  }

  /** Local reading at true time `trueUs`. */
  localAt(trueUs: number): number {
    return this.anchorLocalUs + (trueUs - this.anchorTrueUs) * this.rate;
  }

  /** Earliest true time (not before `nowUs`) at which the local clock reads `localUs`. */
  trueWhen(localUs: number, nowUs: number): number {
    const t = this.anchorTrueUs + (localUs - this.anchorLocalUs) / this.rate;
    return t <= nowUs ? nowUs : Math.ceil(t);
  }

  /** Applies a fault at true time `nowUs`: jump by `jumpUs` and set a new drift if given. */
  adjust(nowUs: number, jumpUs: number, driftPpm?: number): void {
    const local = this.localAt(nowUs);
    this.anchorTrueUs = nowUs;
    this.anchorLocalUs = local + jumpUs;
    if (driftPpm !== undefined) this.rate = 1 + driftPpm / 1e6;
  }
}
