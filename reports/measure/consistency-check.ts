// The `linearizable` figure of a run: the client history, kept compactly in typed arrays while
// the run goes (one row of numbers per operation, no object per event), is checked key by key at
// the end (register model, `faultline` semantics: a key starts absent, failed operations had no
// effect, timed-out ones may take effect any time after invocation). The simulator writes
// distinct values, so each key is decided by the O(n log n) zone check of unique-writes.ts; a key
// it cannot decide goes to the general search under one deterministic step budget for the run.
// The first key found not linearizable stops the check and its failing operations are kept.
// Positions (#n) in a violation are line numbers in history.jsonl (its `index` + 1).
// Leaves out: multi-key (transactional) consistency.

import type { HistoryEvent as SimHistoryEvent } from '../../sim/history.ts';
import { checkHistory, renderExplainedViolation } from '../linearizability/index.ts';
import type { Anomaly, HistoryEvent, OpFacts, Operation, OpStatus, Verdict, Violation } from '../linearizability/index.ts';
import { explainAnomaly, type SplitsUs } from '../linearizability/explain-anomaly.ts';
import { checkUniqueWrites, uniqueWritesApply } from '../linearizability/unique-writes.ts';

/** Step budget of one run's general search, over all keys (the corpus's hardest file needs 1.3 M). */
export const RUN_CHECK_STEPS = 50_000_000;

const STATUSES: readonly OpStatus[] = ['ok', 'fail', 'info', 'open'];

/** The history as one row per operation (columns in typed arrays). */
export class HistoryStore {
  length = 0;
  private inFlight = new Map<number, number>(); // operation id -> row
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
    const i = this.inFlight.get(op.id)!;
    this.inFlight.delete(op.id);
    this.status[i] = STATUSES.indexOf(e.type as OpStatus);
    if (op.kind === 'read' && e.type === 'ok') this.value[i] = e.value === null ? NaN : e.value;
    this.completeIndex[i] = e.index;
    this.completeUs[i] = e.timeUs;
    this.attempts[i] = e.attempts ?? 0;
  }

  /** What the history says about an op beyond the checker's fields; `op.invokeIndex` is its history index. */
  facts(op: Operation, clientName?: (clientIndex: number) => string): OpFacts | undefined {
    // Rows are in invocation order, so their history indices ascend: binary search.
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.invokeIndex[mid] < op.invokeIndex) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.length || this.invokeIndex[lo] !== op.invokeIndex) return undefined;
    return {
      attempts: this.attempts[lo] === 0 ? undefined : this.attempts[lo],
      consistency: this.isWrite[lo] === 1 ? undefined : this.eventual[lo] === 1 ? 'eventual' : 'strong',
      client: clientName?.(this.client[lo]),
    };
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
  operations(rows: Int32Array, keyName: string): Operation[] {
    const out: Operation[] = new Array(rows.length);
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      const v = this.value[i] === this.value[i] ? this.value[i] : null;
      const write = this.isWrite[i] === 1;
      const status = STATUSES[this.status[i]];
      out[j] = {
        id: j,
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
    const n = this.key.length * 2;
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

export interface RunCheck {
  linearizable: Verdict;
  keysChecked: number;
  steps: number;
  violation?: Violation;
  /** Which anomaly the violation is, in words (explain-anomaly.ts). */
  anomaly?: Anomaly;
  /** The violation, readable (what violation.txt holds): the anomaly in words, then the window. */
  rendered?: string;
  /** Invocation of the first and completion of the last operation of the failing window (us). */
  windowUs?: [number, number];
}

function found(v: Violation, keysChecked: number, steps: number, keyOps: readonly Operation[], facts: (op: Operation) => OpFacts | undefined, splitsUs: SplitsUs | undefined): RunCheck {
  const times = v.ops.flatMap((o) => [o.invokeTimeUs ?? Infinity, o.completeTimeUs ?? o.invokeTimeUs ?? -Infinity]);
  const anomaly = explainAnomaly({ keyOps, violation: v, facts, splitsUs });
  return { linearizable: false, keysChecked, steps, violation: v, anomaly, rendered: renderExplainedViolation(v, anomaly), windowUs: [Math.min(...times), Math.max(...times)] };
}

/**
 * The window's ops as the key's own ops: the general search numbers events within the key's
 * event list, so its positions become history positions (history.jsonl lines) again.
 */
function inHistory(v: Violation, keyOps: readonly Operation[]): Violation {
  const byPosition = new Map<number, Operation>();
  const positions = keyOps.flatMap((op) => (op.completeIndex >= 0 ? [op.invokeIndex, op.completeIndex] : [op.invokeIndex])).sort((a, b) => a - b);
  for (const op of keyOps) byPosition.set(op.invokeIndex, op);
  const ops = v.ops.map((op) => byPosition.get(positions[op.invokeIndex]) ?? op);
  return { ...v, ops };
}

/**
 * `splitsUs`: when partitions were in effect in the run (the fault timeline, as Jepsen's history
 * holds the nemesis's operations); it tells the anomaly's explanation whether a client could have
 * been cut off with a node that missed a write.
 */
export function checkRun(store: HistoryStore, keyName: (keyIndex: number) => string, budgetSteps = RUN_CHECK_STEPS, clientName?: (clientIndex: number) => string, splitsUs?: SplitsUs): RunCheck {
  const facts = (op: Operation): OpFacts | undefined => store.facts(op, clientName);
  const { keys, starts, order } = store.byKey();
  let steps = 0;
  let unknown = false;
  let checked = 0;
  for (const k of keys) {
    const ops = store.operations(order.subarray(starts[k], starts[k + 1]), keyName(k));
    checked++;
    if (uniqueWritesApply(ops)) {
      const v = checkUniqueWrites(ops);
      if (v.linearizable) continue;
      const witnesses = [...v.witnesses].sort((a, b) => a.invokeIndex - b.invokeIndex);
      return found({ key: keyName(k), keyOps: ops.length, ops: witnesses, inFlight: 0, events: store.events(witnesses), minimal: false, shrinkSteps: 0 }, checked, steps, ops, facts, splitsUs);
    }
    const remaining = budgetSteps - steps;
    if (remaining <= 0) return { linearizable: 'unknown', keysChecked: checked - 1, steps };
    const r = checkHistory(store.events(ops), { semantics: 'faultline', model: 'register', maxSteps: remaining });
    steps += r.steps;
    if (r.linearizable === 'unknown') unknown = true;
    if (r.linearizable === false) {
      if (r.violation === undefined) return { linearizable: false, keysChecked: checked, steps };
      return found(inHistory(r.violation, ops), checked, steps, ops, facts, splitsUs);
    }
  }
  return { linearizable: unknown ? 'unknown' : true, keysChecked: checked, steps };
}
