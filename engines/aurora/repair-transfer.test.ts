// The repair links' fair sharing (repair-transfer.ts), on a bare scheduler: arrival times of
// copies that overlap on a link, measured from the simulated clock.
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../sim/scheduler.ts';
import { SimNode } from '../../sim/node.ts';
import { RepairLinks } from './repair-transfer.ts';

const S = 1_000_000;
const GBIT = 1e9;

function setup(linkBps = 10 * GBIT) {
  const s = new Scheduler();
  const host = new SimNode(s, 'control', 'az-a', []);
  const links = new RepairLinks<string>({ now: () => s.now, setTimer: (us, fn) => host.setTimer(us, fn), cancelTimer: (id) => host.cancelTimer(id) }, linkBps);
  const arrivals = new Map<string, number>();
  const copy = (name: string, from: string, to: string, bits: number) => links.start(from, to, bits, () => arrivals.set(name, s.now));
  return { s, links, arrivals, copy };
}

describe('aurora > repair transfer', () => {
  it('moves one copy alone in size / bandwidth (10 GB at 10 Gbit/s: 8.6 s)', () => {
    const { s, arrivals, copy } = setup();
    copy('one', 'peer', 'new', 10 * 1024 ** 3 * 8);
    s.runUntil(60 * S);
    expect(arrivals.get('one')! / S).toBeCloseTo(8.59, 2);
  });

  it('splits a target\'s inbound link among the copies into it, so each takes as many times longer', () => {
    const { s, links, arrivals, copy } = setup();
    for (const from of ['p1', 'p2', 'p3']) copy(from, from, 'new', 10 * GBIT);
    const into = links.active.reduce((sum, c) => sum + c.rateBps, 0);
    expect(into).toBeCloseTo(10 * GBIT, 0);
    s.runUntil(60 * S);
    for (const from of ['p1', 'p2', 'p3']) expect(arrivals.get(from)! / S).toBeCloseTo(3, 4);
  });

  it('runs copies between distinct pairs of nodes at the full bandwidth each', () => {
    const { s, arrivals, copy } = setup();
    copy('a', 'p1', 't1', 10 * GBIT);
    copy('b', 'p2', 't2', 10 * GBIT);
    s.runUntil(60 * S);
    expect(arrivals.get('a')! / S).toBeCloseTo(1, 4);
    expect(arrivals.get('b')! / S).toBeCloseTo(1, 4);
  });

  it('gives a copy what the crowded link leaves of its source (max-min), and all of it once that link empties', () => {
    const { s, links, arrivals, copy } = setup();
    // t1 receives three copies (10/3 Gbit/s each); p3 sends one of them and one to t2, which
    // gets the rest of p3's link (6.7 Gbit/s), not an even half.
    copy('a', 'p1', 't1', 10 * GBIT);
    copy('b', 'p2', 't1', 10 * GBIT);
    copy('c', 'p3', 't1', 10 * GBIT);
    const d = copy('d', 'p3', 't2', 30 * GBIT);
    expect(d.rateBps / GBIT).toBeCloseTo(20 / 3, 6);
    s.runUntil(60 * S);
    expect(arrivals.get('a')! / S).toBeCloseTo(3, 4);
    // By 3 s d moved 20 Gbit; the last 10 Gbit at the full 10 Gbit/s take 1 s more.
    expect(arrivals.get('d')! / S).toBeCloseTo(4, 4);
    expect(links.active).toHaveLength(0);
  });

  it('hands a dropped copy\'s share to the copies left on its links', () => {
    const { s, links, arrivals, copy } = setup();
    const gone = copy('gone', 'p1', 't1', 10 * GBIT);
    copy('kept', 'p2', 't1', 10 * GBIT);
    s.at(1 * S, () => links.drop(gone));
    s.runUntil(60 * S);
    expect(arrivals.has('gone')).toBe(false);
    // 5 Gbit in the first second at half the link, the other 5 Gbit at all of it.
    expect(arrivals.get('kept')! / S).toBeCloseTo(1.5, 4);
  });
});
