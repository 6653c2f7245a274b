import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Scheduler } from './scheduler.ts';

/** Records `[label, now]` for each event run. */
function recorder(s: Scheduler) {
  const log: [string, number][] = [];
  const ev = (label: string) => () => log.push([label, s.now]);
  return { log, ev };
}

describe('sim', () => {
  describe('scheduler', () => {
    it('runs events in time order whatever order they were scheduled in', () => {
      const s = new Scheduler();
      const { log, ev } = recorder(s);
      s.at(30, ev('c'));
      s.at(10, ev('a'));
      s.at(20, ev('b'));
      s.runUntil(100);
      expect(log).toEqual([
        ['a', 10],
        ['b', 20],
        ['c', 30],
      ]);
    });

    it('runs events with equal times in the order they were scheduled', () => {
      const s = new Scheduler();
      const { log, ev } = recorder(s);
      const labels = 'abcdefghijklmnopqrstuvwxyz'.split('');
      for (const l of labels) s.at(5, ev(l));
      s.runUntil(5);
      expect(log.map(([l]) => l)).toEqual(labels);
    });

    it('runs an event scheduled for the current time after the ones already due then', () => {
      const s = new Scheduler();
      const { log, ev } = recorder(s);
      s.at(5, () => {
        log.push(['first', s.now]);
        s.after(0, ev('nested'));
      });
      s.at(5, ev('second'));
      s.runUntil(5);
      expect(log).toEqual([
        ['first', 5],
        ['second', 5],
        ['nested', 5],
      ]);
    });

    it('passes the argument given at scheduling time to the callback', () => {
      const s = new Scheduler();
      const seen: number[] = [];
      s.at(1, (x: number) => seen.push(x), 41);
      s.at(2, (x: number) => seen.push(x), 42);
      s.runUntil(10);
      expect(seen).toEqual([41, 42]);
    });

    it('schedules after() relative to the current time', () => {
      const s = new Scheduler();
      const { log, ev } = recorder(s);
      s.at(100, () => s.after(50, ev('later')));
      s.runUntil(1_000);
      expect(log).toEqual([['later', 150]]);
    });

    it('clamps an event scheduled in the past to now', () => {
      const s = new Scheduler();
      const { log, ev } = recorder(s);
      s.at(100, () => s.at(40, ev('late')));
      s.runUntil(1_000);
      expect(log).toEqual([['late', 100]]);
    });

    describe('cancel', () => {
      it('stops a pending event from running and reports true', () => {
        const s = new Scheduler();
        const { log, ev } = recorder(s);
        const h = s.at(10, ev('cancelled'));
        s.at(20, ev('kept'));
        expect(s.cancel(h)).toBe(true);
        s.runUntil(100);
        expect(log).toEqual([['kept', 20]]);
        expect(s.executed).toBe(1);
      });

      it('reports false for an event that already ran', () => {
        const s = new Scheduler();
        const h = s.at(10, () => {});
        s.runUntil(10);
        expect(s.cancel(h)).toBe(false);
      });

      it('reports false for an event cancelled before', () => {
        const s = new Scheduler();
        const h = s.at(10, () => {});
        expect(s.cancel(h)).toBe(true);
        expect(s.cancel(h)).toBe(false);
      });

      it('reports false for the event that is running now', () => {
        const s = new Scheduler();
        let result: boolean | undefined;
        const h: number = s.at(10, () => (result = s.cancel(h)));
        s.runUntil(10);
        expect(result).toBe(false);
      });

      it('does nothing with a stale handle after its slot was reused by a new event', () => {
        const s = new Scheduler();
        const { log, ev } = recorder(s);
        const stale = s.at(1, ev('first'));
        s.runUntil(1); // frees the slot
        const fresh = s.at(2, ev('second')); // takes the same slot, with a newer sequence number
        expect(fresh).not.toBe(stale);
        expect(s.cancel(stale)).toBe(false);
        s.runUntil(10);
        expect(log).toEqual([
          ['first', 1],
          ['second', 2],
        ]);
      });
    });

    describe('runUntil', () => {
      it('runs events at exactly the horizon and leaves later ones pending', () => {
        const s = new Scheduler();
        const { log, ev } = recorder(s);
        s.at(100, ev('at-horizon'));
        s.at(101, ev('after-horizon'));
        s.runUntil(100);
        expect(log).toEqual([['at-horizon', 100]]);
        expect(s.pending).toBe(1);
        s.runUntil(200);
        expect(log.map(([l]) => l)).toEqual(['at-horizon', 'after-horizon']);
      });

      it('leaves now at the horizon even when the last event was earlier', () => {
        const s = new Scheduler();
        s.at(10, () => {});
        s.runUntil(1_000);
        expect(s.now).toBe(1_000);
      });

      it('leaves now at the horizon when nothing was pending', () => {
        const s = new Scheduler();
        s.runUntil(250);
        expect(s.now).toBe(250);
      });

      it('never moves time backwards when run to a horizon already passed', () => {
        const s = new Scheduler();
        s.runUntil(500);
        s.runUntil(100);
        expect(s.now).toBe(500);
      });

      it('stops after the current event when stop() is called, keeping now at that event', () => {
        const s = new Scheduler();
        const { log, ev } = recorder(s);
        s.at(10, () => s.stop());
        s.at(10, ev('same-time'));
        s.at(20, ev('later'));
        s.runUntil(1_000);
        expect(log).toEqual([]);
        expect(s.now).toBe(10);
        s.runUntil(1_000);
        expect(log).toEqual([
          ['same-time', 10],
          ['later', 20],
        ]);
      });
    });

    it('grows past its initial capacity without losing or reordering events', () => {
      const s = new Scheduler(4);
      const seen: number[] = [];
      // 5000 pending at once, in descending time so every insert sifts to the top.
      for (let i = 4_999; i >= 0; i--) s.at(i * 3, (x: number) => seen.push(x), i);
      expect(s.pending).toBe(5_000);
      s.runUntil(100_000);
      expect(seen).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    });

    it('works from an initial capacity of zero', () => {
      const s = new Scheduler(0);
      const seen: number[] = [];
      s.at(5, (x: number) => seen.push(x), 1);
      s.at(3, (x: number) => seen.push(x), 2);
      s.runUntil(10);
      expect(seen).toEqual([2, 1]);
    });

    it('counts executed events but not cancelled ones', () => {
      const s = new Scheduler();
      for (let i = 0; i < 10; i++) {
        const h = s.at(i, () => {});
        if (i % 2 === 0) s.cancel(h);
      }
      s.runUntil(100);
      expect(s.executed).toBe(5);
      expect(s.pending).toBe(0);
    });

    it('matches a sorted-array reference on random schedules, cancels and horizons', () => {
      type Cmd = { op: 'at'; time: number; child: number | null } | { op: 'cancel'; pick: number } | { op: 'run'; horizon: number };
      const cmd: fc.Arbitrary<Cmd> = fc.oneof(
        fc.record({ op: fc.constant('at' as const), time: fc.integer({ min: 0, max: 60 }), child: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }) }),
        fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
        fc.record({ op: fc.constant('run' as const), horizon: fc.integer({ min: 0, max: 70 }) }),
      );

      fc.assert(
        fc.property(fc.array(cmd, { maxLength: 120 }), (cmds) => {
          // The scheduler under test, started tiny so growth happens often.
          const s = new Scheduler(2);
          const handles: number[] = [];
          const got: [number, number][] = [];
          let nextId = 0;
          const schedule = (time: number, child: number | null): void => {
            const id = nextId++;
            handles[id] = s.at(time, () => {
              got.push([id, s.now]);
              if (child !== null) schedule(s.now + child, null);
            });
          };

          // The reference: a plain array, sorted by (time, seq) before each pop.
          interface RefEvent {
            id: number;
            time: number;
            seq: number;
            child: number | null;
          }
          let refNow = 0;
          let refSeq = 0;
          let refId = 0;
          const pending: RefEvent[] = [];
          const want: [number, number][] = [];
          const refAt = (time: number, child: number | null) => pending.push({ id: refId++, time: Math.max(time, refNow), seq: refSeq++, child });
          const refCancel = (id: number): boolean => {
            const i = pending.findIndex((e) => e.id === id);
            if (i < 0) return false;
            pending.splice(i, 1);
            return true;
          };
          const refRun = (h: number) => {
            for (;;) {
              pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
              const e = pending[0];
              if (e === undefined || e.time > h) break;
              pending.shift();
              refNow = e.time;
              want.push([e.id, e.time]);
              if (e.child !== null) refAt(refNow + e.child, null);
            }
            if (h > refNow) refNow = h;
          };

          for (const c of cmds) {
            if (c.op === 'at') {
              schedule(c.time, c.child);
              refAt(c.time, c.child);
            } else if (c.op === 'cancel') {
              if (nextId === 0) continue;
              const id = c.pick % nextId;
              expect(s.cancel(handles[id])).toBe(refCancel(id));
            } else {
              s.runUntil(c.horizon);
              refRun(c.horizon);
              expect(s.now).toBe(refNow);
            }
          }
          s.runUntil(1_000);
          refRun(1_000);
          expect(got).toEqual(want);
        }),
        { seed: 42, numRuns: 300 },
      );
    });
  });
});
