// What must be the same in scenario files for `faultline compare` to compare topologies: the
// region (AZs, latencies, clocks), the run's length, the workload and the fault schedule. Only
// the engine, its cache and the expectations may differ. The first difference is named by its
// path in the loaded scenario, so the refusal says exactly what to align.

import type { Scenario } from '../../scenarios/format/scenario.ts';

/** The parts of a scenario a comparison holds equal, by the name a message uses. */
export function comparedParts(s: Scenario): Record<string, unknown> {
  return { duration: s.durationUs, warmup: s.warmupUs, settle: s.settleUs, region: s.region, workload: s.workload, faults: s.faults };
}

/** The path of the first difference between two values (`workload.load.ratePerS`), or null. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return at === '' ? '(the whole value)' : at;
  if (Array.isArray(a) !== Array.isArray(b)) return at;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${at} (${a.length} entries vs ${b.length})`;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at === '' ? k : `${at}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

/** null when `b` sets up the same run as `a`, else the first difference in words. */
export function setupDifference(a: Scenario, b: Scenario): string | null {
  return firstDifference(comparedParts(a), comparedParts(b));
}
