// Linearizability of a read/write register whose writes all write distinct values, in
// O(n log n) (Gibbons and Korach, "Testing shared memories", SIAM J. Comput. 1997). With
// distinct values every read names the write it read from, so the operations split into
// clusters: a write and the reads that returned its value (the initial value is a virtual write
// before everything). For a cluster, let f = the earliest completion and s = the latest
// invocation among its operations. If f < s its operations must be linearized across [f, s]
// (a forward zone); otherwise they can all take effect at one instant in [s, f] (a backward
// zone). The history is linearizable iff every read completes after its write was invoked, no
// two forward zones overlap, and no backward zone lies inside another cluster's forward zone.
// Positions in the history (not times) order events, so equal timestamps never tie.
// Indeterminate writes (info, open) may take effect any time after invocation: their completion
// is +infinity; one nobody read never mattered and is left out. Failed writes took no effect, so
// a read of their value is a violation. Reads that failed or timed out tell nothing.
// The simulator's histories have this shape, which is why it can check a million operations
// where the general search (search.ts) explodes on bursts of concurrent operations.
// Leaves out: cas, repeated values, and kv (the general search handles those).

import type { Operation } from './types.ts';

export type UniqueWritesVerdict =
  | { linearizable: true }
  | { linearizable: false; reason: string; /** The operations that alone show it. */ witnesses: Operation[] };

export interface Cluster {
  write: Operation | null; // null: the initial value
  ops: Operation[];
  f: number; // earliest completion
  s: number; // latest invocation
  fOp: Operation | null; // the operation completing at f
  sOp: Operation | null; // the operation invoked at s
}

/**
 * The few operations that keep a cluster's zone as it is: its write and the operations at its
 * two ends. The conflict between two zones survives when everything else is removed, so these
 * alone are a failing history.
 */
export function essentials(c: Cluster): Operation[] {
  const out: Operation[] = [];
  for (const op of [c.write, c.fOp, c.sOp]) if (op !== null && !out.includes(op)) out.push(op);
  return out;
}

function witnesses(a: Cluster, b: Cluster): Operation[] {
  return [...new Set([...essentials(a), ...essentials(b)])].sort((x, y) => x.invokeIndex - y.invokeIndex);
}

/** True when these ops (one register, writes of distinct values) can be checked here. */
export function uniqueWritesApply(ops: readonly Operation[], initialValue: unknown = null): boolean {
  const seen = new Set<unknown>();
  for (const op of ops) {
    if (op.f !== 'read' && op.f !== 'write') return false;
    if (op.f === 'write') {
      if (op.input === null || op.input === initialValue || seen.has(op.input)) return false;
      seen.add(op.input);
    }
  }
  return true;
}

function single(w: Operation): Cluster {
  return { write: w, ops: [w], f: end(w), s: w.invokeIndex, fOp: w, sOp: w };
}

const end = (op: Operation) => (op.status === 'info' || op.status === 'open' ? Infinity : op.completeIndex);

/**
 * The clusters of a history that passed the per-read checks (each read names a write that did
 * not fail and was invoked before the read completed), or the first read that fails them.
 * Clusters in order of first read, then unread definite writes, then the initial value's.
 */
export function buildClusters(ops: readonly Operation[], initialValue: unknown = null): { all: Cluster[] } | Extract<UniqueWritesVerdict, { linearizable: false }> {
  const writes = new Map<unknown, Operation>();
  const failedWrites = new Map<unknown, Operation>();
  for (const op of ops) {
    if (op.f !== 'write') continue;
    if (op.status === 'fail') failedWrites.set(op.input, op);
    else writes.set(op.input, op);
  }
  const initial: Cluster = { write: null, ops: [], f: -1, s: -1, fOp: null, sOp: null };
  const clusters = new Map<unknown, Cluster>();
  for (const op of ops) {
    if (op.f !== 'read' || op.status !== 'ok') continue;
    const v = op.output;
    if (v === initialValue) {
      initial.ops.push(op);
      if (op.invokeIndex > initial.s) {
        initial.s = op.invokeIndex;
        initial.sOp = op;
      }
      continue;
    }
    const w = writes.get(v);
    if (w === undefined) {
      const failed = failedWrites.get(v);
      return { linearizable: false, reason: failed === undefined ? `a read returned ${String(v)}, which no operation wrote` : `a read returned ${String(v)}, whose write failed`, witnesses: failed === undefined ? [op] : [failed, op] };
    }
    // Invariant: a read cannot take effect before the write it read from was invoked.
    if (op.completeIndex < w.invokeIndex) return { linearizable: false, reason: `a read returned ${String(v)} before that write was invoked`, witnesses: [op, w] };
    let c = clusters.get(v);
    if (c === undefined) clusters.set(v, (c = single(w)));
    c.ops.push(op);
    if (end(op) < c.f) {
      c.f = end(op);
      c.fOp = op;
    }
    if (op.invokeIndex > c.s) {
      c.s = op.invokeIndex;
      c.sOp = op;
    }
  }
  // Writes nobody read are clusters of one (a point, or an interval to +infinity if indeterminate,
  // which can never lie inside a forward zone). Indeterminate ones can be left out altogether.
  for (const w of writes.values()) {
    if (clusters.has(w.input) || end(w) === Infinity) continue;
    clusters.set(w.input, single(w));
  }
  const all = [...clusters.values()];
  if (initial.ops.length > 0) all.push(initial);
  return { all };
}

export function checkUniqueWrites(ops: readonly Operation[], initialValue: unknown = null): UniqueWritesVerdict {
  const built = buildClusters(ops, initialValue);
  if (!('all' in built)) return built;
  const { all } = built;
  const forward = all.filter((c) => c.f < c.s).sort((a, b) => a.f - b.f);
  for (let i = 1; i < forward.length; i++) {
    const a = forward[i - 1];
    const b = forward[i];
    if (b.f < a.s) return { linearizable: false, reason: 'two writes were each read after the other was (their forward zones overlap)', witnesses: witnesses(a, b) };
  }
  // Forward zones are disjoint now: for each backward zone, the forward zone starting last
  // before it is the only one that could contain it.
  for (const c of all) {
    if (c.f < c.s) continue;
    let lo = 0;
    let hi = forward.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (forward[mid].f < c.s) lo = mid + 1;
      else hi = mid;
    }
    const z = forward[lo - 1];
    if (z !== undefined && z !== c && c.f < z.s) {
      return { linearizable: false, reason: 'a value was read after a later write had taken effect (a stale read: a backward zone inside a forward zone)', witnesses: witnesses(z, c) };
    }
  }
  return { linearizable: true };
}
