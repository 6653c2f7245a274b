// Quorum arithmetic of the Aurora volume, as pure functions (REFERENCE-FIGURES.md A2, A3, A10):
//   the two voting rules a configuration must satisfy (Gifford): Vr + Vw > V, so every read
//   quorum meets the last write quorum, and Vw > V/2, so any two write quorums meet;
//   the complete point (VCL): the highest LSN below which every record is available, where
//   LSNs are dense across the volume except for the ranges a recovery truncated;
//   the durable point (VDL): the highest consistency point (the last record of a
//   mini-transaction) at or below the complete point. Recovery truncates everything above it;
//   a segment's acknowledgement counted toward the write quorum of the records it holds.
// Leaves out: multi-record mini-transactions (every write here is one record, hence one CPL).

/** A record waiting for its write quorum: the slots that hold it (bits) and how many. */
export interface QuorumCount {
  readonly rec: { readonly lsn: number; readonly pg: number };
  acked: number;
  count: number;
}

/**
 * Segment `slot` of PG `pg` persisted `lsn` (0: none in particular) and holds the PG through
 * `scl`: each waiting record of that PG it holds, from `from` on, counts it once.
 */
export function countAck(waiting: readonly QuorumCount[], from: number, pg: number, slot: number, lsn: number, scl: number): void {
  const bit = 1 << slot;
  for (let k = from; k < waiting.length; k++) {
    const p = waiting[k];
    if (p.rec.pg !== pg || (p.acked & bit) !== 0 || (p.rec.lsn !== lsn && p.rec.lsn > scl)) continue;
    p.acked |= bit;
    p.count++;
  }
}

/** A range of LSNs a recovery voided: (afterLsn, endLsn]. */
export interface LsnRange {
  readonly afterLsn: number;
  readonly endLsn: number;
}

/** Problems with a quorum configuration over `copies` votes, or [] when it is sound. */
export function quorumProblems(copies: number, writeQuorum: number, readQuorum: number): { option: string; message: string }[] {
  const problems: { option: string; message: string }[] = [];
  if (readQuorum + writeQuorum <= copies) {
    problems.push({
      option: 'read_quorum',
      message: `read_quorum + write_quorum must exceed the ${copies} copies of a protection group (Vr + Vw > V), so every read quorum meets the last write: ${readQuorum} + ${writeQuorum} = ${readQuorum + writeQuorum}`,
    });
  }
  if (2 * writeQuorum <= copies) {
    problems.push({
      option: 'write_quorum',
      message: `write_quorum must be more than half of the ${copies} copies (Vw > V/2), so two write quorums always overlap: ${writeQuorum} is not more than ${copies / 2}`,
    });
  }
  return problems;
}

/** Does every set of `a` of `n` members meet every set of `b` of them? (a + b > n) */
export function alwaysIntersect(n: number, a: number, b: number): boolean {
  // Checked by enumeration, not by the formula it is meant to confirm.
  const subsets = (k: number): number[] => {
    const out: number[] = [];
    for (let m = 0; m < 1 << n; m++) if (popcount(m) === k) out.push(m);
    return out;
  };
  const as = subsets(a);
  const bs = subsets(b);
  return as.every((x) => bs.every((y) => (x & y) !== 0));
}

export function popcount(m: number): number {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
}

/**
 * The complete point: starting from a point known durable (`start`), the highest L such that
 * every LSN in (start, L] is either `present` or inside a truncated range.
 */
export function completePoint(start: number, present: ReadonlySet<number>, truncated: readonly LsnRange[]): number {
  let l = start;
  for (;;) {
    const next = l + 1;
    if (present.has(next)) {
      l = next;
      continue;
    }
    const range = truncated.find((r) => next > r.afterLsn && next <= r.endLsn);
    if (range === undefined) return l;
    l = range.endLsn;
  }
}

/**
 * The durable point: the highest consistency point at or below the complete point `vcl`, or
 * `floor` (a point already known durable) when none lies above it.
 * Paper example: vcl 1007, CPLs {900, 1000, 1100} gives 1000.
 */
export function durablePoint(vcl: number, cpls: Iterable<number>, floor = 0): number {
  let best = floor;
  for (const c of cpls) if (c <= vcl && c > best) best = c;
  return best;
}
