// The streaming check on whole runs: a store small enough to close windows many times over must
// give the verdict of the end-of-run check, and every figure the same; a key that never quiesces
// is unknown alone, with its reason.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, withRate } from '../../test/bundled.ts';
import { StreamingCheck } from './streaming-check.ts';
import { checkRun } from './consistency-check.ts';
import type { HistoryEvent } from '../../sim/history.ts';
import type { Operation } from '../../sim/operation.ts';

describe('measure > streaming check', () => {
  it('gives the end-of-run verdict and figures on bundled runs while holding 8,000 rows', () => {
    for (const [name, rate] of [['rds-multi-az-writer-crash', 300], ['dynamodb-eventual-reads', undefined], ['redis-minority-partition-long', undefined]] as const) {
      const s = rate === undefined ? loadBundled(name) : withRate(loadBundled(name), rate);
      const whole = runScenario(s);
      const streamed = runScenario(s, { historyRetainRows: 8000 });
      expect(streamed.summary, name).toEqual(whole.summary);
      expect(streamed.violation === null, name).toBe(whole.violation === null);
    }
  });

  it('calls a key that never quiesces unknown, that key only, and says why', () => {
    const check = new StreamingCheck((k) => `k${k}`, 64, 16);
    let index = 0;
    let id = 0;
    let value = 1;
    const op = (keyIndex: number, kind: 'read' | 'write', process: number): Operation =>
      ({ id: id++, kind, keyIndex, key: `k${keyIndex}`, value: kind === 'write' ? value++ : null, consistency: 'strong', sizeBytes: 8, clientIndex: process, process, invokeUs: index }) as Operation;
    const ev = (type: HistoryEvent['type'], o: Operation, v: number | null = null): HistoryEvent => ({ type, op: o, timeUs: index, index: index++, value: v, attempts: 1 }) as HistoryEvent;
    // Key 0: overlapping operations, one always in flight. Key 1: one at a time.
    let open = op(0, 'write', 0);
    check.record(ev('invoke', open));
    for (let n = 0; n < 200; n++) {
      const next = op(0, 'write', n % 2 === 0 ? 1 : 0);
      check.record(ev('invoke', next));
      check.record(ev('ok', open));
      open = next;
      const w = op(1, 'write', 2);
      check.record(ev('invoke', w));
      check.record(ev('ok', w));
    }
    check.record(ev('ok', open));
    const r = checkRun(check);
    expect(r.linearizable).toBe('unknown');
    expect(r.unknownKeys).toEqual([{ key: 'k0', reason: 'no quiescent point (a moment with no operation of the key in flight) within 16 operations' }]);
    expect(check.rowsDropped).toBeGreaterThan(150);
  });
});
