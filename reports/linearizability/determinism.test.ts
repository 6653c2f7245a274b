// The checker must give the same answer on every machine: no clocks, no randomness, no async,
// no I/O. Checked twice: statically over this folder's sources, and at run time with the
// forbidden globals made to throw.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkHistory } from './check-history.ts';
import { mulberry32, simulateRegisterHistory } from './simulated-history.ts';
import type { HistoryEvent } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FORBIDDEN = /Math\.random|\bDate\b|performance\.|setTimeout|setInterval|setImmediate|\basync\b|\bawait\b|\bprocess\.\w|from 'node:/;

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

describe('linearizability > determinism', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('uses no clock, randomness, async or I/O in its sources', () => {
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(15);
    const offenders = sources.filter((f) => FORBIDDEN.test(withoutComments(readFileSync(path.join(here, f), 'utf8'))));
    expect(offenders).toEqual([]);
  });

  it('gives identical results with clocks and randomness made to throw', () => {
    const events: HistoryEvent[] = simulateRegisterHistory(mulberry32(3), {
      processes: 8,
      ops: 400,
      keys: 3,
      writeShare: 0.4,
      casShare: 0.2,
      infoShare: 0.1,
      values: 3,
    });
    const at = events.findIndex((e, i) => i > 300 && e.type === 'ok' && e.f === 'read');
    const corrupted = events.map((e, i) => (i === at ? { ...e, value: 99 } : e));
    const run = () => JSON.stringify([checkHistory(events), checkHistory(corrupted), checkHistory(events, { maxSteps: 50 })]);
    const first = run();
    const boom = (): never => {
      throw new Error('the checker must not read clocks or randomness');
    };
    vi.spyOn(Math, 'random').mockImplementation(boom);
    vi.spyOn(performance, 'now').mockImplementation(boom);
    vi.stubGlobal('Date', new Proxy(Date, { construct: boom, apply: boom, get: boom }));
    vi.stubGlobal('setTimeout', boom);
    vi.stubGlobal('setImmediate', boom);
    expect(run()).toBe(first);
    expect(JSON.parse(first)[1].linearizable).toBe(false);
  });
});
