// Per-interval figures by failure domain and by replica, for report.html's charts only: the
// availability of each domain the engine names for a key (a shard, a partition, a writer) and
// the largest replication lag each replica reported. One DomainBucket rides in each time-series
// bucket (timeseries.ts), so it is found with the same lookup; its row is kept in memory and
// handed to the report, never written to timeseries.csv, so no output moves.
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

export class DomainBucket {
  private readonly domains = new Map<string, Counts>();
  private readonly lagMs = new Map<string, number>();

  completed(domain: string, ok: boolean): void {
    let c = this.domains.get(domain);
    if (c === undefined) this.domains.set(domain, (c = new Counts()));
    c.completed++;
    if (ok) c.ok++;
  }

  lag(replica: string, lagMs: number): void {
    this.lagMs.set(replica, Math.max(this.lagMs.get(replica) ?? 0, lagMs));
  }

  /** The interval's row; sorted, so it reads the same whatever order the operations completed in. */
  row(tS: number): DomainRow {
    const availability: Record<string, number> = {};
    const lagMs: Record<string, number> = {};
    for (const d of [...this.domains.keys()].sort()) availability[d] = this.domains.get(d)!.ok / this.domains.get(d)!.completed;
    for (const r of [...this.lagMs.keys()].sort()) lagMs[r] = this.lagMs.get(r)!;
    return { t_s: tS, availability, lagMs };
  }
}
