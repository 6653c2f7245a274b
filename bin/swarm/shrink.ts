// Shrinking a failing swarm run, in the manner of fast-check: try smaller variants of it in a
// fixed order (end the workload right after the last fault's liveness phase, drop a fault,
// halve the clients, halve a fault's length, move a fault later), keep the first that still
// fails the same property, and start again from it, until no variant fails or the run budget
// is spent. Variants are tried a batch at a time on the worker pool; the one kept is the first
// failing one in that fixed order, so the result does not depend on timing or --jobs.
// Within tolerance, only variants that keep to it are tried: a shrunk file must fail the promise
// the swarm checked, not a wider one.
// Leaves out: changing fault targets or kinds (a smaller topology is a different scenario).

import type { RunShape } from './scenario-text.ts';
import type { GenFault } from './schedule.ts';

const MS = 1000;
const S = 1_000_000;

export interface ShrinkSpace {
  /** The base scenario's duration, warm-up and client count. */
  durationUs: number;
  warmupUs: number;
  clients: number;
  /** The liveness phase every fault must heal before: recovery bound plus window. */
  tailUs: number;
  /** Only schedules this accepts are tried (within tolerance: those that keep to it). */
  admits?(faults: readonly GenFault[]): boolean;
}

export interface ShrinkResult {
  shape: RunShape;
  runs: number;
  /** Variants kept, one per step that made it smaller. */
  steps: number;
}

const endOf = (f: GenFault) => f.atUs + (f.forUs ?? 0);

/** Smaller variants of `r`, most promising first. */
export function variants(r: RunShape, sp: ShrinkSpace): RunShape[] {
  const out: RunShape[] = [];
  const duration = r.durationUs ?? sp.durationUs;
  const untilUs = duration - sp.tailUs;
  const withFault = (i: number, f: GenFault | null): RunShape => ({
    ...r,
    faults: f === null ? r.faults.filter((_, k) => k !== i) : r.faults.map((g, k) => (k === i ? f : g)).sort((a, b) => a.atUs - b.atUs),
  });
  // A shorter run first: every later run is faster for it.
  const lastEnd = Math.max(sp.warmupUs + S, ...r.faults.map(endOf));
  const shortest = Math.ceil((lastEnd + sp.tailUs) / S) * S;
  if (shortest <= duration - S) out.push({ ...r, durationUs: shortest });
  if (r.faults.length > 1) r.faults.forEach((_, i) => out.push(withFault(i, null)));
  const clients = r.clients ?? sp.clients;
  if (clients > 1) out.push({ ...r, clients: Math.floor(clients / 2) });
  r.faults.forEach((f, i) => {
    if (f.forUs !== undefined && f.forUs >= 2 * S) out.push(withFault(i, { ...f, forUs: Math.round(f.forUs / 2 / MS) * MS }));
  });
  r.faults.forEach((f, i) => {
    const room = untilUs - endOf(f);
    if (room >= 2 * S) out.push(withFault(i, { ...f, atUs: f.atUs + Math.round(room / 2 / MS) * MS }));
  });
  return sp.admits === undefined ? out : out.filter((v) => sp.admits!(v.faults));
}

/** Reduces `start` while `failsSame` says a variant still fails the same property; at most `budget` runs. */
export async function shrink(
  start: RunShape,
  sp: ShrinkSpace,
  opts: { budget: number; batch: number; failsSame(shapes: RunShape[]): Promise<boolean[]>; progress?(runs: number, current: RunShape): void },
): Promise<ShrinkResult> {
  let current = start;
  let runs = 0;
  let steps = 0;
  for (;;) {
    const todo = variants(current, sp);
    let kept: RunShape | null = null;
    for (let k = 0; k < todo.length && kept === null && runs < opts.budget; k += opts.batch) {
      const batch = todo.slice(k, Math.min(k + opts.batch, k + opts.budget - runs));
      const fails = await opts.failsSame(batch);
      runs += batch.length;
      const first = fails.indexOf(true);
      if (first >= 0) kept = batch[first];
      opts.progress?.(runs, kept ?? current);
    }
    if (kept === null) return { shape: current, runs, steps };
    current = kept;
    steps++;
  }
}
