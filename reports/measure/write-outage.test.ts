import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WriteOutages, type OutageSpan } from './write-outage.ts';

type Plan = [domain: string, invokeUs: number, outcome: 'ok' | 'fail' | null][];

/** Invokes the writes in the order given, then completes them in `completionOrder` (indices). */
function run(plan: Plan, completionOrder?: number[], endUs?: number): { spans: OutageSpan[]; o: WriteOutages } {
  const spans: OutageSpan[] = [];
  const o = new WriteOutages((s) => spans.push(s));
  const pending = plan.map(([d, t]) => o.invoked(d, t));
  for (const i of completionOrder ?? plan.map((_, i) => i)) {
    const outcome = plan[i][2];
    if (outcome !== null) o.completed(plan[i][0], pending[i], outcome === 'ok');
  }
  if (endUs !== undefined) o.finish(endUs);
  return { spans, o };
}

describe('reports', () => {
  describe('write outage', () => {
    it('lasts from the first failing invocation to the invocation of the next successful write to that domain', () => {
      const { spans, o } = run([
        ['db', 100, 'ok'],
        ['db', 200, 'fail'],
        ['db', 300, 'fail'],
        ['db', 450, 'ok'],
        ['db', 500, 'ok'],
      ]);
      expect(spans).toEqual([{ domain: 'db', startUs: 200, endUs: 450 }]);
      expect(o.longest).toEqual({ domain: 'db', startUs: 200, endUs: 450 });
    });

    it('reports no outage when every write succeeded', () => {
      const { spans, o } = run([
        ['db', 1, 'ok'],
        ['db', 2, 'ok'],
      ], undefined, 10);
      expect(spans).toEqual([]);
      expect(o.longest).toBeNull();
    });

    it("shows one failure domain's outage while another keeps writing", () => {
      const { spans, o } = run([
        ['shard-a', 100, 'ok'],
        ['shard-b', 110, 'fail'],
        ['shard-a', 200, 'ok'],
        ['shard-b', 210, 'fail'],
        ['shard-a', 300, 'ok'],
        ['shard-b', 900, 'ok'],
      ]);
      expect(spans).toEqual([{ domain: 'shard-b', startUs: 110, endUs: 900 }]);
      expect(o.longest?.domain).toBe('shard-b');
    });

    it('takes writes in invocation order even when they complete out of order', () => {
      // The ok write invoked at 300 completes first; the failures invoked before it complete later.
      // The outage is still 100 -> 300, and the ok write invoked at 50 (completing last) ends nothing.
      const { spans } = run(
        [
          ['db', 50, 'ok'],
          ['db', 100, 'fail'],
          ['db', 200, 'fail'],
          ['db', 300, 'ok'],
        ],
        [3, 2, 1, 0],
      );
      expect(spans).toEqual([{ domain: 'db', startUs: 100, endUs: 300 }]);
    });

    it('does not close an outage while an earlier-invoked write is still in flight', () => {
      const spans: OutageSpan[] = [];
      const o = new WriteOutages((s) => spans.push(s));
      const a = o.invoked('db', 100);
      const b = o.invoked('db', 200);
      const c = o.invoked('db', 300);
      o.completed('db', b, false);
      o.completed('db', c, true);
      expect(spans).toEqual([]); // the write at 100 could still succeed: the outage may start at 200
      o.completed('db', a, true);
      expect(spans).toEqual([{ domain: 'db', startUs: 200, endUs: 300 }]);
    });

    it('closes an outage still open at the end of the workload at that end', () => {
      const { spans } = run([
        ['db', 100, 'ok'],
        ['db', 400, 'fail'],
        ['db', 500, 'fail'],
      ], undefined, 1_000);
      expect(spans).toEqual([{ domain: 'db', startUs: 400, endUs: 1_000 }]);
    });

    it('counts writes still in flight at the end as failing: none of them succeeded', () => {
      const { spans } = run([
        ['db', 100, 'ok'],
        ['db', 600, null],
        ['db', 700, 'fail'],
      ], undefined, 1_000);
      expect(spans).toEqual([{ domain: 'db', startUs: 600, endUs: 1_000 }]);
    });

    it('reports the longest span over every domain, and the earlier one on a tie', () => {
      const { spans, o } = run([
        ['a', 0, 'fail'],
        ['a', 100, 'ok'], // a: 0 -> 100 (100)
        ['b', 150, 'fail'],
        ['b', 450, 'ok'], // b: 150 -> 450 (300)
        ['a', 500, 'fail'],
        ['a', 800, 'ok'], // a: 500 -> 800 (300, a tie)
      ]);
      expect(spans).toHaveLength(3);
      expect(o.longest).toEqual({ domain: 'b', startUs: 150, endUs: 450 });
    });

    it('reports every finished span to the callback, in the order they close', () => {
      const { spans } = run(
        [
          ['a', 0, 'fail'],
          ['a', 10, 'ok'],
          ['b', 20, 'fail'],
          ['a', 30, 'fail'],
        ],
        undefined,
        100,
      );
      // a's first span closes at its ok write; at the end, domains close in name order.
      expect(spans).toEqual([
        { domain: 'a', startUs: 0, endUs: 10 },
        { domain: 'a', startUs: 30, endUs: 100 },
        { domain: 'b', startUs: 20, endUs: 100 },
      ]);
    });

    it('keeps memory to what is in flight over a long run', () => {
      const o = new WriteOutages();
      for (let i = 0; i < 10_000; i++) o.completed('db', o.invoked('db', i), i % 100 !== 0);
      const queue = (o as unknown as { domains: Map<string, { queue: unknown[] }> }).domains.get('db')!.queue;
      expect(queue.length).toBeLessThan(600);
      expect(o.longest).toEqual({ domain: 'db', startUs: 0, endUs: 1 });
    });
  });
});

describe('reports', () => {
  describe('write outage', () => {
    it('agrees with the definition evaluated by brute force, whatever order writes complete in', () => {
      const plan = fc.array(fc.record({ domain: fc.constantFrom('a', 'b'), gap: fc.integer({ min: 0, max: 50 }), outcome: fc.constantFrom('ok', 'fail', null) }), { maxLength: 30 });
      fc.assert(
        fc.property(plan, fc.infiniteStream(fc.nat()), (writes, picks) => {
          let t = 0;
          const ws = writes.map((w) => ({ ...w, invokeUs: (t += w.gap) }));
          const END = t + 100;
          // The definition: per domain, writes in invocation order; a run of failing (or unfinished)
          // writes lasts from its first invocation to the next ok write's invocation, or to the end.
          let want = 0;
          for (const d of ['a', 'b']) {
            let start: number | null = null;
            for (const w of ws.filter((x) => x.domain === d)) {
              if (w.outcome !== 'ok') start ??= w.invokeUs;
              else if (start !== null) {
                want = Math.max(want, w.invokeUs - start);
                start = null;
              }
            }
            if (start !== null) want = Math.max(want, END - start);
          }
          const o = new WriteOutages();
          const pending = ws.map((w) => o.invoked(w.domain, w.invokeUs));
          const order = ws.map((_, i) => i);
          const it = picks[Symbol.iterator]();
          for (let i = order.length - 1; i > 0; i--) {
            const j = it.next().value % (i + 1);
            [order[i], order[j]] = [order[j], order[i]];
          }
          for (const i of order) if (ws[i].outcome !== null) o.completed(ws[i].domain, pending[i], ws[i].outcome === 'ok');
          o.finish(END);
          expect(o.longest === null ? 0 : o.longest.endUs - o.longest.startUs).toBe(want);
        }),
        { seed: 20261125, numRuns: 300 },
      );
    });
  });
});
