// Test helper: how stale a run's queries by index key were, judged from its history alone. A query
// is stale when it returned a value older than a write of its key acknowledged before the query
// was invoked (in real-time order: the newer write was invoked after the value's write ended);
// its age is from that newer write's acknowledgement to the query's invocation.

import type { HistoryEvent } from '../../sim/history.ts';

interface Write {
  invokeUs: number;
  ackUs: number;
}

export class QueryStaleness {
  private readonly writes = new Map<number, Write>(); // value -> its write, once acknowledged
  private readonly acked = new Map<number, Write[]>(); // key -> acknowledged writes
  private readonly queries: { key: number; invokeUs: number; value: number | null }[] = [];

  /** The history sink to run with. */
  readonly history = (e: HistoryEvent): void => {
    if (e.type !== 'ok') return;
    const op = e.op;
    if (op.kind === 'write') {
      const w = { invokeUs: op.invokeUs, ackUs: e.timeUs };
      this.writes.set(op.value!, w);
      (this.acked.get(op.keyIndex) ?? this.acked.set(op.keyIndex, []).get(op.keyIndex)!).push(w);
    } else if (op.index === true) this.queries.push({ key: op.keyIndex, invokeUs: op.invokeUs, value: e.value });
  };

  get count(): number {
    return this.queries.length;
  }

  /** The age in ms of each stale query (a query returning a value never acknowledged is not judged). */
  staleAgesMs(): number[] {
    const out: number[] = [];
    for (const q of this.queries) {
      const read = q.value === null ? null : this.writes.get(q.value);
      if (read === undefined) continue;
      let oldest = Infinity;
      for (const w of this.acked.get(q.key) ?? []) {
        if (w.ackUs < q.invokeUs && (read === null || w.invokeUs > read.ackUs) && w.ackUs < oldest) oldest = w.ackUs;
      }
      if (oldest < Infinity) out.push((q.invokeUs - oldest) / 1000);
    }
    return out;
  }
}
