import { describe, expect, it } from 'vitest';
import { FaultTimeline } from './fault-timeline.ts';
import { ev, SECOND as S } from './history.fixture.ts';
import type { SimEvent } from '../../sim/event-log.ts';

const start = (t: number, fault: number, detail: string) => ev(t, 'fault-start', { fault, detail });
const end = (t: number, fault: number, detail = '') => ev(t, 'fault-end', { fault, detail });

function timeline(events: SimEvent[]): FaultTimeline {
  const ft = new FaultTimeline();
  for (const e of events) ft.event(e);
  return ft;
}

const figures = (ft: FaultTimeline) => ft.faults.map((f) => [f.index, f.detectionUs, f.failoverUs]);

describe('reports', () => {
  describe('fault timeline', () => {
    it('records each fault with its kind, detail, start and end', () => {
      const ft = timeline([start(10 * S, 0, 'crash writer'), end(20 * S, 0, 'crash writer'), start(30 * S, 1, 'az-outage use1-az1')]);
      expect(ft.faults.map((f) => [f.index, f.kind, f.detail, f.startUs, f.endUs])).toEqual([
        [0, 'crash', 'crash writer', 10 * S, 20 * S],
        [1, 'az-outage', 'az-outage use1-az1', 30 * S, null],
      ]);
    });

    it('measures detection from the start to the first failure-detected, and failover to the first restoring event after it', () => {
      const ft = timeline([
        start(10 * S, 0, 'crash writer'),
        ev(25 * S, 'failure-detected'),
        ev(40 * S, 'failure-detected'),
        ev(70 * S, 'promoted'),
        ev(90 * S, 'promoted'),
      ]);
      expect(figures(ft)).toEqual([[0, 15 * S, 60 * S]]);
    });

    it('counts leader and recovered as restoring writes, like promoted', () => {
      for (const kind of ['leader', 'recovered'] as const) {
        const ft = timeline([start(1 * S, 0, 'crash leader'), ev(2 * S, 'failure-detected'), ev(4 * S, kind)]);
        expect(figures(ft)).toEqual([[0, 1 * S, 3 * S]]);
      }
      const other = timeline([start(1 * S, 0, 'crash writer'), ev(2 * S, 'failure-detected'), ev(4 * S, 'dns-updated')]);
      expect(figures(other)).toEqual([[0, 1 * S, null]]);
    });

    it('credits restoration only after a detection: a promotion before any detection is not a failover', () => {
      const ft = timeline([start(10 * S, 0, 'partition [use1-az1] | [use1-az2 use1-az3]'), ev(11 * S, 'leader'), ev(15 * S, 'failure-detected'), ev(18 * S, 'leader')]);
      expect(figures(ft)).toEqual([[0, 5 * S, 8 * S]]);
    });

    it('credits restoration without a detection for an operator failover', () => {
      const ft = timeline([start(10 * S, 0, 'failover writer'), ev(10 * S, 'failover-started'), ev(14 * S, 'promoted')]);
      expect(figures(ft)).toEqual([[0, null, 4 * S]]);
    });

    it('credits an event to the most recently started fault even after it ended (a crash healed before its failover completes)', () => {
      const ft = timeline([start(10 * S, 0, 'crash writer'), end(20 * S, 0), ev(25 * S, 'failure-detected'), ev(70 * S, 'promoted')]);
      expect(figures(ft)).toEqual([[0, 15 * S, 60 * S]]);
    });

    it('does not credit an event to an earlier fault that already ended when a later one started', () => {
      const ft = timeline([
        start(10 * S, 0, 'latency +5000us [use1-az1] <-> [use1-az2]'),
        end(20 * S, 0),
        start(30 * S, 1, 'crash writer'),
        ev(35 * S, 'failure-detected'),
        ev(50 * S, 'promoted'),
      ]);
      expect(figures(ft)).toEqual([
        [0, null, null],
        [1, 5 * S, 20 * S],
      ]);
    });

    it('credits an event to every fault active when it happened (overlapping faults)', () => {
      const ft = timeline([
        start(10 * S, 0, 'partition [use1-az1] | [use1-az2 use1-az3]'),
        start(30 * S, 1, 'crash writer'),
        end(40 * S, 1),
        ev(45 * S, 'failure-detected'), // fault 1 ended but is the latest; fault 0 is active
        ev(60 * S, 'promoted'),
        end(100 * S, 0),
      ]);
      expect(figures(ft)).toEqual([
        [0, 35 * S, 50 * S],
        [1, 15 * S, 30 * S],
      ]);
    });

    it('credits nothing that happened before any fault started', () => {
      const ft = timeline([ev(1 * S, 'failure-detected'), ev(2 * S, 'leader'), start(10 * S, 0, 'crash writer'), ev(12 * S, 'leader')]);
      expect(figures(ft)).toEqual([[0, null, null]]);
    });

    it("does not credit a later fault's detection to an operator failover that completed long before (it has no fault-end)", () => {
      // The simulator sends no fault-end for an instantaneous fault such as an operator failover.
      const ft = timeline([
        start(10 * S, 0, 'failover writer'),
        ev(12 * S, 'promoted'),
        start(100 * S, 1, 'crash writer'),
        ev(105 * S, 'failure-detected'),
        end(110 * S, 1),
        ev(130 * S, 'promoted'),
      ]);
      expect(figures(ft)).toEqual([
        [0, null, 2 * S],
        [1, 5 * S, 30 * S],
      ]);
      ft.staleRead(11 * S, 200 * S); // during the failover
      ft.staleRead(50 * S, 200 * S); // long after it, no fault active
      expect(ft.faults.map((f) => f.staleReads)).toEqual([1, 0]);
    });

    describe('write outages', () => {
      it('credits each fault with the longest outage that overlapped its time', () => {
        const ft = timeline([start(10 * S, 0, 'crash writer'), end(20 * S, 0), start(50 * S, 1, 'crash writer')]);
        ft.outage({ domain: 'db', startUs: 5 * S, endUs: 12 * S }, 100 * S); // overlaps fault 0
        ft.outage({ domain: 'db', startUs: 15 * S, endUs: 45 * S }, 100 * S); // overlaps fault 0 (longer)
        ft.outage({ domain: 'db', startUs: 25 * S, endUs: 30 * S }, 100 * S); // overlaps nothing
        ft.outage({ domain: 'db', startUs: 90 * S, endUs: 100 * S }, 100 * S); // fault 1, still open: until the workload end
        expect(ft.faults.map((f) => f.longestOutageUs)).toEqual([30 * S, 10 * S]);
      });

      it('leaves a fault no outage overlapped without one (null, not 0)', () => {
        const ft = timeline([start(10 * S, 0, 'latency +1000us [use1-az1] <-> [use1-az2]'), end(20 * S, 0)]);
        ft.outage({ domain: 'db', startUs: 30 * S, endUs: 40 * S }, 100 * S);
        expect(ft.faults[0].longestOutageUs).toBeNull();
      });
    });

    describe('stale reads', () => {
      it('counts a stale read for every fault active at its invocation, not after the fault ended', () => {
        const ft = timeline([start(10 * S, 0, 'partition [use1-az1] | [use1-az2]'), start(20 * S, 1, 'crash replica'), end(30 * S, 1), end(40 * S, 0)]);
        for (const t of [5, 10, 25, 35, 40, 50]) ft.staleRead(t * S, 100 * S);
        // 10, 25, 35 in fault 0 (10..40); 25 in fault 1 (20..30); 5, 40, 50 in none.
        expect(ft.faults.map((f) => f.staleReads)).toEqual([3, 1]);
      });

      it('counts stale reads for a fault still open until the workload ends', () => {
        const ft = timeline([start(10 * S, 0, 'crash replica')]);
        ft.staleRead(99 * S, 100 * S);
        ft.staleRead(100 * S, 100 * S);
        expect(ft.faults[0].staleReads).toBe(1);
      });
    });

    describe('lost writes', () => {
      it('credits a lost write to the faults active when it was acknowledged, with the span of those writes', () => {
        const ft = timeline([start(10 * S, 0, 'partition [use1-az1] | [use1-az2]'), start(20 * S, 1, 'crash writer'), end(30 * S, 1), end(40 * S, 0)]);
        ft.lostWrite(24 * S, 25 * S, 100 * S); // both
        ft.lostWrite(11 * S, 12 * S, 100 * S); // fault 0
        ft.lostWrite(34 * S, 35 * S, 100 * S); // fault 0
        expect(ft.faults.map((f) => [f.lostWrites, f.lostFromUs, f.lostToUs])).toEqual([
          [3, 11 * S, 35 * S],
          [1, 24 * S, 25 * S],
        ]);
      });

      it('credits a write lost while no fault was active to the first fault that started after it (a promotion of a lagging replica)', () => {
        const ft = timeline([start(10 * S, 0, 'crash replica'), end(20 * S, 0), start(50 * S, 1, 'failover replica'), start(80 * S, 2, 'crash writer')]);
        ft.lostWrite(44 * S, 45 * S, 100 * S);
        expect(ft.faults.map((f) => f.lostWrites)).toEqual([0, 1, 0]);
      });

      it('credits a write lost after every fault ended to the last fault (a resumed primary writing until it learns it was replaced)', () => {
        const ft = timeline([start(10 * S, 0, 'pause writer'), end(20 * S, 0), start(30 * S, 1, 'pause writer'), end(40 * S, 1)]);
        ft.lostWrite(40.1 * S, 40.2 * S, 100 * S);
        expect(ft.faults.map((f) => [f.lostWrites, f.lostFromUs, f.lostToUs])).toEqual([
          [0, null, null],
          [1, 40.1 * S, 40.2 * S],
        ]);
      });

      it('credits no fault for a lost write in a run without faults', () => {
        const ft = timeline([]);
        ft.lostWrite(29 * S, 30 * S, 100 * S);
        expect(ft.faults).toEqual([]);
      });
    });

    describe('worst()', () => {
      it('is null without faults, and when no fault had a detection or a failover', () => {
        expect(new FaultTimeline().worst()).toBeNull();
        expect(timeline([start(1 * S, 0, 'latency +1us [a] <-> [b]')]).worst()).toBeNull();
      });

      it('is the fault with the longest failover, then the longest detection', () => {
        const ft = timeline([
          start(0, 0, 'crash writer'),
          ev(5 * S, 'failure-detected'),
          ev(30 * S, 'promoted'), // 0: detection 5, failover 30
          start(100 * S, 1, 'crash writer'),
          ev(110 * S, 'failure-detected'),
          ev(130 * S, 'promoted'), // 1: detection 10, failover 30 (tie, longer detection)
          start(200 * S, 2, 'crash writer'),
          ev(201 * S, 'failure-detected'),
          ev(220 * S, 'promoted'), // 2: failover 20
        ]);
        expect(ft.worst()?.index).toBe(1);
      });

      it('prefers a fault with a failover over one that was only detected', () => {
        const ft = timeline([
          start(0, 0, 'crash replica'),
          ev(50 * S, 'failure-detected'), // 0: detection 50, no failover
          end(60 * S, 0),
          start(100 * S, 1, 'crash writer'),
          ev(101 * S, 'failure-detected'),
          ev(102 * S, 'promoted'), // 1: failover 2
        ]);
        expect(ft.worst()?.index).toBe(1);
        const onlyDetected = timeline([start(0, 0, 'crash replica'), ev(50 * S, 'failure-detected')]);
        expect(onlyDetected.worst()?.index).toBe(0);
      });
    });
  });
});
