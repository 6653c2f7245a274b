import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { History, type HistoryEvent } from './history.ts';
import { Rng, RngFactory } from './rng.ts';
import { OpRunner, SimClient } from './client.ts';
import { Workload, type Load, type WorkloadSpec } from './workload.ts';
import { keyChooser } from './key-chooser.ts';
import type { Attempt, Driver } from './operation.ts';
import { US_PER_S } from './time.ts';

/** An engine that answers every attempt ok after an exponential delay (mean `meanUs`). */
class EchoDriver implements Driver {
  constructor(
    private readonly s: Scheduler,
    private readonly rng: Rng,
    private readonly meanUs: number,
  ) {}
  start(a: Attempt): void {
    a.sent = true;
    this.s.after(Math.round(this.rng.exponential(this.meanUs)), () => a.finish({ ok: true, value: a.op.kind === 'read' ? 0 : null }));
  }
  abandon(): void {}
}

function setup(load: Load, opts: { readFraction?: number; endUs?: number; clients?: number; latencyUs?: number } = {}) {
  const rngs = new RngFactory(42);
  const s = new Scheduler();
  const history = new History(() => s.now);
  const events: HistoryEvent[] = [];
  history.listen((e) => events.push(e));
  const runner = new OpRunner(s, history, { timeoutUs: 10 * US_PER_S, attempts: 1, backoffUs: 0, maxBackoffUs: 0 }, rngs.stream('retries'));
  const driver = new EchoDriver(s, rngs.stream('engine'), opts.latencyUs ?? 500);
  const clients = Array.from({ length: opts.clients ?? 3 }, (_, i) => {
    const c = new SimClient(`app-${i}`, ['az-a', 'az-b', 'az-c'][i % 3], i);
    c.driver = driver;
    return c;
  });
  const spec: WorkloadSpec = { load, readFraction: opts.readFraction ?? 0.5, consistency: 'eventual', valueSizeBytes: 256, endUs: opts.endUs ?? 10 * US_PER_S };
  const w = new Workload(s, runner, clients, spec, keyChooser(100, { kind: 'uniform' }, rngs.stream('keys')), rngs.stream('arrivals'), rngs.stream('ops'));
  const invokes = () => events.filter((e) => e.type === 'invoke');
  return { s, w, clients, events, invokes, spec };
}

describe('sim', () => {
  describe('workload', () => {
    describe('open loop', () => {
      it('invokes operations at the requested rate over a long window', () => {
        const t = setup({ kind: 'open', ratePerS: 2_000 }, { endUs: 10 * US_PER_S });
        t.w.start();
        t.s.runUntil(20 * US_PER_S);
        // Poisson count with mean 20000: sd ≈ 141 (0.7%); allow 3%.
        expect(Math.abs(t.w.invoked / 20_000 - 1)).toBeLessThan(0.03);
        expect(t.invokes()).toHaveLength(t.w.invoked);
      });

      it('spaces arrivals like a Poisson process (inter-arrival sd ≈ mean)', () => {
        const t = setup({ kind: 'open', ratePerS: 1_000 }, { endUs: 20 * US_PER_S });
        t.w.start();
        t.s.runUntil(30 * US_PER_S);
        const times = t.invokes().map((e) => e.timeUs);
        const gaps = times.slice(1).map((x, i) => x - times[i]);
        const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
        const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / gaps.length);
        expect(Math.abs(mean / 1_000 - 1)).toBeLessThan(0.03);
        expect(Math.abs(sd / mean - 1)).toBeLessThan(0.05);
      });

      it('invokes nothing at or after the end of the workload', () => {
        const t = setup({ kind: 'open', ratePerS: 5_000 }, { endUs: 1 * US_PER_S });
        t.w.start();
        t.s.runUntil(5 * US_PER_S);
        expect(Math.max(...t.invokes().map((e) => e.timeUs))).toBeLessThan(US_PER_S);
        // Operations already running still complete.
        expect(t.events.filter((e) => e.type === 'ok')).toHaveLength(t.w.invoked);
      });

      it('starts nothing when the rate is zero', () => {
        const t = setup({ kind: 'open', ratePerS: 0 });
        t.w.start();
        t.s.runUntil(20 * US_PER_S);
        expect(t.w.invoked).toBe(0);
      });
    });

    describe('closed loop', () => {
      it('keeps exactly `concurrency` operations in flight until the end', () => {
        const endUs = 2 * US_PER_S;
        const t = setup({ kind: 'closed', concurrency: 7 }, { endUs });
        t.w.start();
        t.s.runUntil(5 * US_PER_S);
        // In flight after all the events of each instant (a completion and the next invoke share one).
        const inFlightAt = new Map<number, number>();
        let inFlight = 0;
        for (const e of t.events) {
          inFlight += e.type === 'invoke' ? 1 : -1;
          inFlightAt.set(e.timeUs, inFlight);
        }
        const before = [...inFlightAt].filter(([time]) => time < endUs);
        expect(before.length).toBeGreaterThan(1_000);
        expect(before.filter(([, n]) => n !== 7)).toEqual([]);
        expect(inFlight).toBe(0); // drained after the end
      });

      it('keeps polling while no client is up and resumes when one comes back', () => {
        const t = setup({ kind: 'closed', concurrency: 2 });
        for (const c of t.clients) c.up = false;
        t.w.start();
        t.s.at(1 * US_PER_S, () => (t.clients[2].up = true));
        t.s.runUntil(2 * US_PER_S);
        const inv = t.invokes();
        expect(inv.length).toBeGreaterThan(100);
        expect(Math.min(...inv.map((e) => e.timeUs))).toBeGreaterThanOrEqual(US_PER_S);
        expect(new Set(inv.map((e) => e.op.clientIndex))).toEqual(new Set([2]));
      });
    });

    it('mixes reads and writes by the read fraction', () => {
      const t = setup({ kind: 'open', ratePerS: 2_000 }, { readFraction: 0.3 });
      t.w.start();
      t.s.runUntil(5 * US_PER_S);
      const inv = t.invokes();
      const reads = inv.filter((e) => e.op.kind === 'read').length;
      // ~10000 ops: the sd of the fraction is about 0.46%.
      expect(inv.length).toBeGreaterThan(9_000);
      expect(Math.abs(reads / inv.length - 0.3)).toBeLessThan(0.025);
    });

    it('writes unique, increasing values and reads carry none', () => {
      const t = setup({ kind: 'closed', concurrency: 5 }, { endUs: US_PER_S });
      t.w.start();
      t.s.runUntil(2 * US_PER_S);
      const inv = t.invokes();
      const values = inv.filter((e) => e.op.kind === 'write').map((e) => e.value!);
      expect(values.length).toBeGreaterThan(1_000);
      expect(values).toEqual(values.map((_, i) => i + 1));
      expect(inv.filter((e) => e.op.kind === 'read').every((e) => e.value === null)).toBe(true);
    });

    it('builds operations from the spec: consistency, value size and a key from the chooser', () => {
      const t = setup({ kind: 'open', ratePerS: 1_000 });
      t.w.start();
      t.s.runUntil(2 * US_PER_S);
      const ops = t.invokes().map((e) => e.op);
      expect(ops.every((o) => o.consistency === 'eventual' && o.sizeBytes === 256 && o.key === `k${o.keyIndex}` && o.keyIndex >= 0 && o.keyIndex < 100)).toBe(true);
      expect(new Set(ops.map((o) => o.keyIndex)).size).toBeGreaterThan(90);
      expect(new Set(ops.map((o) => o.id)).size).toBe(ops.length);
    });

    it('spreads operations over the clients and gives none to a client that is down', () => {
      // 10000 operations per half: shares have an sd of about 0.5%, the halves' ratio about 1.4%.
      const t = setup({ kind: 'open', ratePerS: 1_000 }, { endUs: 20 * US_PER_S });
      t.s.at(10 * US_PER_S, () => (t.clients[1].up = false));
      t.w.start();
      t.s.runUntil(30 * US_PER_S);
      const inv = t.invokes();
      const first = inv.filter((e) => e.timeUs < 10 * US_PER_S);
      const second = inv.filter((e) => e.timeUs >= 10 * US_PER_S);
      const share = (evs: HistoryEvent[], i: number) => evs.filter((e) => e.op.clientIndex === i).length / evs.length;
      for (const i of [0, 1, 2]) expect(Math.abs(share(first, i) - 1 / 3)).toBeLessThan(0.03);
      expect(share(second, 1)).toBe(0);
      expect(Math.abs(share(second, 0) - 0.5)).toBeLessThan(0.03);
      // The load moves to the surviving clients instead of being lost.
      expect(Math.abs(second.length / first.length - 1)).toBeLessThan(0.06);
    });

    it('drops open-loop arrivals while every client is down', () => {
      const t = setup({ kind: 'open', ratePerS: 1_000 });
      t.s.at(2 * US_PER_S, () => t.clients.forEach((c) => (c.up = false)));
      t.s.at(4 * US_PER_S, () => t.clients.forEach((c) => (c.up = true)));
      t.w.start();
      t.s.runUntil(6 * US_PER_S);
      const times = t.invokes().map((e) => e.timeUs);
      expect(times.filter((x) => x >= 2 * US_PER_S && x < 4 * US_PER_S)).toEqual([]);
      expect(times.filter((x) => x >= 4 * US_PER_S).length).toBeGreaterThan(1_500);
    });

    it('is deterministic: the same seed gives the same history', () => {
      const once = () => {
        const t = setup({ kind: 'open', ratePerS: 500 }, { readFraction: 0.4 });
        t.w.start();
        t.s.runUntil(3 * US_PER_S);
        return t.events.map((e) => `${e.timeUs} ${e.type} ${e.op.id} ${e.op.clientIndex} ${e.op.key} ${e.value}`);
      };
      expect(once()).toEqual(once());
    });
  });
});
