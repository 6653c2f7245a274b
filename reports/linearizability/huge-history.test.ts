// Large and pathological histories: the check must end within its deterministic budget with
// true, false or unknown, never hang or run out of memory. Kept to a few seconds in all.

import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.ts';
import { mulberry32, simulateRegisterHistory } from './simulated-history.ts';
import type { HistoryEvent } from './types.ts';

function arrayBufferMb(): number {
  return process.memoryUsage().arrayBuffers / (1024 * 1024);
}

describe('linearizability > huge histories', () => {
  const manyKeys = simulateRegisterHistory(mulberry32(7), {
    processes: 64,
    ops: 300_000,
    keys: 2_000,
    writeShare: 0.4,
    casShare: 0.1,
    infoShare: 0.02,
    values: 'unique',
  });

  it('decides 300,000 operations on 2,000 keys within the default budget', () => {
    const result = checkHistory(manyKeys);
    expect(result.ops).toBe(300_000);
    expect(result.keys).toBe(2_000);
    expect(result.linearizable).toBe(true);
  });

  it('finds one corrupted read among them', () => {
    const at = manyKeys.findIndex((e, i) => i > 400_000 && e.type === 'ok' && e.f === 'read');
    const corrupted: HistoryEvent[] = manyKeys.map((e, i) => (i === at ? { ...e, value: -5 } : e));
    const result = checkHistory(corrupted);
    expect(result.linearizable).toBe(false);
    expect(result.violation!.key).toBe(manyKeys[at].key);
    expect(result.violation!.ops.map((o) => o.output)).toContain(-5);
  });

  // One register, 200 processes all overlapping, values from {0, 1, 2}, many timeouts: the
  // search space explodes, so the budget must end it.
  const pathological = simulateRegisterHistory(mulberry32(11), {
    processes: 200,
    ops: 20_000,
    keys: 0,
    writeShare: 0.5,
    casShare: 0.2,
    infoShare: 0.3,
    values: 3,
  });

  it('ends a pathological single key at the step budget with unknown or a verdict', () => {
    const result = checkHistory(pathological, { maxSteps: 300_000 });
    expect(result.steps).toBeLessThanOrEqual(300_000);
    // Linearizable by construction: any verdict but false would be a bug.
    expect(result.linearizable).not.toBe(false);
  });

  it('keeps its tables within the memory budget and goes on without caching past it', () => {
    const before = arrayBufferMb();
    const result = checkHistory(pathological, { maxSteps: 1_000_000, maxMemoBytes: 1024 * 1024 });
    expect(result.linearizable).not.toBe(false);
    expect(result.memoFull).toBe(true);
    expect(arrayBufferMb() - before).toBeLessThan(64);
  });

  it('gives up on kv appends that explode the string table, instead of exhausting the heap', () => {
    // 24 concurrent appends and a put spanning them all, then a get no order can produce. The
    // put could reset the string before the get, so every order of appends stays a candidate.
    const events: HistoryEvent[] = [{ process: 100, type: 'invoke', f: 'put', key: 'k', value: 'P' }];
    for (let p = 0; p < 24; p++) events.push({ process: p, type: 'invoke', f: 'append', key: 'k', value: `<${p}>` });
    for (let p = 0; p < 24; p++) events.push({ process: p, type: 'ok', f: 'append', key: 'k', value: `<${p}>` });
    events.push({ process: 100, type: 'ok', f: 'put', key: 'k', value: 'P' });
    events.push({ process: 99, type: 'invoke', f: 'get', key: 'k', value: null });
    events.push({ process: 99, type: 'ok', f: 'get', key: 'k', value: 'P<none>' });
    const result = checkHistory(events, { maxMemoBytes: 4 * 1024 * 1024 });
    expect(result.linearizable).toBe('unknown');
    expect(result.steps).toBeLessThan(20_000_000);
  });
});
