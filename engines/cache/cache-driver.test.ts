// The cache driver against scripted drivers: which commands reach the cache and the database,
// in what order, and what the application sees.
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../sim/scheduler.ts';
import { Attempt, type AttemptResult, type Driver, type Operation } from '../../sim/operation.ts';
import { ABSENT, CacheDriver, type CacheStrategy } from './cache-driver.ts';

/** A driver that answers each command after `delayUs` with `answer(op)` (never, if it returns null), and logs it. */
class Scripted implements Driver {
  log: string[] = [];
  abandoned = 0;
  constructor(
    private readonly sched: Scheduler,
    private readonly delayUs: number,
    private readonly answer: (op: Operation) => AttemptResult | null,
  ) {}
  start(a: Attempt): void {
    const op = a.op;
    this.log.push(op.kind === 'read' ? `get ${op.key}` : op.value === null ? `del ${op.key}` : `set ${op.key} ${op.value}`);
    a.sent = true;
    const r = this.answer(op);
    if (r !== null) this.sched.after(this.delayUs, () => a.finish(r));
  }
  abandon(): void {
    this.abandoned++;
  }
}

function op(kind: 'read' | 'write', value: number | null = null): Operation {
  return { id: 1, kind, keyIndex: 7, key: 'k7', value, consistency: 'strong', sizeBytes: 100, clientIndex: 0, process: 0, invokeUs: 0 };
}

function setup(strategy: CacheStrategy, cacheAnswer: (op: Operation) => AttemptResult | null, dbValue: number | null = 42) {
  const sched = new Scheduler();
  const counts: Record<string, number> = {};
  const cache = new Scripted(sched, 500, cacheAnswer);
  const db = new Scripted(sched, 2000, (o) => ({ ok: true, value: o.kind === 'read' ? dbValue : o.value }));
  const driver = new CacheDriver({ strategy, timeoutUs: 100_000, scheduler: sched, count: (c, n) => (counts[c] = (counts[c] ?? 0) + n) }, cache, db);
  const results: { r: AttemptResult; at: number }[] = [];
  const attempt = (o: Operation) => {
    const a = new Attempt(o, 1, (_a, r) => results.push({ r, at: sched.now }));
    driver.start(a);
    return a;
  };
  return { sched, counts, cache, db, results, attempt };
}

/** A cache that holds nothing: GET answers absent, SET and DEL succeed. */
const miss = (): AttemptResult => ({ ok: true, value: null });

describe('cache', () => {
  describe('driver', () => {
    it('serves a hit from the cache alone', () => {
      const t = setup('cache-aside', () => ({ ok: true, value: 9 }));
      t.attempt(op('read'));
      t.sched.runUntil(1_000_000);
      expect(t.results).toEqual([{ r: { ok: true, value: 9 }, at: 500 }]);
      expect(t.db.log).toEqual([]);
      expect(t.counts).toEqual({ cache_hits: 1 });
    });

    it('on a miss reads the database, answers, then fills the cache with its value', () => {
      const t = setup('cache-aside', miss);
      t.attempt(op('read'));
      t.sched.runUntil(1_000_000);
      expect(t.results).toEqual([{ r: { ok: true, value: 42 }, at: 2500 }]);
      expect(t.cache.log).toEqual(['get k7', 'set k7 42']);
      expect(t.counts).toEqual({ cache_misses: 1, db_reads: 1 });
    });

    it('caches "no such key" as ABSENT and serves it back as absent', () => {
      const t = setup('cache-aside', miss, null);
      t.attempt(op('read'));
      t.sched.runUntil(1_000_000);
      expect(t.cache.log).toEqual(['get k7', `set k7 ${ABSENT}`]);
      const hit = setup('cache-aside', () => ({ ok: true, value: ABSENT }));
      hit.attempt(op('read'));
      hit.sched.runUntil(1_000_000);
      expect(hit.results[0].r).toEqual({ ok: true, value: null });
    });

    it('goes to the database when the cache does not answer within the cache timeout', () => {
      const t = setup('cache-aside', () => null);
      t.attempt(op('read'));
      t.sched.runUntil(1_000_000);
      expect(t.results).toEqual([{ r: { ok: true, value: 42 }, at: 102_000 }]);
      expect(t.cache.abandoned).toBeGreaterThanOrEqual(1);
      expect(t.counts.cache_misses).toBe(1);
    });

    it('cache-aside: writes the database, then deletes the key from the cache, then answers', () => {
      const t = setup('cache-aside', miss);
      const a = t.attempt(op('write', 5));
      t.sched.runUntil(1_000_000);
      expect(t.db.log).toEqual(['set k7 5']);
      expect(t.cache.log).toEqual(['del k7']);
      expect(t.results).toEqual([{ r: { ok: true, value: 5 }, at: 2500 }]);
      expect(a.sent).toBe(true);
    });

    it('write-through: writes the database, then sets the new value in the cache', () => {
      const t = setup('write-through', miss);
      t.attempt(op('write', 5));
      t.sched.runUntil(1_000_000);
      expect(t.cache.log).toEqual(['set k7 5']);
    });

    it('answers a write the database took even when the cache command times out', () => {
      const t = setup('cache-aside', () => null);
      t.attempt(op('write', 5));
      t.sched.runUntil(1_000_000);
      expect(t.results).toEqual([{ r: { ok: true, value: 5 }, at: 102_000 }]);
    });

    it('touches neither cache nor database further once the client gave up', () => {
      const t = setup('cache-aside', miss);
      const a = t.attempt(op('read'));
      t.sched.runUntil(1000); // the miss came back; the database read is in flight
      a.finished = true;
      expect(t.db.log).toEqual(['get k7']);
      t.sched.runUntil(1_000_000);
      expect(t.results).toEqual([]);
      expect(t.cache.log).toEqual(['get k7']);
    });
  });
});
