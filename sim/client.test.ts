import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { History, type HistoryEvent } from './history.ts';
import { Rng } from './rng.ts';
import { OpRunner, RunningOp, SimClient, type RetryPolicy } from './client.ts';
import { Attempt, type AttemptResult, type Driver, type OpKind, type Operation } from './operation.ts';

/** What the fake engine does with one attempt: `number` is the attempt's number (1 = first). */
type Behaviour = (a: Attempt, s: Scheduler) => void;

class FakeDriver implements Driver {
  started: { op: number; attempt: number; at: number }[] = [];
  abandoned: Attempt[] = [];
  constructor(
    private readonly s: Scheduler,
    public behaviour: Behaviour,
  ) {}
  start(a: Attempt): void {
    this.started.push({ op: a.op.id, attempt: a.number, at: this.s.now });
    this.behaviour(a, this.s);
  }
  abandon(a: Attempt): void {
    this.abandoned.push(a);
  }
}

const OP: Operation = { id: 1, kind: 'write', keyIndex: 0, key: 'k0', value: 5, consistency: 'strong', sizeBytes: 8, clientIndex: 0, process: 0, invokeUs: 0 };

const POLICY: RetryPolicy = { timeoutUs: 1_000, attempts: 1, backoffUs: 100, maxBackoffUs: 1_000 };

function setup(behaviour: Behaviour, policy: Partial<RetryPolicy> = {}) {
  const s = new Scheduler();
  const history = new History(() => s.now);
  const events: HistoryEvent[] = [];
  history.listen((e) => events.push(e));
  const errors: string[] = [];
  const runner = new OpRunner(s, history, { ...POLICY, ...policy }, new Rng('client-test'), (_op, err) => errors.push(err));
  const client = new SimClient('app-1', 'az-a', 0);
  const driver = new FakeDriver(s, behaviour);
  client.driver = driver;
  const done: RunningOp[] = [];
  let nextId = 0;
  let nextValue = 100;
  const run = (kind: OpKind = 'write'): RunningOp => {
    const op = new RunningOp(nextId++, kind, 3, 'k3', kind === 'write' ? nextValue++ : null, 'strong', 64, client.index, runner, client, (o) => done.push(o));
    runner.run(op);
    return op;
  };
  /** The history as compact tuples: [index, time, type, op id, process, value, attempts?, error?]. */
  const compact = () => events.map((e) => [e.index, e.timeUs, e.type, e.op.id, e.op.process, e.value, e.attempts, e.error]);
  return { s, runner, client, driver, events, errors, done, run, compact };
}

const replyAfter = (us: number, r: AttemptResult): Behaviour => (a, s) => {
  a.sent = true;
  s.after(us, () => a.finish(r));
};

describe('sim', () => {
  describe('client', () => {
    it('records invoke then ok with the written value for a successful write', () => {
      const t = setup(replyAfter(300, { ok: true, value: null }));
      t.s.at(50, () => t.run('write'));
      t.s.runUntil(10_000);
      expect(t.compact()).toEqual([
        [0, 50, 'invoke', 0, 0, 100, undefined, undefined],
        [1, 350, 'ok', 0, 0, 100, 1, undefined],
      ]);
      expect(t.done.map((o) => o.id)).toEqual([0]);
      expect(t.errors).toEqual([]);
    });

    it('records the value a successful read returned', () => {
      const t = setup(replyAfter(300, { ok: true, value: 42 }));
      t.run('read');
      t.s.runUntil(10_000);
      expect(t.compact()).toEqual([
        [0, 0, 'invoke', 0, 0, null, undefined, undefined],
        [1, 300, 'ok', 0, 0, 42, 1, undefined],
      ]);
    });

    it('gives fail when the attempt timed out before the request was sent', () => {
      const t = setup(() => {}); // never sends, never answers
      t.run('write');
      t.s.runUntil(10_000);
      expect(t.compact()).toEqual([
        [0, 0, 'invoke', 0, 0, 100, undefined, undefined],
        [1, 1_000, 'fail', 0, 0, 100, 1, 'timeout'],
      ]);
      expect(t.driver.abandoned).toHaveLength(1);
    });

    it('gives info when the attempt timed out after the request was sent', () => {
      const t = setup((a) => (a.sent = true));
      t.run('write');
      t.s.runUntil(10_000);
      expect(t.compact()).toEqual([
        [0, 0, 'invoke', 0, 0, 100, undefined, undefined],
        [1, 1_000, 'info', 0, 0, 100, 1, 'timeout'],
      ]);
      expect(t.driver.abandoned.map((a) => a.number)).toEqual([1]);
    });

    it('ignores a reply that arrives after the attempt timed out', () => {
      const t = setup(replyAfter(5_000, { ok: true, value: null }));
      t.run('write');
      t.s.runUntil(100_000);
      expect(t.events.map((e) => [e.type, e.timeUs])).toEqual([
        ['invoke', 0],
        ['info', 1_000],
      ]);
    });

    it('gives info when any attempt may have been applied, even if the last one clearly failed', () => {
      const t = setup((a) => a.finish(a.number === 1 ? { ok: false, error: 'connection-reset', maybeApplied: true } : { ok: false, error: 'unavailable', maybeApplied: false }), { attempts: 2 });
      t.run('write');
      t.s.runUntil(100_000);
      const last = t.events.at(-1)!;
      expect([last.type, last.error, last.attempts]).toEqual(['info', 'unavailable', 2]);
      expect(t.errors).toEqual(['connection-reset', 'unavailable']);
    });

    it('gives ok when a retry succeeds after an earlier attempt timed out', () => {
      const t = setup((a, s) => {
        a.sent = true;
        if (a.number === 2) s.after(10, () => a.finish({ ok: true, value: null }));
      }, { attempts: 3 });
      t.run('write');
      t.s.runUntil(100_000);
      const last = t.events.at(-1)!;
      expect([last.type, last.attempts]).toEqual(['ok', 2]);
      expect(t.errors).toEqual(['timeout']);
    });

    it('retries after a backoff drawn within the full-jitter bound, then gives fail', () => {
      const policy = { attempts: 4, timeoutUs: 10_000, backoffUs: 1_000, maxBackoffUs: 3_000 };
      const t = setup((a) => a.finish({ ok: false, error: 'throttled', maybeApplied: false }), policy);
      const OPS = 400;
      for (let i = 0; i < OPS; i++) t.s.at(i * 1_000_000, () => t.run('write'));
      t.s.runUntil(OPS * 1_000_000);

      // Gaps between consecutive attempts of one op, by retry number (1 = first retry).
      const gaps: number[][] = [[], [], []];
      for (let i = 1; i < t.driver.started.length; i++) {
        const [prev, cur] = [t.driver.started[i - 1], t.driver.started[i]];
        if (cur.op === prev.op) gaps[cur.attempt - 2].push(cur.at - prev.at);
      }
      // Full jitter: sleep = random(0, min(cap, base * 2^(retry - 1))).
      const bounds = [1_000, 2_000, 3_000];
      gaps.forEach((g, k) => {
        expect(g).toHaveLength(OPS);
        expect(Math.min(...g)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...g)).toBeLessThanOrEqual(bounds[k]);
        // Jittered over the whole range, not a fixed delay: the mean is near half the bound
        // (sd of the mean ≈ bound / sqrt(12 * 400) ≈ 1.4% of the bound) and the extremes are reached.
        const mean = g.reduce((x, y) => x + y, 0) / g.length;
        expect(Math.abs(mean / bounds[k] - 0.5)).toBeLessThan(0.07);
        expect(Math.max(...g)).toBeGreaterThan(0.95 * bounds[k]);
        expect(Math.min(...g)).toBeLessThan(0.05 * bounds[k]);
      });
      expect(t.events.filter((e) => e.type === 'fail')).toHaveLength(OPS);
      expect(t.events.filter((e) => e.type === 'fail').every((e) => e.attempts === 4 && e.error === 'throttled')).toBe(true);
    });

    it('starts a new attempt after a timeout once the backoff has passed', () => {
      const t = setup(() => {}, { attempts: 2, timeoutUs: 1_000, backoffUs: 500, maxBackoffUs: 500 });
      t.run('write');
      t.s.runUntil(100_000);
      const [first, second] = t.driver.started;
      expect(first.at).toBe(0);
      expect(second.at).toBeGreaterThanOrEqual(1_000);
      expect(second.at).toBeLessThanOrEqual(1_500);
      expect(t.events.at(-1)!.timeUs).toBe(second.at + 1_000);
    });

    describe('process ids', () => {
      it('gives concurrent operations distinct processes', () => {
        const t = setup(replyAfter(300, { ok: true, value: null }));
        const ops = [t.run(), t.run(), t.run()];
        expect(ops.map((o) => o.process)).toEqual([0, 1, 2]);
      });

      it('reuses a process after ok or fail, never after info', () => {
        // Attempt outcomes by op id: 0 ok, 1 info (sent, then silence), 2 fail (never sent).
        const t = setup((a, s) => {
          if (a.op.id === 0) s.after(100, () => a.finish({ ok: true, value: null }));
          if (a.op.id === 1) a.sent = true;
        });
        const [ok, info, fail] = [t.run(), t.run(), t.run()];
        expect([ok.process, info.process, fail.process]).toEqual([0, 1, 2]);
        t.s.runUntil(10_000); // all three are complete now
        expect(t.events.filter((e) => e.type !== 'invoke').map((e) => [e.op.id, e.type])).toEqual([
          [0, 'ok'],
          [1, 'info'],
          [2, 'fail'],
        ]);
        const later = [t.run(), t.run(), t.run()].map((o) => o.process);
        expect(later.slice(0, 2).sort()).toEqual([0, 2]); // the ok and fail processes come back
        expect(later[2]).toBe(3); // the info process (1) is retired for good
        expect(later).not.toContain(1);
      });
    });

    describe('attempt', () => {
      it('reports its result once; later results are ignored', () => {
        const got: AttemptResult[] = [];
        const a = new Attempt(OP, 1, (_a, r) => got.push(r));
        expect([a.sent, a.finished]).toEqual([false, false]);
        a.finish({ ok: false, error: 'unavailable', maybeApplied: false });
        a.finish({ ok: true, value: null });
        expect(got).toEqual([{ ok: false, error: 'unavailable', maybeApplied: false }]);
        expect(a.finished).toBe(true);
      });

      it('ignores a result once the client has given up on the attempt', () => {
        const got: AttemptResult[] = [];
        const a = new Attempt(OP, 2, (_a, r) => got.push(r));
        a.finished = true; // the client timed out
        a.finish({ ok: true, value: null });
        expect(got).toEqual([]);
      });
    });

    it('numbers history events in the order they happen, with times and attempt counts', () => {
      const t = setup(replyAfter(300, { ok: true, value: 7 }));
      t.s.at(0, () => t.run('write'));
      t.s.at(100, () => t.run('read'));
      t.s.runUntil(10_000);
      expect(t.events.map((e) => [e.index, e.timeUs, e.type, e.op.kind, e.value])).toEqual([
        [0, 0, 'invoke', 'write', 100],
        [1, 100, 'invoke', 'read', null],
        [2, 300, 'ok', 'write', 100],
        [3, 400, 'ok', 'read', 7],
      ]);
      expect(t.events.map((e) => e.op.invokeUs)).toEqual([0, 100, 0, 100]);
    });
  });
});
