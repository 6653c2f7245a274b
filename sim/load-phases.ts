// Load that changes over time: a workload's phases laid end to end from the start of the run, each
// an open-loop rate (held, or ramped linearly from the rate before it), or a closed-loop
// concurrency, with an optional read fraction and key choice of its own. The last phase holds
// until the workload ends.
// Open-loop arrivals follow the rate as a non-homogeneous Poisson process, drawn by inverting the
// cumulative rate: each gap is one exponential draw of mean 1 (expected arrivals), walked through
// the segments' areas under the rate curve; within a ramp the area is a quadratic, solved exactly.
// One draw per arrival whatever the shape, so the process is deterministic for a seed.
// Leaves out: concurrency ramps (a concurrency phase is a step) and curved shapes (diurnal load).

import type { KeyDistribution } from './key-chooser.ts';

/** A phase as the scenario states it. */
export interface LoadPhase {
  /** How long the phase lasts (the last one holds past its end). */
  durationUs: number;
  /** A rate held for the phase, a ramp from the previous phase's rate to `toPerS`, or a concurrency. */
  load: { kind: 'open'; ratePerS: number } | { kind: 'ramp'; toPerS: number } | { kind: 'closed'; concurrency: number };
  /** The phase's own read fraction; absent: the workload's. */
  readFraction?: number;
  /** With its own mix: its queries' fraction (absent: none); without one, the workload's. */
  queryFraction?: number;
  /** The phase's own key distribution; absent: the workload's. */
  keyDistribution?: KeyDistribution;
}

/** A phase placed in time, with a ramp's start rate resolved. */
export interface PhaseSegment {
  startUs: number;
  /** Infinity for the last segment: it holds. */
  endUs: number;
  /** Open loop: the rate at the start and at the end (equal unless a ramp); 0 in a closed phase. */
  fromPerS: number;
  toPerS: number;
  /** Closed loop: callers during the phase; 0 in an open phase. */
  concurrency: number;
  readFraction?: number;
  queryFraction?: number;
  keyDistribution?: KeyDistribution;
}

/** Lays the phases end to end from 0. A ramp's start is the rate of the phase before it (validated by the parser). */
export function phaseSegments(phases: readonly LoadPhase[]): PhaseSegment[] {
  const out: PhaseSegment[] = [];
  let t = 0;
  let rate = 0;
  phases.forEach((p, i) => {
    const endUs = i === phases.length - 1 ? Number.POSITIVE_INFINITY : t + p.durationUs;
    const l = p.load;
    const from = l.kind === 'open' ? l.ratePerS : l.kind === 'ramp' ? rate : 0;
    // A ramp that is the last phase reaches its rate at its end, then holds it.
    const to = l.kind === 'open' ? l.ratePerS : l.kind === 'ramp' ? l.toPerS : 0;
    const seg = { startUs: t, endUs: l.kind === 'ramp' && i === phases.length - 1 ? t + p.durationUs : endUs, fromPerS: from, toPerS: to, concurrency: l.kind === 'closed' ? l.concurrency : 0, readFraction: p.readFraction, ...(p.queryFraction === undefined ? {} : { queryFraction: p.queryFraction }), keyDistribution: p.keyDistribution };
    out.push(seg);
    if (seg.endUs !== endUs) out.push({ ...seg, startUs: seg.endUs, endUs, fromPerS: to });
    t += p.durationUs;
    rate = to;
  });
  return out;
}

/** The rate in operations per second at `tUs` within `seg` (linear between its ends). */
export function rateAt(seg: PhaseSegment, tUs: number): number {
  if (seg.fromPerS === seg.toPerS || !Number.isFinite(seg.endUs)) return seg.fromPerS;
  return seg.fromPerS + ((seg.toPerS - seg.fromPerS) * (tUs - seg.startUs)) / (seg.endUs - seg.startUs);
}

/** The segment holding `tUs`, searching on from index `from` (time only moves forward). */
export function segmentIndexAt(segs: readonly PhaseSegment[], tUs: number, from = 0): number {
  let i = from;
  while (i < segs.length - 1 && tUs >= segs[i].endUs) i++;
  return i;
}

/**
 * The next arrival after `nowUs` given `mass` expected arrivals to cover (an exponential draw of
 * mean 1), or null when the rate stays 0 from here on. Walks the area under the rate curve.
 */
export function nextArrivalUs(segs: readonly PhaseSegment[], nowUs: number, mass: number): number | null {
  let t = nowUs;
  let left = mass;
  for (let i = segmentIndexAt(segs, nowUs); i < segs.length; i++) {
    const seg = segs[i];
    const a = rateAt(seg, t) / 1e6; // arrivals per µs at t
    if (!Number.isFinite(seg.endUs)) return a > 0 ? t + left / a : null;
    const b = (seg.toPerS - seg.fromPerS) / 1e6 / (seg.endUs - seg.startUs); // slope, per µs²
    const span = seg.endUs - t;
    const area = a * span + (b * span * span) / 2;
    if (left <= area && area > 0) {
      // Solve a*d + b*d²/2 = left for the smallest d >= 0, in the form that stays exact as b -> 0.
      const disc = Math.max(0, a * a + 2 * b * left);
      return t + (2 * left) / (a + Math.sqrt(disc));
    }
    left -= Math.max(0, area);
    t = seg.endUs;
  }
  return null;
}
