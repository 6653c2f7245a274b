// The zone check of reports/linearizability/unique-writes.ts run on one key's rows of the
// history store, straight from its typed-array columns: no Operation object per row. It answers
// only "every row passes" or "cannot say here"; a key it cannot pass (a violation, writes that
// are not distinct, a read of a value nobody wrote) goes to the object check, which finds the
// witnesses and words the violation. So the verdict and every output stay those of
// checkUniqueWrites; this only skips building objects for the keys that pass, almost all of them.
// Leaves out: witnesses, reasons and carries (streamed keys keep the object path).

/** The columns of the history store the check reads (history-store.ts). */
export interface ZoneColumns {
  /** How many rows the columns hold (they may be longer). */
  readonly length: number;
  readonly key: Int32Array;
  readonly isWrite: Uint8Array;
  /** 0 ok, 1 fail, 2 info, 3 open (history-store.ts STATUSES). */
  readonly status: Uint8Array;
  /** Written value, or the value read; NaN = null (the initial value). */
  readonly value: Float64Array;
  readonly invokeIndex: Float64Array;
  readonly completeIndex: Float64Array;
}

const OK = 0;
const FAIL = 1;

/**
 * True when the rows (one key's, in invocation order) form a history with distinct non-null
 * written values that the zone check finds linearizable; false when it finds otherwise or does
 * not apply (the object check then decides). Scratch space is reused across calls.
 */
export class ZoneCheckColumns {
  /** value -> position in `rows` of the write of it (failed writes included), when not `dense`. */
  private readonly writeAt = new Map<number, number>();
  /**
   * The store's writes by value, for all keys at once, when every written value is a distinct
   * whole number in a range not much wider than the store (the simulator's 1, 2, 3, ...):
   * `byValue[v - minValue]` is the write's row, -1 for none. Null: the Map above, per key.
   */
  private readonly byValue: Int32Array | null;
  private readonly minValue: number;
  private f = new Float64Array(1024);
  private s = new Float64Array(1024);
  private read = new Uint8Array(1024);
  /** The key's cells, gathered from the store's columns (passes()). */
  private gWrite = new Uint8Array(1024);
  private gStatus = new Uint8Array(1024);
  private gValue = new Float64Array(1024);
  private gInvoke = new Float64Array(1024);
  private gComplete = new Float64Array(1024);

  constructor(private readonly c: ZoneColumns) {
    const { byValue, minValue } = denseWrites(c);
    this.byValue = byValue;
    this.minValue = minValue;
  }

  /** The row of the write of `v` among the key's rows, as a position in `rows`, or -1. */
  private writeOf(v: number, key: number, rows: Int32Array): number {
    if (this.byValue === null) return this.writeAt.get(v) ?? -1;
    const k = v - this.minValue;
    const row = k >= 0 && k < this.byValue.length ? this.byValue[k] : -1;
    if (row < 0 || this.c.key[row] !== key) return -1;
    // Its position in `rows` (rows ascend: binary search).
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid] < row) lo = mid + 1;
      else hi = mid;
    }
    return lo < rows.length && rows[lo] === row ? lo : -1;
  }

  passes(rows: Int32Array): boolean {
    const n = rows.length;
    if (n === 0) return true;
    if (n > this.f.length) this.grow(n);
    // The key's rows are spread over the store: gather their cells once, in order, so the passes
    // below read contiguous scratch instead of missing the cache on every column of every row.
    const { isWrite: cw, status: cst, value: cv, invokeIndex: ci, completeIndex: cc } = this.c;
    const isWrite = this.gWrite;
    const status = this.gStatus;
    const value = this.gValue;
    const invokeIndex = this.gInvoke;
    const completeIndex = this.gComplete;
    for (let j = 0; j < n; j++) {
      const i = rows[j];
      isWrite[j] = cw[i];
      status[j] = cst[i];
      value[j] = cv[i];
      invokeIndex[j] = ci[i];
      completeIndex[j] = cc[i];
    }
    const f = this.f;
    const s = this.s;
    const read = this.read;
    const writeAt = this.writeAt;
    const dense = this.byValue !== null;
    writeAt.clear();
    // Writes: distinct, non-null values (uniqueWritesApply), each a cluster of one to start with.
    for (let j = 0; j < n; j++) {
      if (isWrite[j] !== 1) continue;
      const v = value[j];
      if (v !== v) return false;
      if (!dense) {
        if (writeAt.has(v)) return false;
        writeAt.set(v, j);
      }
      const st = status[j];
      f[j] = st === OK || st === FAIL ? completeIndex[j] : Infinity;
      s[j] = invokeIndex[j];
      read[j] = 0;
    }
    // The initial value's cluster: f stays -1 (before everything), s the latest invocation.
    let initialReads = 0;
    let initialS = -1;
    const key = this.c.key[rows[0]];
    for (let j = 0; j < n; j++) {
      if (isWrite[j] === 1 || status[j] !== OK) continue;
      const v = value[j];
      if (v !== v) {
        initialReads++;
        if (invokeIndex[j] > initialS) initialS = invokeIndex[j];
        continue;
      }
      const w = this.writeOf(v, key, rows);
      if (w < 0) return false;
      if (status[w] === FAIL) return false;
      // Invariant: a read cannot take effect before the write it read from was invoked.
      if (completeIndex[j] < invokeIndex[w]) return false;
      read[w] = 1;
      if (completeIndex[j] < f[w]) f[w] = completeIndex[j];
      if (invokeIndex[j] > s[w]) s[w] = invokeIndex[j];
    }
    // Clusters: read writes, unread definite writes (failed ones took no effect), the initial value.
    const forward: number[] = [];
    for (let j = 0; j < n; j++) {
      if (isWrite[j] !== 1 || status[j] === FAIL) continue;
      if (read[j] === 0 && f[j] === Infinity) continue;
      if (f[j] < s[j]) forward.push(j);
    }
    // Forward zones by their start f (history positions: no two equal); the initial one starts at -1.
    forward.sort((a, b) => f[a] - f[b]);
    const zoneF: number[] = [];
    const zoneS: number[] = [];
    // Invariant: its s is some invocation (>= 0), so it is always a forward zone.
    if (initialReads > 0) {
      zoneF.push(-1);
      zoneS.push(initialS);
    }
    for (const j of forward) {
      zoneF.push(f[j]);
      zoneS.push(s[j]);
    }
    for (let k = 1; k < zoneF.length; k++) if (zoneF[k] < zoneS[k - 1]) return false;
    // Backward zones: none may lie inside the forward zone starting last before it.
    const inside = (bf: number, bs: number): boolean => {
      let lo = 0;
      let hi = zoneF.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (zoneF[mid] < bs) lo = mid + 1;
        else hi = mid;
      }
      return lo > 0 && bf < zoneS[lo - 1];
    };
    for (let j = 0; j < n; j++) {
      if (isWrite[j] !== 1 || status[j] === FAIL) continue;
      if (read[j] === 0 && f[j] === Infinity) continue;
      if (f[j] >= s[j] && inside(f[j], s[j])) return false;
    }
    return true;
  }

  private grow(n: number): void {
    let size = this.f.length;
    while (size < n) size *= 2;
    this.f = new Float64Array(size);
    this.s = new Float64Array(size);
    this.read = new Uint8Array(size);
    this.gWrite = new Uint8Array(size);
    this.gStatus = new Uint8Array(size);
    this.gValue = new Float64Array(size);
    this.gInvoke = new Float64Array(size);
    this.gComplete = new Float64Array(size);
  }
}

/** The dense table of the store's writes by value, or null when the values do not allow one. */
function denseWrites(c: ZoneColumns): { byValue: Int32Array | null; minValue: number } {
  let min = Infinity;
  let max = -Infinity;
  let writes = 0;
  for (let i = 0; i < c.length; i++) {
    if (c.isWrite[i] !== 1) continue;
    const v = c.value[i];
    if (!Number.isInteger(v)) return { byValue: null, minValue: 0 };
    if (v < min) min = v;
    if (v > max) max = v;
    writes++;
  }
  if (writes === 0 || max - min + 1 > 4 * c.length + 1024) return { byValue: null, minValue: 0 };
  const byValue = new Int32Array(max - min + 1).fill(-1);
  for (let i = 0; i < c.length; i++) {
    if (c.isWrite[i] !== 1) continue;
    const k = c.value[i] - min;
    // A value written twice (by any keys): the Map, per key, decides instead.
    if (byValue[k] !== -1) return { byValue: null, minValue: 0 };
    byValue[k] = i;
  }
  return { byValue, minValue: min };
}
