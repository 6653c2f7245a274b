// Split for heat: a partition whose traffic stays near its hard limits (3,000 RCU or 1,000 WCU
// per second) is split in two, each half with hard limits of its own, so a hot key range is
// served at up to twice the rate. AWS names this among the reasons a table adds partitions ("a
// partition receives read or write traffic near its throughput capacity limit"; adaptive capacity
// "rebalances your partitions such that frequently accessed items don't reside on the same
// partition"), and a single item can never be split: its limits stay those of one partition.
// Models: per admission unit (a key range; at first one per partition) the units asked for in each
// second of simulated time, admitted or throttled; a unit asked for at least `thresholdFraction` of
// a hard limit in every second for `afterUs` splits at the key that halves the traffic it saw
// (keys in hash order, as a partition's range is contiguous in the hash space), so one hot key
// ends up apart from the rest; a unit that cannot be split (its traffic all on one key) stays
// whole. A split is instant once due (the wait stands for the detection and the copy).
// Leaves out: the new halves' own replica groups (both keep the partition's group, so its leader's
// service time still bounds them and the failure domain is still the partition's), splits for size,
// and any cap on the number of splits.

/** A capacity dimension (admission.ts's Dimension, spelled here so neither file imports the other back). */
type Dimension = 'read' | 'write';

export interface HeatSplitConfig {
  /** The starting partition of each key (key-hash.ts), in key-index order. */
  partitionOfKey: Int32Array;
  /** The hash of each key: a partition's range is contiguous in it, so a split cuts at a hash. */
  hashOfKey: Uint32Array;
  partitions: number;
  /** The hard limits of one unit, units per second. */
  limits: Readonly<Record<Dimension, number>>;
  /** A second is hot when a unit is asked for at least this fraction of a limit in it. */
  thresholdFraction: number;
  /** How long a unit must stay hot before it splits. */
  afterUs: number;
}

/** A split that just happened: `parent` kept the lower keys, `child` (a new unit) took the rest. */
export interface Split {
  /** The partition both came from, and how many parts it is now in. */
  partition: number;
  parts: number;
  parent: number;
  child: number;
  /** Keys now in each, and the share of the parent's recent traffic that went to the child. */
  parentKeys: number;
  childKeys: number;
  childShare: number;
}

const US_PER_S = 1_000_000;

export class HeatSplit {
  /** The unit of each key. Invariant: each key in exactly one unit's `keys`. */
  readonly unitOfKey: Int32Array;
  /** The partition each unit came from (the failure domain and replica group it still uses). */
  readonly partitionOfUnit: number[] = [];
  private readonly keys: number[][] = [];
  /** Units asked for per key since its unit last split or cooled down. */
  private readonly heatOfKey: Float64Array;
  private readonly second: number[] = [];
  private readonly asked: Record<Dimension, number>[] = [];
  /** When the unit's current run of hot seconds began; -1: it is not hot. */
  private readonly hotSinceUs: number[] = [];
  private readonly whole: boolean[] = [];

  constructor(private readonly cfg: HeatSplitConfig) {
    this.unitOfKey = Int32Array.from(cfg.partitionOfKey);
    this.heatOfKey = new Float64Array(cfg.partitionOfKey.length);
    for (let p = 0; p < cfg.partitions; p++) this.addUnit(p, []);
    for (let k = 0; k < cfg.partitionOfKey.length; k++) this.keys[cfg.partitionOfKey[k]].push(k);
    for (const ks of this.keys) ks.sort((a, b) => cfg.hashOfKey[a] - cfg.hashOfKey[b] || a - b);
  }

  get units(): number {
    return this.keys.length;
  }

  private addUnit(partition: number, keys: number[]): number {
    this.partitionOfUnit.push(partition);
    this.keys.push(keys);
    this.second.push(-1);
    this.asked.push({ read: 0, write: 0 });
    this.hotSinceUs.push(-1);
    this.whole.push(false);
    return this.keys.length - 1;
  }

  /**
   * A request for `units` of `dim` on key `key` at `nowUs` (before admission decides). Returns the
   * split it made due, or null.
   */
  observe(key: number, dim: Dimension, units: number, nowUs: number): Split | null {
    const u = this.unitOfKey[key];
    const s = Math.floor(nowUs / US_PER_S);
    if (s !== this.second[u]) {
      this.closeSecond(u, s);
      this.second[u] = s;
    }
    this.asked[u][dim] += units;
    this.heatOfKey[key] += units;
    const since = this.hotSinceUs[u];
    if (since < 0 || this.whole[u] || nowUs - since < this.cfg.afterUs) return null;
    return this.split(u);
  }

  /** Closes the unit's last second: hot when near a limit; a quiet gap (no request at all) cools it. */
  private closeSecond(u: number, nextSecond: number): void {
    const last = this.second[u];
    if (last < 0) return;
    const a = this.asked[u];
    const f = this.cfg.thresholdFraction;
    const hot = a.read >= f * this.cfg.limits.read || a.write >= f * this.cfg.limits.write;
    a.read = 0;
    a.write = 0;
    if (hot && nextSecond === last + 1) {
      if (this.hotSinceUs[u] < 0) this.hotSinceUs[u] = last * US_PER_S;
      return;
    }
    if (hot) {
      // Hot, then silent for a second or more: a new run may start at the next hot second.
      this.hotSinceUs[u] = -1;
      return;
    }
    this.hotSinceUs[u] = -1;
    this.whole[u] = false;
    for (const k of this.keys[u]) this.heatOfKey[k] = 0;
  }

  /** Cuts the unit's keys where its recent traffic is halved; a unit whose traffic is on one key stays whole. */
  private split(u: number): Split | null {
    const ks = this.keys[u];
    let total = 0;
    for (const k of ks) total += this.heatOfKey[k];
    // The cut after position i leaves keys[0..i] below it; choose the one closest to half the heat,
    // with at least one key on each side.
    let best = -1;
    let bestGap = Infinity;
    let below = 0;
    for (let i = 0; i < ks.length - 1; i++) {
      below += this.heatOfKey[ks[i]];
      const gap = Math.abs(total / 2 - below);
      if (gap < bestGap && below > 0 && below < total) {
        bestGap = gap;
        best = i;
      }
    }
    if (best < 0) {
      this.whole[u] = true;
      return null;
    }
    const moved = ks.splice(best + 1);
    let movedHeat = 0;
    for (const k of moved) movedHeat += this.heatOfKey[k];
    const child = this.addUnit(this.partitionOfUnit[u], moved);
    for (const k of moved) this.unitOfKey[k] = child;
    for (const k of ks) this.heatOfKey[k] = 0;
    for (const k of moved) this.heatOfKey[k] = 0;
    this.hotSinceUs[u] = -1;
    this.second[u] = -1;
    this.asked[u].read = 0;
    this.asked[u].write = 0;
    const partition = this.partitionOfUnit[u];
    const parts = this.partitionOfUnit.reduce((n, p) => n + (p === partition ? 1 : 0), 0);
    return { partition, parts, parent: u, child, parentKeys: ks.length, childKeys: moved.length, childShare: total > 0 ? movedHeat / total : 0 };
  }
}
