// The simulation never reads wall time, unseeded randomness or host timers: a run with them all
// made to throw still completes, with the same figures.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run.ts';
import { loadBundled, withRate } from './bundled.ts';

const g = globalThis as Record<string, unknown>;
const saved = { random: Math.random, now: Date.now, Date: g.Date, perf: performance.now, setTimeout: g.setTimeout, setInterval: g.setInterval, setImmediate: g.setImmediate, queueMicrotask: g.queueMicrotask };

function forbid(): void {
  const boom = (what: string) => () => {
    throw new Error(`${what} used during a simulation`);
  };
  Math.random = boom('Math.random');
  Date.now = boom('Date.now');
  g.Date = new Proxy(saved.Date as object, { construct: boom('new Date') as never, apply: boom('Date()') as never });
  performance.now = boom('performance.now');
  g.setTimeout = boom('setTimeout');
  g.setInterval = boom('setInterval');
  g.setImmediate = boom('setImmediate');
  g.queueMicrotask = boom('queueMicrotask');
}

function restore(): void {
  Math.random = saved.random;
  Date.now = saved.now;
  g.Date = saved.Date;
  performance.now = saved.perf;
  g.setTimeout = saved.setTimeout;
  g.setInterval = saved.setInterval;
  g.setImmediate = saved.setImmediate;
  g.queueMicrotask = saved.queueMicrotask;
}

describe('purity', () => {
  afterEach(restore);

  it('runs a scenario with Math.random, Date, performance.now and host timers made to throw', () => {
    const s = withRate(loadBundled('rds-cluster-writer-crash', 3), 300);
    const normal = runScenario(s).summary;
    forbid();
    let forbidden;
    try {
      forbidden = runScenario(s).summary;
    } finally {
      restore();
    }
    expect(forbidden).toEqual(normal);
    expect(normal.ops as number).toBeGreaterThan(10_000);
  });

  it('would notice if they were used', () => {
    forbid();
    expect(() => Math.random()).toThrow(/Math.random/);
    expect(() => new (g.Date as DateConstructor)()).toThrow(/new Date/);
  });
});
