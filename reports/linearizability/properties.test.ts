// Property tests: simulated registers are linearizable by construction; corrupting one read
// makes them not. Seeded, so a failure replays (fast-check prints the seed and path).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.ts';
import { pairOperations } from './pair-operations.ts';
import { mulberry32, simulateRegisterHistory } from './simulated-history.ts';
import type { SimulationPlan } from './simulated-history.ts';
import type { HistoryEvent } from './types.ts';

const SEED = 20251125;

const plans: fc.Arbitrary<SimulationPlan> = fc.record({
  processes: fc.integer({ min: 1, max: 6 }),
  ops: fc.integer({ min: 1, max: 60 }),
  keys: fc.integer({ min: 0, max: 3 }),
  writeShare: fc.double({ min: 0.1, max: 0.6, noNaN: true }),
  casShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  infoShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  values: fc.oneof(fc.constant('unique' as const), fc.integer({ min: 1, max: 4 })),
});

const simulated = fc.tuple(fc.integer({ min: 1, max: 0x7fffffff }), plans).map(([seed, plan]) => simulateRegisterHistory(mulberry32(seed), plan));

function withValue(events: readonly HistoryEvent[], index: number, value: unknown): HistoryEvent[] {
  return events.map((e, i) => (i === index ? { ...e, value } : e));
}

/**
 * A read that certainly saw an overwritten value: write w of u completed before write w2 was
 * invoked, and w2 completed before read r was invoked. With unique values nothing else writes u.
 */
function staleRead(events: readonly HistoryEvent[]): { index: number; value: unknown } | undefined {
  const ops = pairOperations(events);
  const writes = ops.filter((o) => o.f === 'write' && o.status === 'ok');
  for (const r of ops) {
    if (r.f !== 'read' || r.status !== 'ok') continue;
    for (const w2 of writes) {
      if (w2.key !== r.key || w2.completeIndex > r.invokeIndex) continue;
      const w = writes.find((x) => x.key === r.key && x.completeIndex < w2.invokeIndex);
      if (w !== undefined) return { index: r.completeIndex, value: w.input };
    }
  }
  return undefined;
}

function okReadIndexes(events: readonly HistoryEvent[]): number[] {
  return events.flatMap((e, i) => (e.type === 'ok' && e.f === 'read' ? [i] : []));
}

describe('linearizability > properties', () => {
  it('accepts every simulated register history', () => {
    fc.assert(
      fc.property(simulated, (events) => {
        expect(checkHistory(events).linearizable).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('still accepts it when any acknowledged write becomes indeterminate', () => {
    fc.assert(
      fc.property(simulated, fc.nat(), (events, pick) => {
        const acked = events.flatMap((e, i) => (e.type === 'ok' && e.f === 'write' ? [i] : []));
        fc.pre(acked.length > 0);
        const at = acked[pick % acked.length];
        const changed = events.map((e, i) => (i === at ? { ...e, type: 'info' as const } : e));
        expect(checkHistory(changed).linearizable).toBe(true);
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });

  it('rejects a read of a value never written, with a failing window that fails alone', () => {
    fc.assert(
      fc.property(simulated, fc.nat(), (events, pick) => {
        const reads = okReadIndexes(events);
        fc.pre(reads.length > 0);
        const corrupted = withValue(events, reads[pick % reads.length], -1);
        const result = checkHistory(corrupted);
        expect(result.linearizable).toBe(false);
        const window = result.violation!;
        expect(window.ops.length).toBeGreaterThan(0);
        expect(window.ops.length).toBeLessThanOrEqual(window.keyOps);
        expect(checkHistory(window.events, { shrink: false }).linearizable).toBe(false);
      }),
      { seed: SEED + 2, numRuns: 200 },
    );
  });

  it('rejects a read of an overwritten value, with a failing window that fails alone', () => {
    const unique = fc
      .tuple(fc.integer({ min: 1, max: 0x7fffffff }), plans)
      .map(([seed, plan]) => simulateRegisterHistory(mulberry32(seed), { ...plan, values: 'unique', ops: plan.ops + 10 }));
    fc.assert(
      fc.property(unique, (events) => {
        const stale = staleRead(events);
        fc.pre(stale !== undefined);
        const result = checkHistory(withValue(events, stale!.index, stale!.value));
        expect(result.linearizable).toBe(false);
        expect(checkHistory(result.violation!.events, { shrink: false }).linearizable).toBe(false);
      }),
      { seed: SEED + 3, numRuns: 200 },
    );
  });

  it('shrinks a read of a value never written to a window of that read (and the ops in flight)', () => {
    const sizes: number[] = [];
    fc.assert(
      fc.property(simulated, fc.nat(), (events, pick) => {
        const reads = okReadIndexes(events);
        fc.pre(reads.length > 0);
        const result = checkHistory(withValue(events, reads[pick % reads.length], -1), { uniqueWrites: false });
        expect(result.violation!.minimal).toBe(true);
        sizes.push(result.violation!.ops.length - result.violation!.inFlight);
      }),
      { seed: SEED + 4, numRuns: 100 },
    );
    // A read of a value never written fails on its own: the window is that one read.
    expect(Math.max(...sizes)).toBe(1);
  });
});
