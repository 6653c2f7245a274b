// The zone check of reports/linearizability/unique-writes.ts run on one key's rows of the
// history store, straight from its typed-array columns: no Operation object per row. It answers
// only "every row passes" or "cannot say here"; a key it cannot pass (a violation, writes that
// are not distinct, a read of a value nobody wrote) goes to the object check, which finds the
// witnesses and words the violation. So the verdict and every output stay those of
// checkUniqueWrites; this only skips building objects for the keys that pass, almost all of them.
// Leaves out: witnesses, reasons and carries (streamed keys keep the object path).

/** The columns of the history store the check reads (history-store.ts). */
export interface ZoneColumns {
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
  /** value -> position in `rows` of the write of it (failed writes included, marked in `failed`). */
  private readonly writeAt = new Map<number, number>();
  private f = new Float64Array(1024);
  private s = new Float64Array(1024);
  private read = new Uint8Array(1024);

  constructor(private readonly c: ZoneColumns) {}

  passes(rows: Int32Array): boolean {
    const { isWrite, status, value, invokeIndex, completeIndex } = this.c;
    const n = rows.length;
    if (n > this.f.length) this.grow(n);
    const f = this.f;
    const s = this.s;
    const read = this.read;
    const writeAt = this.writeAt;
    writeAt.clear();
    // Writes: distinct, non-null values (uniqueWritesApply), each a cluster of one to start with.
    for (let j = 0; j < n; j++) {
      const i = rows[j];
      if (isWrite[i] !== 1) continue;
      const v = value[i];
      if (v !== v || writeAt.has(v)) return false;
      writeAt.set(v, j);
      const st = status[i];
      f[j] = st === OK || st === FAIL ? completeIndex[i] : Infinity;
      s[j] = invokeIndex[i];
      read[j] = 0;
    }
    // The initial value's cluster: f stays -1 (before everything), s the latest invocation.
    let initialReads = 0;
    let initialS = -1;
    for (let j = 0; j < n; j++) {
      const i = rows[j];
      if (isWrite[i] === 1 || status[i] !== OK) continue;
      const v = value[i];
      if (v !== v) {
        initialReads++;
        if (invokeIndex[i] > initialS) initialS = invokeIndex[i];
        continue;
      }
      const w = writeAt.get(v);
      if (w === undefined) return false;
      const wi = rows[w];
      if (status[wi] === FAIL) return false;
      // Invariant: a read cannot take effect before the write it read from was invoked.
      if (completeIndex[i] < invokeIndex[wi]) return false;
      read[w] = 1;
      if (completeIndex[i] < f[w]) f[w] = completeIndex[i];
      if (invokeIndex[i] > s[w]) s[w] = invokeIndex[i];
    }
    // Clusters: read writes, unread definite writes (failed ones took no effect), the initial value.
    const forward: number[] = [];
    for (let j = 0; j < n; j++) {
      const i = rows[j];
      if (isWrite[i] !== 1 || status[i] === FAIL) continue;
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
      const i = rows[j];
      if (isWrite[i] !== 1 || status[i] === FAIL) continue;
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
  }
}
