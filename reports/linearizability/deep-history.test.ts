// One key with hundreds of thousands of operations: nothing in the check may recurse (or spread
// arguments) to a depth that grows with the history, or the JS stack overflows. Built in memory.

import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.ts';
import type { HistoryEvent } from './types.ts';

/** `n` sequential ops on key "k" by one process: writes of `n % 3` values, each read back. */
function sequential(n: number, badReadAt = -1): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (let i = 0; i < n; i += 2) {
    const v = i % 3;
    events.push({ process: 0, type: 'invoke', f: 'write', key: 'k', value: v }, { process: 0, type: 'ok', f: 'write', key: 'k', value: v });
    const read = i === badReadAt ? 7 : v;
    events.push({ process: 0, type: 'invoke', f: 'read', key: 'k', value: null }, { process: 0, type: 'ok', f: 'read', key: 'k', value: read });
  }
  return events;
}

describe('linearizability > deep histories', () => {
  it('checks 200,000 operations on one key whose writes repeat values, without a stack overflow', () => {
    const result = checkHistory(sequential(200_000));
    expect(result.ops).toBe(200_000);
    expect(result.linearizable).toBe(true);
  }, 20_000);

  it('checks 500,000 invocations left open on one key', () => {
    const events: HistoryEvent[] = [];
    for (let p = 0; p < 500_000; p++) events.push({ process: p, type: 'invoke', f: 'write', key: 'k', value: p % 3 });
    events.push({ process: -1, type: 'invoke', f: 'read', key: 'k', value: null }, { process: -1, type: 'ok', f: 'read', key: 'k', value: 1 });
    expect(checkHistory(events, { shrink: false }).linearizable).toBe(true);
  }, 20_000);
});
