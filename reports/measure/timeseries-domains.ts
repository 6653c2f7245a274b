// Per-interval figures by failure domain and by replica, for report.html's charts only: the
// availability of each domain the engine names for a key (a shard, a partition, a writer) and
// the largest replication lag each replica reported. Kept in memory (one small row per
// interval) and handed to the report; never written to timeseries.csv, so no output moves.
// Availability here is ok / completed, counted in the interval the operation was invoked in:
// an operation still outstanding when the run ends is left out.

export interface DomainRow {
  t_s: number;
  /** Per domain, ok / completed in the interval; absent when none of its operations completed. */
  availability: Record<string, number>;
  /** Per replica, the largest lag it reported in the interval (ms); absent when it reported none. */
  lagMs: Record<string, number>;
}

class Counts {
  completed = 0;
  ok = 0;
}

class DomainBucket {
  readonly domains = new Map<string, Counts>();
  readonly lagMs = new Map<string, number>();
}

export class DomainSeries {
  readonly rows: DomainRow[] = [];
  private open = new Map<number, DomainBucket>();

  constructor(private readonly intervalUs: number) {}

  private bucket(tUs: number): DomainBucket {
    const i = Math.floor(tUs / this.intervalUs);
    let b = this.open.get(i);
    if (b === undefined) this.open.set(i, (b = new DomainBucket()));
    return b;
  }

  completed(domain: string, invokeUs: number, ok: boolean): void {
    const m = this.bucket(invokeUs).domains;
    let c = m.get(domain);
    if (c === undefined) m.set(domain, (c = new Counts()));
    c.completed++;
    if (ok) c.ok++;
  }

  lag(replica: string, nowUs: number, lagMs: number): void {
    const m = this.bucket(nowUs).lagMs;
    m.set(replica, Math.max(m.get(replica) ?? 0, lagMs));
  }

  /** Interval `i` is closed (the timeseries row of the same interval was emitted). */
  close(i: number): void {
    const b = this.open.get(i);
    this.open.delete(i);
    const availability: Record<string, number> = {};
    const lagMs: Record<string, number> = {};
    if (b !== undefined) {
      // Sorted, so a row reads the same whatever order the operations completed in.
      for (const d of [...b.domains.keys()].sort()) availability[d] = b.domains.get(d)!.ok / b.domains.get(d)!.completed;
      for (const r of [...b.lagMs.keys()].sort()) lagMs[r] = b.lagMs.get(r)!;
    }
    this.rows.push({ t_s: (i * this.intervalUs) / 1e6, availability, lagMs });
  }
}
