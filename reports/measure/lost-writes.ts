// Lost writes: writes acknowledged ok whose value is not in the surviving history of their key
// once the run is over (faults healed, settle period passed). The engine says what survived;
// the history says what was acknowledged. rpo_s is the span of time the lost writes cover:
// from the invocation of the earliest lost write to the acknowledgement of the latest.

import type { WriteRegistry } from './write-registry.ts';

export interface LostWrites {
  count: number;
  rpoUs: number | null;
  /** The lost values with their acknowledgement times, for per-fault attribution. */
  lost: { value: number; ackUs: number }[];
}

export function countLostWrites(writes: WriteRegistry, surviving: (keyIndex: number) => Iterable<number>): LostWrites {
  const lost: { value: number; ackUs: number }[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const k of writes.keysWithAckedWrites()) {
    const kept = new Set(surviving(k));
    for (const v of writes.acked(k)) {
      if (kept.has(v)) continue;
      const ackUs = writes.ackOf(v);
      lost.push({ value: v, ackUs });
      first = Math.min(first, writes.invokeOf(v));
      last = Math.max(last, ackUs);
    }
  }
  lost.sort((a, b) => a.ackUs - b.ackUs || a.value - b.value);
  return { count: lost.length, rpoUs: lost.length === 0 ? null : last - first, lost };
}
