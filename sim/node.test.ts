import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { SimNode } from './node.ts';

function setup() {
  const s = new Scheduler();
  const node = new SimNode(s, 'db-1', 'az-a', ['writer']);
  const log: [string, number][] = [];
  const rec = (label: string) => () => log.push([label, s.now]);
  /** Delivers `label` to the node at time t, as the network would (through the gate). */
  const deliverAt = (t: number, label: string, inc?: number) => s.at(t, () => node.gate(rec(label), null, inc ?? node.incarnation));
  return { s, node, log, rec, deliverAt };
}

describe('sim', () => {
  describe('node', () => {
    it('runs gated work at once while up', () => {
      const { s, log, deliverAt } = setup();
      deliverAt(10, 'msg');
      s.runUntil(100);
      expect(log).toEqual([['msg', 10]]);
    });

    it('fires timers and deferred work at their times', () => {
      const { s, node, log, rec } = setup();
      node.setTimer(300, rec('timer'));
      node.defer(200, rec('deferred'));
      s.runUntil(1_000);
      expect(log).toEqual([
        ['deferred', 200],
        ['timer', 300],
      ]);
    });

    it('does not fire a cancelled timer', () => {
      const { s, node, log, rec } = setup();
      const id = node.setTimer(300, rec('timer'));
      node.cancelTimer(id);
      node.cancelTimer(id); // twice is harmless
      s.runUntil(1_000);
      expect(log).toEqual([]);
    });

    describe('crash', () => {
      it('drops armed timers and deferred work, even after a restart', () => {
        const { s, node, log, rec } = setup();
        node.setTimer(300, rec('timer'));
        node.defer(200, rec('deferred'));
        s.at(100, () => node.crash());
        s.at(150, () => node.restart());
        s.runUntil(1_000);
        expect(log).toEqual([]);
      });

      it('drops work queued during a pause', () => {
        const { s, node, log, deliverAt } = setup();
        s.at(0, () => node.pause());
        deliverAt(10, 'msg');
        s.at(20, () => node.crash());
        s.at(30, () => node.restart());
        s.runUntil(1_000);
        expect(log).toEqual([]);
        expect(node.state).toBe('up');
      });

      it('bumps the incarnation and calls the crash hook once', () => {
        const { node } = setup();
        let crashes = 0;
        node.hooks = { onCrash: () => crashes++ };
        node.crash();
        node.crash(); // already down
        expect(crashes).toBe(1);
        expect(node.incarnation).toBe(1);
        expect(node.state).toBe('crashed');
        expect(node.isUp).toBe(false);
      });

      it('drops work arriving while crashed', () => {
        const { s, node, log, deliverAt } = setup();
        s.at(5, () => node.crash());
        deliverAt(10, 'while-down');
        s.runUntil(100);
        expect(log).toEqual([]);
      });
    });

    describe('restart', () => {
      it('calls the restart hook and brings the process up', () => {
        const { node } = setup();
        const calls: string[] = [];
        node.hooks = { onCrash: () => calls.push('crash'), onRestart: () => calls.push(`restart:${node.state}`) };
        node.crash();
        node.restart();
        expect(calls).toEqual(['crash', 'restart:up']);
        expect(node.isUp).toBe(true);
      });

      it('does nothing to a process that is not crashed', () => {
        const { node } = setup();
        let restarts = 0;
        node.hooks = { onRestart: () => restarts++ };
        node.restart();
        node.pause();
        node.restart();
        expect(restarts).toBe(0);
        expect(node.state).toBe('paused');
      });

      it('keeps serving new work after a restart', () => {
        const { s, node, log, rec } = setup();
        node.crash();
        node.restart();
        node.setTimer(50, rec('new-timer'));
        s.runUntil(100);
        expect(log).toEqual([['new-timer', 50]]);
      });
    });

    describe('incarnation gating', () => {
      it('drops work addressed to an earlier life of the process', () => {
        const { s, node, log, deliverAt } = setup();
        const oldInc = node.incarnation;
        node.crash();
        node.restart();
        deliverAt(10, 'stale', oldInc);
        deliverAt(20, 'current');
        s.runUntil(100);
        expect(log).toEqual([['current', 20]]);
      });
    });

    describe('pause', () => {
      it('queues messages, timers and deferred work and runs them in order on resume', () => {
        const { s, node, log, rec, deliverAt } = setup();
        node.setTimer(30, rec('timer'));
        node.defer(40, rec('deferred'));
        s.at(5, () => node.pause());
        deliverAt(10, 'msg-1');
        deliverAt(50, 'msg-2');
        s.at(1_000, () => node.resume());
        s.runUntil(2_000);
        expect(log).toEqual([
          ['msg-1', 1_000],
          ['timer', 1_000],
          ['deferred', 1_000],
          ['msg-2', 1_000],
        ]);
        expect(node.state).toBe('up');
      });

      it('lets work that runs first on resume cancel a timer that came due during the pause', () => {
        // A heartbeat that reached a frozen follower before its election timeout resets the timer.
        const { s, node, log, rec } = setup();
        let election = 0;
        election = node.setTimer(100, rec('election'));
        s.at(10, () => node.pause());
        s.at(50, () => node.gate(() => {
          log.push(['heartbeat', s.now]);
          node.cancelTimer(election);
          election = node.setTimer(100, rec('election'));
        }, null, node.incarnation));
        s.at(500, () => node.resume());
        s.runUntil(2_000);
        expect(log).toEqual([
          ['heartbeat', 500],
          ['election', 600],
        ]);
      });

      it('leaves a timer that came due during the pause alone when the clock jumps', () => {
        const { s, node, log, rec } = setup();
        node.setTimer(100, rec('due'));
        node.setTimer(10_000, rec('not-due'));
        s.at(10, () => node.pause());
        s.at(200, () => node.adjustClock(-5_000));
        s.at(300, () => node.resume());
        s.runUntil(100_000);
        expect(log).toEqual([
          ['due', 300],
          ['not-due', 15_000],
        ]);
      });

      it('does nothing when resuming a process that is not paused, or pausing a crashed one', () => {
        const { node } = setup();
        node.resume();
        expect(node.state).toBe('up');
        node.crash();
        node.pause();
        expect(node.state).toBe('crashed');
      });

      it('stops running the queue if the work itself pauses the process again', () => {
        const { s, node, log, deliverAt } = setup();
        s.at(0, () => node.pause());
        s.at(10, () => node.gate(() => {
          log.push(['pauser', s.now]);
          node.pause();
        }, null, node.incarnation));
        deliverAt(20, 'after');
        s.at(100, () => node.resume());
        s.at(200, () => node.resume());
        s.runUntil(1_000);
        expect(log).toEqual([
          ['pauser', 100],
          ['after', 200],
        ]);
      });
    });

    it('matches roles', () => {
      const { node } = setup();
      expect(node.hasRole('writer')).toBe(true);
      expect(node.hasRole('replica')).toBe(false);
    });
  });
});
