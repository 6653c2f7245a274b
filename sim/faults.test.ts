import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network } from './network.ts';
import { SimNode } from './node.ts';
import { SimClient } from './client.ts';
import { EventLog, type SimEvent } from './event-log.ts';
import { FaultSchedule, describeFault, type FaultHost } from './faults.ts';
import { constant } from './distribution.ts';
import type { FaultSpec } from './fault-spec.ts';
import type { Endpoint } from './endpoint.ts';
import type { EventKind } from './event-kinds.ts';

/**
 * A small region with no engine: four nodes over three AZs and a client in az-a and az-b.
 * Same-AZ messages take 100 us, cross-AZ 1000 us, client hops 10 us.
 */
function region(faults: FaultSpec[]) {
  const s = new Scheduler();
  const net = new Network(s, new Rng('faults'), { sameAz: constant(100), crossAz: constant(1_000), client: constant(10) });
  const events = new EventLog(() => s.now);
  const log: SimEvent[] = [];
  events.listen((e) => log.push(e));
  const node = (name: string, az: string, roles: string[], shard: number) => {
    const n = new SimNode(s, name, az, roles);
    n.labels = { shard };
    net.register(n);
    return n;
  };
  const aWriter = node('a-writer', 'az-a', ['writer'], 0);
  const aReplica = node('a-replica', 'az-a', ['replica'], 1);
  const bStandby = node('b-standby', 'az-b', ['standby'], 0);
  const cReplica = node('c-replica', 'az-c', ['replica'], 1);
  const clientA = new SimClient('client-a', 'az-a', 0);
  const clientB = new SimClient('client-b', 'az-b', 1);
  net.register(clientA);
  net.register(clientB);
  const nodes = [aWriter, aReplica, bStandby, cReplica];
  const all: Endpoint[] = [...nodes, clientA, clientB];
  const failovers: string[][] = [];
  /** The engine side of the host: replaceable per test. */
  const engine: { operatorFailover: (ns: SimNode[]) => void } = { operatorFailover: (ns) => void failovers.push(ns.map((n) => n.name)) };
  const host: FaultHost = {
    scheduler: s,
    network: net,
    events,
    azs: ['az-a', 'az-b', 'az-c'],
    clients: [clientA, clientB],
    nodes: () => nodes,
    operatorFailover: (ns) => engine.operatorFailover(ns),
  };
  const schedule = new FaultSchedule(host, faults);
  /** Directed pairs a partition blocks right now, as "from->to". */
  const cut = () => {
    const out: string[] = [];
    for (const a of all) for (const b of all) if (a !== b && !net.reachable(a, b)) out.push(`${a.name}->${b.name}`);
    return out.sort();
  };
  /** Records when a message sent now from `a` to `b` arrives (absent if it never does). */
  const arrivals = new Map<string, number>();
  const probe = (a: Endpoint, b: Endpoint, tag: string) => net.send(a, b, 0, () => arrivals.set(tag, s.now));
  const states = () => nodes.map((n) => `${n.name}:${n.state}`);
  const kinds = () => log.map((e) => `${e.timeUs} ${e.kind}${e.fault !== undefined ? `#${e.fault}` : ''}${e.node ? ` ${e.node}` : ''}`);
  return { s, net, events, log, kinds, aWriter, aReplica, bStandby, cReplica, clientA, clientB, nodes, failovers, engine, schedule, cut, probe, arrivals, states };
}

/** Every directed pair between two groups of names, both ways. */
const between = (xs: string[], ys: string[]) => xs.flatMap((x) => ys.flatMap((y) => [`${x}->${y}`, `${y}->${x}`])).sort();

describe('sim', () => {
  describe('faults', () => {
    describe('az-outage', () => {
      const outage: FaultSpec = { kind: 'az-outage', az: 'az-a', atUs: 1_000, forUs: 5_000 };

      it('crashes the AZ\'s nodes, marks its clients down and cuts it off both ways, clients included', () => {
        const t = region([outage]);
        t.schedule.start();
        t.s.runUntil(2_000);
        expect(t.states()).toEqual(['a-writer:crashed', 'a-replica:crashed', 'b-standby:up', 'c-replica:up']);
        expect([t.clientA.up, t.clientB.up]).toEqual([false, true]);
        expect(t.cut()).toEqual(between(['a-writer', 'a-replica', 'client-a'], ['b-standby', 'c-replica', 'client-b']));
      });

      it('heals everything after `for`: nodes restart, clients come back, links reopen', () => {
        const t = region([outage]);
        const restarted: string[] = [];
        for (const n of t.nodes) n.hooks = { onRestart: () => restarted.push(`${n.name}@${t.s.now}`) };
        t.schedule.start();
        t.s.runUntil(7_000);
        expect(t.states().every((x) => x.endsWith(':up'))).toBe(true);
        expect(restarted).toEqual(['a-writer@6000', 'a-replica@6000']);
        expect(t.clientA.up).toBe(true);
        expect(t.cut()).toEqual([]);
        expect(t.kinds()).toEqual(['1000 fault-start#0', '6000 fault-end#0']);
      });

      it('leaves alone a node another fault had already crashed', () => {
        const t = region([{ kind: 'crash', target: { node: 'a-replica' }, atUs: 500 }, outage]);
        t.schedule.start();
        t.s.runUntil(7_000);
        expect(t.states()).toEqual(['a-writer:up', 'a-replica:crashed', 'b-standby:up', 'c-replica:up']);
        expect(t.aReplica.incarnation).toBe(1);
      });
    });

    describe('partition', () => {
      it('cuts between AZ names, taking the AZ\'s clients along', () => {
        const t = region([{ kind: 'partition', sides: [['az-a'], ['az-b', 'az-c']], oneWay: false, atUs: 0 }]);
        t.schedule.start();
        t.s.runUntil(10);
        expect(t.cut()).toEqual(between(['a-writer', 'a-replica', 'client-a'], ['b-standby', 'c-replica', 'client-b']));
        expect(t.states().every((x) => x.endsWith(':up'))).toBe(true); // nothing crashes
      });

      it('cuts between endpoint names (nodes and clients)', () => {
        const t = region([{ kind: 'partition', sides: [['a-writer'], ['b-standby', 'client-b']], oneWay: false, atUs: 0 }]);
        t.schedule.start();
        t.s.runUntil(10);
        expect(t.cut()).toEqual(between(['a-writer'], ['b-standby', 'client-b']));
      });

      it('cuts between role and label selectors, resolved when the fault starts', () => {
        const t = region([{ kind: 'partition', sides: [[{ role: 'writer' }], [{ role: 'replica', shard: 1 }]], oneWay: false, atUs: 1_000 }]);
        t.s.at(500, () => {
          t.aWriter.roles = ['standby'];
          t.bStandby.roles = ['writer'];
        });
        t.schedule.start();
        t.s.runUntil(1_000);
        expect(t.cut()).toEqual(between(['b-standby'], ['a-replica', 'c-replica']));
      });

      it('cuts every pair of sides when there are more than two', () => {
        const t = region([{ kind: 'partition', sides: [['az-a'], ['az-b'], ['az-c']], oneWay: false, atUs: 0 }]);
        t.schedule.start();
        t.s.runUntil(10);
        const a = ['a-writer', 'a-replica', 'client-a'];
        const b = ['b-standby', 'client-b'];
        expect(t.cut()).toEqual([...between(a, b), ...between(a, ['c-replica']), ...between(b, ['c-replica'])].sort());
      });

      it('blocks only from the first side to the second when one-way', () => {
        const t = region([{ kind: 'partition', sides: [['az-a'], ['az-b']], oneWay: true, atUs: 0, forUs: 1_000 }]);
        t.schedule.start();
        t.s.runUntil(10);
        expect(t.cut()).toEqual(['a-replica->b-standby', 'a-replica->client-b', 'a-writer->b-standby', 'a-writer->client-b', 'client-a->b-standby', 'client-a->client-b']);
        t.s.runUntil(1_000);
        expect(t.cut()).toEqual([]);
      });

      it('drops a message already in flight across the cut', () => {
        const t = region([{ kind: 'partition', sides: [['az-a'], ['az-b']], oneWay: false, atUs: 500, forUs: 10_000 }]);
        t.schedule.start();
        t.s.at(0, () => t.probe(t.aWriter, t.bStandby, 'in-flight'));
        t.s.at(0, () => t.probe(t.aWriter, t.cReplica, 'other-az'));
        t.s.runUntil(20_000);
        expect([...t.arrivals]).toEqual([['other-az', 1_000]]);
      });
    });

    describe('process faults', () => {
      it('crashes the targets and restarts them after `for`', () => {
        const t = region([{ kind: 'crash', target: { role: 'replica' }, atUs: 1_000, forUs: 2_000 }]);
        t.schedule.start();
        t.s.runUntil(1_500);
        expect(t.states()).toEqual(['a-writer:up', 'a-replica:crashed', 'b-standby:up', 'c-replica:crashed']);
        t.s.runUntil(3_000);
        expect(t.states().every((x) => x.endsWith(':up'))).toBe(true);
        expect(t.kinds()).toEqual(['1000 fault-start#0', '3000 fault-end#0']);
      });

      it('crashes and restarts at once for a restart without `for`', () => {
        const t = region([{ kind: 'restart', target: { node: 'b-standby' }, atUs: 1_000 }]);
        const calls: string[] = [];
        t.bStandby.hooks = { onCrash: () => calls.push(`crash@${t.s.now}`), onRestart: () => calls.push(`restart@${t.s.now}`) };
        t.schedule.start();
        t.s.runUntil(5_000);
        expect(calls).toEqual(['crash@1000', 'restart@1000']);
        expect(t.bStandby.state).toBe('up');
        expect(t.bStandby.incarnation).toBe(2); // one for the crash, one for the new process
        expect(t.kinds()).toEqual(['1000 fault-start#0']);
      });

      it('keeps a restarted process down for `for` when given', () => {
        const t = region([{ kind: 'restart', target: { node: 'b-standby' }, atUs: 1_000, forUs: 4_000 }]);
        t.schedule.start();
        t.s.runUntil(4_999);
        expect(t.bStandby.state).toBe('crashed');
        t.s.runUntil(5_000);
        expect(t.bStandby.state).toBe('up');
      });

      it('pauses the targets and resumes them after `for`', () => {
        const t = region([{ kind: 'pause', target: { az: 'az-b' }, atUs: 1_000, forUs: 2_000 }]);
        t.schedule.start();
        t.s.at(1_000, () => t.probe(t.aWriter, t.bStandby, 'held'));
        t.s.runUntil(2_500);
        expect(t.bStandby.state).toBe('paused');
        expect(t.arrivals.has('held')).toBe(false);
        t.s.runUntil(5_000);
        expect(t.bStandby.state).toBe('up');
        expect(t.arrivals.get('held')).toBe(3_000);
      });
    });

    describe('clock', () => {
      it('jumps and sets drift on the targets, then undoes the jump and restores the drift', () => {
        const t = region([{ kind: 'clock', target: { node: 'b-standby' }, offsetUs: 5_000, driftPpm: 100, atUs: 1_000, forUs: 1_000_000 }]);
        t.schedule.start();
        t.s.runUntil(1_000);
        expect(t.bStandby.localNow()).toBe(6_000);
        expect(t.aWriter.localNow()).toBe(1_000);
        t.s.runUntil(1_001_000);
        expect(t.bStandby.clock.driftPpm).toBeCloseTo(0, 9);
        // The jump is undone; what the drift gained during the fault (100 us) stays.
        expect(t.bStandby.localNow() - 1_001_000).toBeCloseTo(100, 6);
      });

      it('moves timers armed on the target\'s clock', () => {
        const t = region([{ kind: 'clock', target: { node: 'b-standby' }, offsetUs: 3_000, atUs: 1_000 }]);
        const fired: number[] = [];
        t.bStandby.setTimer(10_000, () => fired.push(t.s.now));
        t.schedule.start();
        t.s.runUntil(20_000);
        expect(fired).toEqual([7_000]);
      });
    });

    describe('latency and loss', () => {
      it('adds latency both ways between the sides and nowhere else', () => {
        const t = region([{ kind: 'latency', between: [['az-a'], ['az-b']], addUs: 20_000, atUs: 0, forUs: 50_000 }]);
        t.schedule.start();
        t.s.at(1, () => {
          t.probe(t.aWriter, t.bStandby, 'a->b');
          t.probe(t.bStandby, t.aWriter, 'b->a');
          t.probe(t.clientA, t.bStandby, 'client-a->b');
          t.probe(t.aWriter, t.cReplica, 'a->c');
        });
        t.s.at(60_000, () => t.probe(t.aWriter, t.bStandby, 'after'));
        t.s.runUntil(100_000);
        expect(Object.fromEntries(t.arrivals)).toEqual({ 'a->c': 1_001, 'a->b': 21_001, 'b->a': 21_001, 'client-a->b': 21_011, after: 61_000 });
      });

      it('loses messages both ways between the sides, with the given probability', () => {
        const t = region([{ kind: 'loss', between: [['a-writer'], ['b-standby']], probability: 0.5, atUs: 0, forUs: 1_000_000 }]);
        t.schedule.start();
        let ab = 0;
        let ba = 0;
        let ac = 0;
        t.s.at(1, () => {
          for (let i = 0; i < 4_000; i++) {
            t.net.send(t.aWriter, t.bStandby, 0, () => ab++);
            t.net.send(t.bStandby, t.aWriter, 0, () => ba++);
            t.net.send(t.aWriter, t.cReplica, 0, () => ac++);
          }
        });
        t.s.runUntil(2_000_000);
        // Binomial(4000, 0.5): sd ≈ 32; ±250 is about 8 sd.
        expect(Math.abs(ab - 2_000)).toBeLessThan(250);
        expect(Math.abs(ba - 2_000)).toBeLessThan(250);
        expect(ac).toBe(4_000);
      });

      it('stops losing messages when it heals', () => {
        const t = region([{ kind: 'loss', between: [['az-a'], ['az-b']], probability: 1, atUs: 0, forUs: 1_000 }]);
        t.schedule.start();
        t.s.at(10, () => t.probe(t.aWriter, t.bStandby, 'lost'));
        t.s.at(2_000, () => t.probe(t.aWriter, t.bStandby, 'kept'));
        t.s.runUntil(10_000);
        expect([...t.arrivals.keys()]).toEqual(['kept']);
      });
    });

    describe('failover', () => {
      it('calls the operator hook with the matched nodes, and has no end', () => {
        const t = region([{ kind: 'failover', target: { role: 'writer' }, atUs: 1_000, forUs: 5_000 }]);
        t.schedule.start();
        t.s.runUntil(10_000);
        t.schedule.healAll();
        expect(t.failovers).toEqual([['a-writer']]);
        expect(t.kinds()).toEqual(['1000 fault-start#0']);
      });
    });

    describe('the event log', () => {
      it('records every start and end with the fault\'s index and description', () => {
        const faults: FaultSpec[] = [
          { kind: 'crash', target: { node: 'c-replica' }, atUs: 1_000, forUs: 1_000 },
          { kind: 'partition', sides: [['az-a'], ['az-b']], oneWay: false, atUs: 1_500, forUs: 3_000 },
          { kind: 'pause', target: { role: 'standby' }, atUs: 1_500, forUs: 500 },
        ];
        const t = region(faults);
        t.schedule.start();
        t.s.runUntil(10_000);
        expect(t.log.map((e) => [e.timeUs, e.kind, e.fault, e.detail])).toEqual([
          [1_000, 'fault-start', 0, 'crash node=c-replica'],
          [1_500, 'fault-start', 1, 'partition [az-a] | [az-b]'],
          [1_500, 'fault-start', 2, 'pause role=standby'],
          [2_000, 'fault-end', 0, 'crash node=c-replica'],
          [2_000, 'fault-end', 2, 'pause role=standby'],
          [4_500, 'fault-end', 1, 'partition [az-a] | [az-b]'],
        ]);
      });

      it('logs a fault\'s start before the events its effects cause, and its end before the healing\'s', () => {
        const t = region([{ kind: 'crash', target: { node: 'a-writer' }, atUs: 1_000, forUs: 1_000 }, { kind: 'failover', target: { node: 'b-standby' }, atUs: 5_000 }]);
        // The fake engine's own kinds are not declared ones: the cast keeps them apart in the log.
        const ev = (kind: string) => () => t.events.emit(kind as EventKind, { node: 'engine' });
        t.aWriter.hooks = { onCrash: ev('node-crashed'), onRestart: ev('node-restarted') };
        t.engine.operatorFailover = ev('promoted'); // an engine that promotes synchronously
        t.schedule.start();
        t.s.runUntil(10_000);
        expect(t.kinds()).toEqual([
          '1000 fault-start#0',
          '1000 node-crashed engine',
          '2000 fault-end#0',
          '2000 node-restarted engine',
          '5000 fault-start#1',
          '5000 promoted engine',
        ]);
      });
    });

    describe('healAll', () => {
      it('ends the faults still active, in index order, and leaves ended ones alone', () => {
        const t = region([
          { kind: 'partition', sides: [['az-a'], ['az-c']], oneWay: false, atUs: 0 }, // no `for`: until the end
          { kind: 'crash', target: { node: 'c-replica' }, atUs: 0, forUs: 1_000 },
          { kind: 'crash', target: { node: 'b-standby' }, atUs: 0, forUs: 50_000 },
        ]);
        t.schedule.start();
        t.s.runUntil(10_000);
        t.schedule.healAll();
        expect(t.cut()).toEqual([]);
        expect(t.states().every((x) => x.endsWith(':up'))).toBe(true);
        t.s.runUntil(100_000); // fault 2's own end comes and finds nothing to do
        expect(t.kinds()).toEqual(['0 fault-start#0', '0 fault-start#1', '0 fault-start#2', '1000 fault-end#1', '10000 fault-end#0', '10000 fault-end#2']);
      });
    });

    it('describes each kind of fault for the event log', () => {
      expect(describeFault({ kind: 'az-outage', az: 'az-b', atUs: 0 })).toBe('az-outage az-b');
      expect(describeFault({ kind: 'partition', sides: [['az-a', { role: 'writer' }], ['db-2']], oneWay: true, atUs: 0 })).toBe('partition [az-a role=writer] -/-> [db-2]');
      expect(describeFault({ kind: 'clock', target: { node: 'n' }, offsetUs: -500, driftPpm: 20, atUs: 0 })).toBe('clock node=n offset -500us drift 20ppm');
      expect(describeFault({ kind: 'latency', between: [['az-a'], ['az-b']], addUs: 300, atUs: 0 })).toBe('latency +300us [az-a] <-> [az-b]');
      expect(describeFault({ kind: 'loss', between: [['az-a'], ['az-b']], probability: 0.1, atUs: 0 })).toBe('loss 0.1 [az-a] <-> [az-b]');
    });
  });
});
