// Checking a stored history batch by batch agrees with checking it whole, and names positions
// in the whole history.

import { describe, expect, it } from 'vitest';
import { checkBatches } from './check-batches.ts';
import { checkHistory } from './check-history.ts';
import { EventStore } from './event-store.ts';
import { mulberry32, simulateRegisterHistory } from './simulated-history.ts';
import type { HistoryEvent } from './types.ts';

function store(events: readonly HistoryEvent[], file = 'h.jsonl'): EventStore {
  const s = new EventStore(file);
  events.forEach((e, i) => s.add(JSON.stringify(e), i + 1));
  return s;
}

const history = simulateRegisterHistory(mulberry32(3), { processes: 16, ops: 4_000, keys: 40, writeShare: 0.4, casShare: 0.1, infoShare: 0.05, values: 4 });

describe('linearizability > check in batches', () => {
  it('gives the same result as checkHistory when the history is one batch', () => {
    expect(checkBatches(store(history))).toEqual(checkHistory(history));
  });

  it('gives the same verdict, ops and keys in batches of a few keys', () => {
    const whole = checkHistory(history);
    const batched = checkBatches(store(history), {}, 500);
    expect([batched.linearizable, batched.ops, batched.keys]).toEqual([whole.linearizable, whole.ops, whole.keys]);
  });

  it('reports a violation with event positions in the whole history', () => {
    const at = history.findIndex((e, i) => i > 6_000 && e.type === 'ok' && e.f === 'read');
    const bad = history.map((e, i) => (i === at ? { ...e, value: 99 } : e));
    const r = checkBatches(store(bad), {}, 500);
    expect(r.linearizable).toBe(false);
    expect(r.violation!.ops.some((op) => op.completeIndex === at)).toBe(true);
  });

  it('applies the pairing rules across keys as the events stream in', () => {
    const s = new EventStore('h.jsonl');
    s.add('{"process":1,"type":"invoke","f":"write","key":"a","value":1}', 1);
    expect(() => s.add('{"process":1,"type":"invoke","f":"write","key":"b","value":2}', 3)).toThrow('h.jsonl:3: process: process 1 invokes while its operation from line 1 is in flight');
    expect(() => s.add('{"process":2,"type":"ok","f":"write","key":"b","value":2}', 4)).toThrow('h.jsonl:4: process:');
  });
});
