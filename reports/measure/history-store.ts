// The client history of a run as one row of numbers per operation (columns in typed arrays, no
// object per event), in invocation order, for the linearizability check. Rows of windows the
// streaming check has closed are dropped (retain()), so the store holds the open windows and
// what still needs explaining, not the whole run. Leaves out: the checking (consistency-check.ts,
// streaming-check.ts) and history.jsonl (written by the run's outputs, not from here).

import type { HistoryEvent as SimHistoryEvent } from '../../sim/history.ts';
import type { HistoryEvent, OpFacts, Operation, OpStatus } from '../linearizability/index.ts';
import type { ZoneColumns } from './zone-check-columns.ts';
import { InFlightRows } from './in-flight-rows.ts';

export const STATUSES: readonly OpStatus[] = ['ok', 'fail', 'info', 'open'];

/** The history as one row per operation (columns in typed arrays). */
export class HistoryStore {
  length = 0;
  private inFlight = new InFlightRows(); // operation id -> row
  private key = new Int32Array(1024);
  private process = new Int32Array(1024);
  private isWrite = new Uint8Array(1024);
  private status = new Uint8Array(1024);
  private value = new Float64Array(1024); // written value, or the value read; NaN = null
  private invokeIndex = new Float64Array(1024);
  private completeIndex = new Float64Array(1024);
  private invokeUs = new Float64Array(1024);
  private completeUs = new Float64Array(1024);
  // What an explanation of a violation names (explain-anomaly.ts): attempts made, eventual read, client.
  private attempts = new Int32Array(1024);
  private eventual = new Uint8Array(1024);
  private client = new Int32Array(1024);

  record(e: SimHistoryEvent): void {
    const op = e.op;
    if (e.type === 'invoke') {
      if (this.length === this.key.length) this.grow();
      const i = this.length++;
      this.key[i] = op.keyIndex;
      this.process[i] = op.process;
      this.isWrite[i] = op.kind === 'write' ? 1 : 0;
      this.status[i] = 3; // open until it completes
      this.value[i] = op.kind === 'write' ? op.value! : NaN;
      this.invokeIndex[i] = e.index;
      this.completeIndex[i] = -1;
      this.invokeUs[i] = e.timeUs;
      this.completeUs[i] = NaN;
      this.attempts[i] = 0;
      this.eventual[i] = op.kind === 'read' && op.consistency === 'eventual' ? 1 : 0;
      this.client[i] = op.clientIndex;
      this.inFlight.set(op.id, i);
      return;
    }
    const i = this.inFlight.take(op.id);
    this.status[i] = e.type === 'ok' ? 0 : e.type === 'fail' ? 1 : 2; // STATUSES' order
    if (op.kind === 'read' && e.type === 'ok') this.value[i] = e.value === null ? NaN : e.value;
    this.completeIndex[i] = e.index;
    this.completeUs[i] = e.timeUs;
    this.attempts[i] = e.attempts ?? 0;
  }

  /**
   * Facts of operations whose rows were dropped but which a streaming check still carries, by
   * invocation index (history position); bounded by what the carries hold.
   */
  private readonly carriedFacts = new Map<number, { attempts: number; eventual: number; isWrite: number; client: number }>();

  /** The row of the operation invoked at history position `invokeIndex`, or -1. */
  rowOf(invokeIndex: number): number {
    // Rows are in invocation order, so their history indices ascend: binary search.
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.invokeIndex[mid] < invokeIndex) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.length && this.invokeIndex[lo] === invokeIndex ? lo : -1;
  }

  /** What the history says about an op beyond the checker's fields; `op.invokeIndex` is its history index. */
  facts(op: Operation, clientName?: (clientIndex: number) => string): OpFacts | undefined {
    const i = this.rowOf(op.invokeIndex);
    const f = i >= 0 ? { attempts: this.attempts[i], eventual: this.eventual[i], isWrite: this.isWrite[i], client: this.client[i] } : this.carriedFacts.get(op.invokeIndex);
    if (f === undefined) return undefined;
    return {
      attempts: f.attempts === 0 ? undefined : f.attempts,
      consistency: f.isWrite === 1 ? undefined : f.eventual === 1 ? 'eventual' : 'strong',
      client: clientName?.(f.client),
    };
  }

  /** Keeps the facts of row `i` past its drop (its operation is carried). */
  rememberFacts(i: number): void {
    this.carriedFacts.set(this.invokeIndex[i], { attempts: this.attempts[i], eventual: this.eventual[i], isWrite: this.isWrite[i], client: this.client[i] });
  }

  forgetFacts(invokeIndex: number): void {
    this.carriedFacts.delete(invokeIndex);
  }

  /** The columns the zone check reads in place (zone-check-columns.ts); replaced when the store grows. */
  columns(): ZoneColumns {
    return { length: this.length, key: this.key, isWrite: this.isWrite, status: this.status, value: this.value, invokeIndex: this.invokeIndex, completeIndex: this.completeIndex };
  }

  keyOf(i: number): number {
    return this.key[i];
  }

  isOpen(i: number): boolean {
    return this.status[i] === 3;
  }

  isWriteRow(i: number): boolean {
    return this.isWrite[i] === 1;
  }

  valueOf(i: number): number {
    return this.value[i];
  }

  invokeIndexOf(i: number): number {
    return this.invokeIndex[i];
  }

  /** History position of row i's completion; Infinity while it is open. */
  completeIndexOf(i: number): number {
    return this.status[i] === 3 ? Infinity : this.completeIndex[i];
  }

  /**
   * Drops every row whose `keep` entry is 0, keeping the others' order.
   * Invariant: rows of operations in flight are kept (their completion must find them).
   */
  retain(keep: Uint8Array): void {
    const cols = [this.key, this.process, this.isWrite, this.status, this.value, this.invokeIndex, this.completeIndex, this.invokeUs, this.completeUs, this.attempts, this.eventual, this.client];
    let n = 0;
    const moved = new Map<number, number>();
    for (let i = 0; i < this.length; i++) {
      if (keep[i] === 0) {
        if (this.status[i] === 3) throw new Error('HistoryStore.retain: dropping an operation in flight');
        continue;
      }
      if (this.status[i] === 3) moved.set(i, n);
      if (n !== i) for (const c of cols) c[n] = c[i];
      n++;
    }
    this.inFlight.remap((row) => moved.get(row)!);
    this.length = n;
  }

  /** Rows grouped by key, keys in ascending order, rows in invocation order (a counting sort). */
  byKey(): { keys: number[]; starts: Int32Array; order: Int32Array } {
    let maxKey = -1;
    for (let i = 0; i < this.length; i++) if (this.key[i] > maxKey) maxKey = this.key[i];
    const counts = new Int32Array(maxKey + 2);
    for (let i = 0; i < this.length; i++) counts[this.key[i] + 1]++;
    for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
    const starts = counts.slice();
    const order = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) order[counts[this.key[i]]++] = i;
    const keys: number[] = [];
    for (let k = 0; k <= maxKey; k++) if (starts[k + 1] > starts[k]) keys.push(k);
    return { keys, starts, order };
  }

  /** The operations of these rows, as the checker reads them. */
  operations(rows: Int32Array, keyName: string, firstId = 0): Operation[] {
    const out: Operation[] = new Array(rows.length);
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      const v = this.value[i] === this.value[i] ? this.value[i] : null;
      const write = this.isWrite[i] === 1;
      const status = STATUSES[this.status[i]];
      out[j] = {
        id: firstId + j,
        process: this.process[i],
        f: write ? 'write' : 'read',
        key: keyName,
        input: write ? v : null,
        output: write || status === 'ok' ? v : null,
        status,
        invokeIndex: this.invokeIndex[i],
        completeIndex: this.completeIndex[i],
        invokeTimeUs: this.invokeUs[i],
        completeTimeUs: status === 'open' ? undefined : this.completeUs[i],
      };
    }
    return out;
  }

  /** The same operations as history events (for the general search), in history order. */
  events(ops: readonly Operation[]): HistoryEvent[] {
    const evs: { at: number; e: HistoryEvent }[] = [];
    for (const op of ops) {
      evs.push({ at: op.invokeIndex, e: { process: op.process, type: 'invoke', f: op.f, key: op.key, value: op.input, time_us: op.invokeTimeUs } });
      if (op.status !== 'open') evs.push({ at: op.completeIndex, e: { process: op.process, type: op.status, f: op.f, key: op.key, value: op.output, time_us: op.completeTimeUs } });
    }
    return evs.sort((a, b) => a.at - b.at).map((x) => x.e);
  }

  private grow(): void {
    // Four times, not twice: each growth copies every column, and fresh memory is slow to touch.
    const n = this.key.length * 4;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    this.key = g(this.key, Int32Array);
    this.process = g(this.process, Int32Array);
    this.isWrite = g(this.isWrite, Uint8Array);
    this.status = g(this.status, Uint8Array);
    this.value = g(this.value, Float64Array);
    this.invokeIndex = g(this.invokeIndex, Float64Array);
    this.completeIndex = g(this.completeIndex, Float64Array);
    this.invokeUs = g(this.invokeUs, Float64Array);
    this.completeUs = g(this.completeUs, Float64Array);
    this.attempts = g(this.attempts, Int32Array);
    this.eventual = g(this.eventual, Uint8Array);
    this.client = g(this.client, Int32Array);
  }
}

