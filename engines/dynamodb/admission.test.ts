// Admission control on its own, driven by a synthetic clock: burst capacity, throttling of the
// excess over provisioned capacity, the partition hard limits, and on-demand's 2x previous peak.
import { describe, expect, it } from 'vitest';
import { Admission, type AdmissionConfig } from './admission.ts';

const S = 1_000_000;

function config(over: Partial<AdmissionConfig>): AdmissionConfig {
  return {
    mode: 'provisioned',
    partitions: 1,
    rcu: 100,
    wcu: 100,
    maxPartitionRcu: 3000,
    maxPartitionWcu: 1000,
    burstWindowUs: 300 * S,
    onDemandScaleDelayUs: 30 * 60 * S,
    // The static model unless a test asks for adaptive capacity.
    adaptive: false,
    adaptiveDelayUs: 0,
    ...over,
  };
}

/**
 * Offers `ratePerS` one-unit writes, evenly spaced, from `fromUs` for `seconds`, in turn to
 * `partitions` partitions from `first`; counts admissions.
 */
function offer(a: Admission, ratePerS: number, fromUs: number, seconds: number, first = 0, partitions = 1): { admitted: number; throttled: number; endUs: number } {
  let admitted = 0;
  let throttled = 0;
  const n = Math.round(ratePerS * seconds);
  const step = S / ratePerS;
  for (let i = 0; i < n; i++) {
    if (a.admit(first + (i % partitions), 'write', 1, Math.round(fromUs + i * step))) admitted++;
    else throttled++;
  }
  return { admitted, throttled, endUs: fromUs + seconds * S };
}

/**
 * Offers one-unit writes to several partitions at once, each at its own rate (evenly spaced, in
 * time order), from `fromUs` for `seconds`; counts admissions per partition.
 */
function offerMix(a: Admission, ratesPerS: number[], fromUs: number, seconds: number): { admitted: number[]; throttled: number[] } {
  const arrivals: { atUs: number; p: number }[] = [];
  ratesPerS.forEach((rate, p) => {
    for (let i = 0; i < Math.round(rate * seconds); i++) arrivals.push({ atUs: Math.round(fromUs + (i * S) / rate), p });
  });
  arrivals.sort((x, y) => x.atUs - y.atUs || x.p - y.p);
  const admitted = ratesPerS.map(() => 0);
  const throttled = ratesPerS.map(() => 0);
  for (const { atUs, p } of arrivals) {
    if (a.admit(p, 'write', 1, atUs)) admitted[p]++;
    else throttled[p]++;
  }
  return { admitted, throttled };
}

describe('dynamodb > admission > adaptive capacity', () => {
  it('sustains the documented example: 400 WCU over 4 partitions, one taking 150 WCU/s, none throttled', () => {
    // AWS, "Burst and adaptive capacity": partitions 1-3 take 50 WCU/s each, partition 4 takes 150.
    const a = new Admission(config({ partitions: 4, wcu: 400, adaptive: true }), 0);
    const warm = offerMix(a, [50, 50, 50, 150], 0, 5);
    const r = offerMix(a, [50, 50, 50, 150], 5 * S, 120);
    expect(r.throttled).toEqual([0, 0, 0, 0]);
    expect(r.admitted[3]).toBe(150 * 120);
    expect(warm.throttled.slice(0, 3)).toEqual([0, 0, 0]);
  });

  it('still throttles a hot partition asked for more than the table has left', () => {
    // 400 WCU; the cold partitions use 150 of it, the hot one asks 400/s: about 250/s pass.
    const a = new Admission(config({ partitions: 4, wcu: 400, adaptive: true }), 0);
    const r = offerMix(a, [50, 50, 50, 400], 10 * S, 60);
    expect(r.throttled.slice(0, 3)).toEqual([0, 0, 0]);
    const hotPerS = r.admitted[3] / 60;
    expect(hotPerS).toBeGreaterThan(245);
    expect(hotPerS).toBeLessThan(260);
  });

  it('never lets a boosted partition past its hard limit of 1,000 WCU/s', () => {
    // 4000 WCU over 4 partitions, all idle but one asked 1500/s: the table has room, the partition not.
    const a = new Admission(config({ partitions: 4, wcu: 4000, adaptive: true }), 0);
    const r = offerMix(a, [1500, 0, 0, 0], 10 * S, 30);
    expect(r.admitted[0]).toBeLessThanOrEqual(1000 * 30 + 1000 + 1);
    expect(r.admitted[0]).toBeGreaterThanOrEqual(1000 * 30);
  });

  it('waits adaptive_capacity_delay before boosting a partition the first time, then boosts at once', () => {
    const a = new Admission(config({ partitions: 4, wcu: 400, adaptive: true, adaptiveDelayUs: 60 * S }), 0);
    const first = offerMix(a, [50, 50, 50, 150], 0, 60);
    expect(first.throttled[3]).toBeGreaterThan(1000); // 60 s at 50/s over its share, less the first second
    const then = offerMix(a, [50, 50, 50, 150], 65 * S, 60);
    expect(then.throttled).toEqual([0, 0, 0, 0]);
  });
});

describe('dynamodb > admission', () => {
  it('throttles a steady load above provisioned capacity by about the excess', () => {
    const a = new Admission(config({ wcu: 100 }), 0);
    // 150 writes/s against 100 WCU for 60 s: about 100/s pass (plus the first second's bucket).
    const r = offer(a, 150, 0, 60);
    expect(r.admitted).toBeGreaterThanOrEqual(6000);
    expect(r.admitted).toBeLessThanOrEqual(6100 + 1);
    expect(r.throttled / (150 * 60)).toBeCloseTo(1 / 3, 1);
  });

  it('absorbs a burst of up to 300 x the unused rate after 300 s idle, then throttles', () => {
    const a = new Admission(config({ wcu: 100 }), 0);
    // Idle for 300 s (plus the one second the allocated bucket holds): the burst bucket is full.
    const burst = offer(a, 1000, 301 * S, 120);
    const extra = burst.admitted - 100 * 120 - 100; // beyond the rate and the full allocated bucket
    expect(extra).toBeGreaterThan(300 * 100 * 0.99);
    expect(extra).toBeLessThanOrEqual(300 * 100 + 1);
    // Drained: the next minute at 1000/s gets only the provisioned 100/s.
    const after = offer(a, 1000, burst.endUs, 60);
    expect(after.admitted).toBeLessThanOrEqual(100 * 60 + 1);
    expect(after.admitted).toBeGreaterThanOrEqual(100 * 60 - 1);
  });

  it('keeps less burst capacity after a shorter idle time (unused capacity accrues at the rate)', () => {
    // The allocated bucket starts full, so all 60 s of unused capacity go to the burst bucket.
    const a = new Admission(config({ wcu: 100 }), 0);
    const burst = offer(a, 1000, 60 * S, 60);
    const extra = burst.admitted - 100 * 60 - 100;
    expect(extra).toBeGreaterThan(60 * 100 * 0.99);
    expect(extra).toBeLessThanOrEqual(60 * 100 + 1);
  });

  it('never lets a partition exceed its hard limit, even with burst capacity left', () => {
    const a = new Admission(config({ wcu: 900, maxPartitionWcu: 1000 }), 0);
    const r = offer(a, 3000, 301 * S, 10); // burst bucket holds 270,000 units
    expect(r.admitted).toBeLessThanOrEqual(1000 * 10 + 1000 + 1);
    expect(r.admitted).toBeGreaterThanOrEqual(1000 * 10);
  });

  it('gives every partition an equal share and throttles only the one asked for more', () => {
    const a = new Admission(config({ partitions: 4, wcu: 400 }), 0);
    const hot = offer(a, 150, 0, 30, 0);
    const cold = offer(a, 50, 0, 30, 1);
    expect(hot.throttled).toBeGreaterThan(1000);
    expect(cold.throttled).toBe(0);
  });

  it('counts consumed and throttled units, reads and writes apart', () => {
    const counts = new Map<string, number>();
    const a = new Admission(config({ rcu: 10, wcu: 10 }), 0, (c, n) => counts.set(c, (counts.get(c) ?? 0) + n));
    for (let i = 0; i < 12; i++) a.admit(0, 'read', 0.5, 0);
    for (let i = 0; i < 12; i++) a.admit(0, 'write', 2, 0);
    expect(counts.get('rcu_consumed')).toBe(6);
    expect(counts.get('rcu_throttled')).toBeUndefined();
    expect(counts.get('wcu_consumed')).toBe(10);
    expect(counts.get('wcu_throttled')).toBe(14);
  });

  it('serves an on-demand table up to twice its previous peak at once, and throttles above it', () => {
    const a = new Admission(config({ mode: 'on_demand', partitions: 4, wcu: 1000 }), 0);
    const spread = (rate: number, from: number, seconds: number) => offer(a, rate, from, seconds, 0, 4);
    // The table's previous peak is 1000 WCU/s: 2000/s pass.
    const double = spread(2000, 0, 20);
    expect(double.throttled).toBe(0);
    // 3000/s: about the excess over 2000/s is throttled (the scale delay is 30 minutes).
    const triple = spread(3000, 20 * S, 20);
    expect(triple.throttled / (3000 * 20)).toBeGreaterThan(0.3);
    expect(triple.throttled / (3000 * 20)).toBeLessThan(0.36);
    expect(a.onDemandPeak('write')).toBe(1000);
  });

  it('raises the on-demand limit to twice a new peak once the scale delay has passed', () => {
    const a = new Admission(config({ mode: 'on_demand', partitions: 4, wcu: 1000, onDemandScaleDelayUs: 60 * S }), 0);
    expect(offer(a, 2000, 0, 10, 0, 4).throttled).toBe(0); // 2000/s for 10 s: a new peak of 2000
    expect(a.onDemandPeak('write')).toBe(1000);
    // 70 s later (past the 60 s delay), 3000/s: within twice the new peak.
    expect(offer(a, 3000, 80 * S, 20, 0, 4).throttled).toBe(0);
    expect(a.onDemandPeak('write')).toBe(2000);
  });
});
