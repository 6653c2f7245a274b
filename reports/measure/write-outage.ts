// Write outages per failure domain, from the history alone. Writes to a domain are taken in
// invocation order; an outage is a run of consecutive writes that all failed or timed out, and
// lasts from the first failing write's invocation to the invocation of the next write to that
// domain that succeeded (or to the end of the workload, if none did). Completions arrive out of
// invocation order, so each domain keeps its writes still in flight in a queue: memory grows
// with what is in flight, not with the run.

export interface OutageSpan {
  domain: string;
  startUs: number;
  endUs: number;
}

interface Pending {
  invokeUs: number;
  /** 0 = in flight, 1 = ok, 2 = failed or unknown. */
  outcome: 0 | 1 | 2;
}

class DomainQueue {
  queue: Pending[] = [];
  head = 0;
  streakStartUs = -1;
}

export class WriteOutages {
  private domains = new Map<string, DomainQueue>();
  longest: OutageSpan | null = null;

  /** Called for every finished outage span. */
  constructor(private readonly onSpan: (s: OutageSpan) => void = () => {}) {}

  invoked(domain: string, invokeUs: number): Pending {
    let d = this.domains.get(domain);
    if (d === undefined) this.domains.set(domain, (d = new DomainQueue()));
    const p: Pending = { invokeUs, outcome: 0 };
    d.queue.push(p);
    return p;
  }

  completed(domain: string, p: Pending, ok: boolean): void {
    p.outcome = ok ? 1 : 2;
    this.drain(domain, this.domains.get(domain)!);
  }

  /** The workload ended at `endUs`: close every open outage there. */
  finish(endUs: number): void {
    for (const [domain, d] of [...this.domains.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      // Writes still in flight at the very end count as failed: none of them succeeded.
      for (let i = d.head; i < d.queue.length; i++) if (d.queue[i].outcome === 0) d.queue[i].outcome = 2;
      this.drain(domain, d);
      if (d.streakStartUs >= 0) this.close(domain, d, endUs);
    }
  }

  private drain(domain: string, d: DomainQueue): void {
    while (d.head < d.queue.length && d.queue[d.head].outcome !== 0) {
      const p = d.queue[d.head++];
      if (p.outcome === 2) {
        if (d.streakStartUs < 0) d.streakStartUs = p.invokeUs;
      } else if (d.streakStartUs >= 0) {
        this.close(domain, d, p.invokeUs);
      }
    }
    if (d.head > 256 && d.head * 2 > d.queue.length) {
      d.queue = d.queue.slice(d.head);
      d.head = 0;
    }
  }

  private close(domain: string, d: DomainQueue, endUs: number): void {
    const span: OutageSpan = { domain, startUs: d.streakStartUs, endUs };
    d.streakStartUs = -1;
    if (this.longest === null || span.endUs - span.startUs > this.longest.endUs - this.longest.startUs) this.longest = span;
    this.onSpan(span);
  }
}
