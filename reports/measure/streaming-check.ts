// The linearizability check of a run as it goes, so a long run keeps only open windows of its
// history. The history store fills up to a bound (retainRows); then, for each key, the rows up to
// its last quiescent point (no operation of the key in flight: every earlier one completed before
// the next was invoked) form a closed window, checked by the zone check together with what the
// key carried over from its earlier windows (quiescent-carry.ts); the window's rows are dropped
// and the new carry kept. The verdict per key is the one the end-of-run check gives on the whole
// key (the carry argument), so a run that never fills the store is checked exactly as before, and
// a longer one gets the same verdicts from bounded memory.
// Bounds (documented in docs/limits.md):
// - a key with no quiescent point within maxOpenRows operations is `unknown` (that key only);
// - a key whose writes do not write increasing distinct values cannot be streamed: its rows are
//   all kept up to maxOpenRows for the end-of-run general search, then it is `unknown`;
// - the lowest-numbered key found failing keeps its rows from the failing window on (the end-of-run
//   check explains that key), so a failing run may hold more than the bound by one key's history;
//   other failing keys only keep their verdict.
// Leaves out: the verdict over keys and the words of a violation (consistency-check.ts).

import type { HistoryEvent as SimHistoryEvent } from '../../sim/history.ts';
import type { Operation } from '../linearizability/index.ts';
import { carryAfter } from '../linearizability/quiescent-carry.ts';
import { checkUniqueWrites } from '../linearizability/unique-writes.ts';
import { HistoryStore } from './history-store.ts';
import { ZoneCheckColumns } from './zone-check-columns.ts';

/** Rows the store holds before it closes windows (about 60 bytes each: 63 MB). */
export const RETAIN_ROWS = 1 << 20;

interface KeyState {
  /** What the dropped windows left to carry (null: no row of the key was dropped yet). */
  carry: Operation[] | null;
  /** The last value written in a dropped window (writes must increase to be streamed). */
  lastWrite: number;
  failed: boolean;
  /** Its rows are dropped: a key of lower index failed too, and only the lowest is explained. */
  failedUnexplained: boolean;
  /** Why the key's verdict is unknown (null: it is not). */
  unknown: string | null;
}

/** One key's history at the end, as the end-of-run check takes it. */
export interface KeyHistory {
  keyIndex: number;
  key: string;
  /** Carry + the rows still held, ids renumbered; empty when nothing is left to check. */
  ops: Operation[];
  /** Its earlier windows passed and were dropped: nothing but the zone check applies. */
  streamed: boolean;
  failed: boolean;
  unknown: string | null;
}

export class StreamingCheck {
  readonly store = new HistoryStore();
  private readonly keys = new Map<number, KeyState>();
  private nextCloseAt: number;
  /** Windows closed and rows dropped so far (for the bench and tests). */
  windowsClosed = 0;
  rowsDropped = 0;
  /** The lowest key index found failing so far: the one the end-of-run check explains. */
  private lowestFailed = Infinity;

  constructor(
    private readonly keyName: (keyIndex: number) => string,
    private readonly retainRows = RETAIN_ROWS,
    private readonly maxOpenRows = retainRows >> 1,
  ) {
    this.nextCloseAt = retainRows;
  }

  record(e: SimHistoryEvent): void {
    this.store.record(e);
    if (e.type === 'invoke' && this.store.length >= this.nextCloseAt) this.closeWindows();
  }

  private state(k: number): KeyState {
    let st = this.keys.get(k);
    if (st === undefined) this.keys.set(k, (st = { carry: null, lastWrite: -Infinity, failed: false, failedUnexplained: false, unknown: null }));
    return st;
  }

  /** Whether the writes among `rows` write increasing values, all above `after`. */
  private increasing(rows: Int32Array, after: number): boolean {
    const s = this.store;
    let last = after;
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      if (!s.isWriteRow(i)) continue;
      const v = s.valueOf(i);
      if (!(v > last)) return false; // NaN (null) fails too
      last = v;
    }
    return true;
  }

  /** The largest j such that rows[0..j) all completed before rows[j] was invoked (or all completed). */
  private quiescentCut(rows: Int32Array): number {
    const s = this.store;
    let cut = 0;
    let maxEnd = -Infinity;
    for (let j = 0; j < rows.length; j++) {
      if (maxEnd < s.invokeIndexOf(rows[j])) cut = j;
      maxEnd = Math.max(maxEnd, s.completeIndexOf(rows[j]));
    }
    return maxEnd < Infinity ? rows.length : cut;
  }

  private withCarry(carry: readonly Operation[] | null, rows: Int32Array, k: number): Operation[] {
    const c = carry ?? [];
    const ops = c.map((op, j) => (op.id === j ? op : { ...op, id: j }));
    for (const op of this.store.operations(rows, this.keyName(k), c.length)) ops.push(op);
    return ops;
  }

  /** Closes every key's window at its last quiescent point and drops the window's rows. */
  private closeWindows(): void {
    const s = this.store;
    const { keys, starts, order } = s.byKey();
    const keep = new Uint8Array(s.length).fill(1);
    const drop = (rows: Int32Array): void => {
      for (let j = 0; j < rows.length; j++) if (!s.isOpen(rows[j])) keep[rows[j]] = 0;
    };
    for (const k of keys) {
      const rows = order.subarray(starts[k], starts[k + 1]);
      const st = this.state(k);
      if (st.failed && !st.failedUnexplained) continue;
      if (st.unknown !== null || st.failedUnexplained) {
        drop(rows);
        continue;
      }
      if (!this.increasing(rows, st.lastWrite)) {
        // The general search needs the whole key: kept while it fits, never streamed.
        if (st.carry !== null) st.unknown = 'its writes stopped writing increasing values after earlier windows were dropped';
        else if (rows.length > this.maxOpenRows) st.unknown = `its writes do not write distinct increasing values and it passed ${this.maxOpenRows} operations`;
        if (st.unknown !== null) drop(rows);
        continue;
      }
      const cut = this.quiescentCut(rows);
      if (cut === 0) {
        if (rows.length > this.maxOpenRows) {
          st.unknown = `no quiescent point (a moment with no operation of the key in flight) within ${this.maxOpenRows} operations`;
          drop(rows);
        }
        continue;
      }
      const window = rows.subarray(0, cut);
      const ops = this.withCarry(st.carry, window, k);
      if (!checkUniqueWrites(ops).linearizable) {
        st.failed = true;
        if (k < this.lowestFailed) {
          // Kept from this window on, to be explained at the end; the key it replaces is not.
          const before = this.keys.get(this.lowestFailed);
          if (before !== undefined) before.failedUnexplained = true;
          this.lowestFailed = k;
        } else {
          st.failedUnexplained = true;
          drop(rows);
        }
        continue;
      }
      this.carryOn(st, carryAfter(ops), window);
      drop(window);
      this.windowsClosed++;
      this.rowsDropped += cut;
    }
    s.retain(keep);
    // A store still mostly full (failing keys hold their rows) waits for twice as much again.
    this.nextCloseAt = Math.max(this.retainRows, 2 * s.length);
  }

  /** The key's new carry; facts of carried operations outlive their rows. */
  private carryOn(st: KeyState, carry: Operation[], window: Int32Array): void {
    const s = this.store;
    const kept = new Set(carry.map((op) => op.invokeIndex));
    for (const op of st.carry ?? []) if (!kept.has(op.invokeIndex)) s.forgetFacts(op.invokeIndex);
    for (const op of carry) {
      const row = s.rowOf(op.invokeIndex);
      if (row >= 0) s.rememberFacts(row);
    }
    for (let j = window.length - 1; j >= 0; j--) {
      if (s.isWriteRow(window[j])) {
        st.lastWrite = s.valueOf(window[j]);
        break;
      }
    }
    st.carry = carry;
  }

  /** Every key seen, ascending, with what is left of its history. */
  *histories(): Generator<KeyHistory> {
    const { keys, starts, order } = this.store.byKey();
    const zones = new ZoneCheckColumns(this.store.columns());
    const all = new Set<number>(keys);
    for (const k of this.keys.keys()) all.add(k);
    for (const k of [...all].sort((a, b) => a - b)) {
      const rows = k + 1 < starts.length ? order.subarray(starts[k], starts[k + 1]) : new Int32Array(0);
      const st = this.keys.get(k);
      if (st === undefined || st.carry === null) {
        // A key whose rows pass the zone check where they are has nothing left to check.
        const passed = (st === undefined || (!st.failed && st.unknown === null)) && zones.passes(rows);
        const ops = st?.failedUnexplained || passed ? [] : this.store.operations(rows, this.keyName(k));
        yield { keyIndex: k, key: this.keyName(k), ops, streamed: false, failed: st?.failed ?? false, unknown: st?.unknown ?? null };
        continue;
      }
      let unknown = st.unknown;
      if (unknown === null && !this.increasing(rows, st.lastWrite)) unknown = 'its writes stopped writing increasing values after earlier windows were dropped';
      const ops = unknown !== null || st.failedUnexplained || (rows.length === 0 && !st.failed) ? [] : this.withCarry(st.carry, rows, k);
      yield { keyIndex: k, key: this.keyName(k), ops, streamed: true, failed: st.failed, unknown };
    }
  }
}
