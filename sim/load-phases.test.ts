import { describe, expect, it } from 'vitest';
import { nextArrivalUs, phaseSegments, rateAt, type LoadPhase } from './load-phases.ts';
import { Rng } from './rng.ts';

const S = 1_000_000;

/** Arrival times from 0 to `untilUs`, one exponential draw each, as the workload draws them. */
function arrivals(phases: LoadPhase[], untilUs: number, seed = 'p'): number[] {
  const segs = phaseSegments(phases);
  const rng = new Rng(seed);
  const out: number[] = [];
  let t = 0;
  for (;;) {
    const next = nextArrivalUs(segs, t, rng.exponential(1));
    if (next === null || next >= untilUs) return out;
    t = Math.max(t + 1, Math.round(next));
    out.push(t);
  }
}

const perSecond = (ts: number[], seconds: number) => {
  const counts = new Array<number>(seconds).fill(0);
  for (const t of ts) counts[Math.floor(t / S)]++;
  return counts;
};

describe('sim > load phases', () => {
  it('lays phases end to end from 0, a ramp starting at the rate before it, the last holding', () => {
    const segs = phaseSegments([
      { durationUs: 5 * S, load: { kind: 'open', ratePerS: 100 } },
      { durationUs: 2 * S, load: { kind: 'ramp', toPerS: 500 } },
    ]);
    expect(segs.map((s) => [s.startUs, s.endUs, s.fromPerS, s.toPerS])).toEqual([
      [0, 5 * S, 100, 100],
      [5 * S, 7 * S, 100, 500],
      [7 * S, Infinity, 500, 500],
    ]);
    expect(rateAt(segs[1], 6 * S)).toBe(300);
  });

  it('follows a step in the rate: arrivals per second match each phase within Poisson noise', () => {
    const counts = perSecond(arrivals([{ durationUs: 10 * S, load: { kind: 'open', ratePerS: 200 } }, { durationUs: 10 * S, load: { kind: 'open', ratePerS: 2000 } }], 20 * S), 20);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(counts.slice(0, 10))).toBeGreaterThan(180);
    expect(mean(counts.slice(0, 10))).toBeLessThan(220);
    expect(mean(counts.slice(10))).toBeGreaterThan(1900);
    expect(mean(counts.slice(10))).toBeLessThan(2100);
  });

  it('makes no arrivals in an idle phase (rate 0) and resumes after it', () => {
    const ts = arrivals([{ durationUs: 2 * S, load: { kind: 'open', ratePerS: 500 } }, { durationUs: 3 * S, load: { kind: 'open', ratePerS: 0 } }, { durationUs: 1 * S, load: { kind: 'open', ratePerS: 500 } }], 8 * S);
    expect(ts.filter((t) => t >= 2 * S && t < 5 * S)).toEqual([]);
    expect(ts.filter((t) => t >= 5 * S).length).toBeGreaterThan(1200);
  });

  it('ramps linearly: arrivals per second grow monotonically over a ramp, and total what the area says', () => {
    const ts = arrivals([{ durationUs: 1 * S, load: { kind: 'open', ratePerS: 0 } }, { durationUs: 10 * S, load: { kind: 'ramp', toPerS: 10_000 } }], 11 * S);
    const counts = perSecond(ts, 11).slice(1);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1]);
    // Area under 0 -> 10000/s over 10 s is 50000; second k holds about 1000k - 500.
    expect(Math.abs(ts.length - 50_000)).toBeLessThan(1_000);
    expect(Math.abs(counts[4] - 4_500)).toBeLessThan(300);
  });

  it('draws the same arrivals for the same seed', () => {
    const phases: LoadPhase[] = [{ durationUs: 1 * S, load: { kind: 'open', ratePerS: 100 } }, { durationUs: 1 * S, load: { kind: 'ramp', toPerS: 50 } }];
    expect(arrivals(phases, 3 * S, 'a')).toEqual(arrivals(phases, 3 * S, 'a'));
    expect(arrivals(phases, 3 * S, 'a')).not.toEqual(arrivals(phases, 3 * S, 'b'));
  });
});
