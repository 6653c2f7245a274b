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
  // A value belongs to one key, and a key's surviving history holds only values written to it,
  // so the union over the keys written is enough: no per-key list of acknowledged values. One bit
  // per value (not a set of numbers) keeps this last step small on a long run.
  const top = writes.largestValue();
  const kept = new Uint8Array((top >> 3) + 1);
  for (const k of writes.keysWithAckedWrites()) {
    for (const v of surviving(k)) if (v >= 0 && v <= top) kept[v >> 3] |= 1 << (v & 7);
  }
  const lost: { value: number; ackUs: number }[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const v of writes.ackedValues()) {
    if ((kept[v >> 3] & (1 << (v & 7))) !== 0) continue;
    const ackUs = writes.ackOf(v);
    lost.push({ value: v, ackUs });
    first = Math.min(first, writes.invokeOf(v));
    last = Math.max(last, ackUs);
  }
  lost.sort((a, b) => a.ackUs - b.ackUs || a.value - b.value);
  return { count: lost.length, rpoUs: lost.length === 0 ? null : last - first, lost };
}
