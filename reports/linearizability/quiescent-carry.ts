// What one key's history must carry past a quiescent point, so that the rest of the key can be
// checked without the operations before it (the streaming check of a long run).
// Models: a register whose writes write distinct values (the zone check of unique-writes.ts). At a
// quiescent point Q no operation of the key is in flight, so every operation before Q precedes
// every operation after it in real time, and every zone of a cluster before Q ends before Q. A
// read after Q of a value v written before Q stretches v's cluster into a forward zone reaching
// past Q; that is legal iff no other cluster's latest invocation comes after v's earliest
// completion (else the stretched zone overlaps a forward zone or holds a backward one). Those
// clusters, the candidates, are the values the key may still hold after Q: the last write in any
// linearization of the prefix is one (its cluster's operations take effect after every other
// cluster's), so there is at least one while the prefix has a cluster. Each candidate is kept by
// its essential operations (its write and the two that fix its zone's ends); indeterminate writes
// nobody read yet are kept whole (they may take effect at any time after Q). The zone check of
// carry + the operations after Q then gives the verdict of the whole key.
// Leaves out: the words of a violation (a key that fails keeps its own operations, see
// reports/measure/streaming-check.ts) and histories the zone check does not apply to.

import { buildClusters, essentials, type Cluster } from './unique-writes.ts';
import type { Operation } from './types.ts';

const indeterminate = (op: Operation): boolean => op.status === 'info' || op.status === 'open';

/**
 * The operations to keep of `ops` (one key, invocation order, every operation complete, zone
 * check passed), in invocation order. Throws if the zone check's per-read checks fail.
 */
export function carryAfter(ops: readonly Operation[], initialValue: unknown = null): Operation[] {
  const built = buildClusters(ops, initialValue);
  if (!('all' in built)) throw new Error(`carryAfter: the history is not linearizable (${built.reason})`);
  const { all } = built;
  // The two latest invocations over all clusters: the candidate rule compares a cluster's
  // earliest completion with the latest invocation of every other cluster.
  let latest: Cluster | null = null;
  let secondS = -Infinity;
  for (const c of all) {
    if (latest === null || c.s > latest.s) {
      if (latest !== null) secondS = latest.s;
      latest = c;
    } else if (c.s > secondS) secondS = c.s;
  }
  const keep = new Set<Operation>();
  for (const c of all) {
    const othersS = c === latest ? secondS : latest!.s;
    if (c.f > othersS) for (const op of essentials(c)) keep.add(op);
  }
  const read = new Set<unknown>();
  for (const op of ops) if (op.f === 'read' && op.status === 'ok') read.add(op.output);
  for (const op of ops) if (op.f === 'write' && indeterminate(op) && !read.has(op.input)) keep.add(op);
  return [...keep].sort((a, b) => a.invokeIndex - b.invokeIndex);
}
