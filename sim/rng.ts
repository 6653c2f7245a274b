// Seeded random streams. One run seed derives one independent stream per component, named by a
// stable string ('network', 'client/7', 'engine/rds/db-1'), so adding a component or drawing more
// numbers in one stream leaves every other stream unchanged.
// Models: uniform, exponential, normal and log-normal draws. Leaves out: any unseeded source.

import seedrandom from 'seedrandom';

export class Rng {
  private readonly next: () => number;
  private spareNormal = NaN;

  constructor(readonly seed: string) {
    this.next = seedrandom.alea(seed);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal === this.spareNormal) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    const u1 = 1 - this.next();
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Picks one element uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Derives named streams from one run seed. */
export class RngFactory {
  constructor(readonly runSeed: number | string) {}

  stream(name: string): Rng {
    return new Rng(`faultline:${this.runSeed}:${name}`);
  }
}
