// The `linearizable` figure of a run: the client history, kept compactly in typed arrays while
// the run goes (about 30 bytes per event, no object per event), is checked key by key at the end
// with the linearizability checker (register model, `faultline` semantics: a key starts absent,
// failed operations had no effect, timed-out ones may take effect any time after invocation).
// Keys are checked in key order under one deterministic step budget for the whole run; the first
// key found not linearizable stops the check and its shrunk failing window is kept. Past the
// budget the verdict is `unknown`, never a hang. Only one key's events exist as objects at a time.
// Leaves out: multi-key (transactional) consistency.

import type { HistoryEvent as SimHistoryEvent } from '../../sim/history.ts';
import { checkHistory, renderViolation } from '../linearizability/index.ts';
import type { HistoryEvent, Verdict, Violation } from '../linearizability/index.ts';

const TYPES = ['invoke', 'ok', 'fail', 'info'] as const;
const KINDS = ['read', 'write'] as const;

/** Step budget of one run's check, over all keys (the corpus's hardest file needs 1.3 M). */
export const RUN_CHECK_STEPS = 50_000_000;

export class HistoryStore {
  length = 0;
  private process = new Int32Array(1024);
  private type = new Uint8Array(1024);
  private kind = new Uint8Array(1024);
  private key = new Int32Array(1024);
  private value = new Float64Array(1024);
  private time = new Float64Array(1024);

  record(e: SimHistoryEvent): void {
    if (this.length === this.process.length) this.grow();
    const i = this.length++;
    this.process[i] = e.op.process;
    this.type[i] = TYPES.indexOf(e.type);
    this.kind[i] = e.op.kind === 'read' ? 0 : 1;
    this.key[i] = e.op.keyIndex;
    this.value[i] = e.value === null ? NaN : e.value;
    this.time[i] = e.timeUs;
  }

  /** Event positions grouped by key, keys in ascending order (a counting sort: 4 bytes per event). */
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

  /** The events at these positions, as the checker reads them. */
  events(positions: Int32Array, keyName: string): HistoryEvent[] {
    const out: HistoryEvent[] = new Array(positions.length);
    for (let j = 0; j < positions.length; j++) {
      const i = positions[j];
      const v = this.value[i];
      out[j] = { process: this.process[i], type: TYPES[this.type[i]], f: KINDS[this.kind[i]], key: keyName, value: v === v ? v : null, time_us: this.time[i] };
    }
    return out;
  }

  private grow(): void {
    const n = this.process.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    this.process = g(this.process, Int32Array);
    this.type = g(this.type, Uint8Array);
    this.kind = g(this.kind, Uint8Array);
    this.key = g(this.key, Int32Array);
    this.value = g(this.value, Float64Array);
    this.time = g(this.time, Float64Array);
  }
}

export interface RunCheck {
  linearizable: Verdict;
  keysChecked: number;
  steps: number;
  violation?: Violation;
  /** The violation, readable (what violation.txt holds). */
  rendered?: string;
  /** Invocation of the first and completion of the last operation of the failing window (us). */
  windowUs?: [number, number];
}

export function checkRun(store: HistoryStore, keyName: (keyIndex: number) => string, budgetSteps = RUN_CHECK_STEPS): RunCheck {
  const { keys, starts, order } = store.byKey();
  let steps = 0;
  let unknown = false;
  let checked = 0;
  for (const k of keys) {
    const remaining = budgetSteps - steps;
    if (remaining <= 0) return { linearizable: 'unknown', keysChecked: checked, steps };
    const events = store.events(order.subarray(starts[k], starts[k + 1]), keyName(k));
    const r = checkHistory(events, { semantics: 'faultline', model: 'register', maxSteps: remaining });
    steps += r.steps;
    checked++;
    if (r.linearizable === 'unknown') unknown = true;
    if (r.linearizable === false) {
      const v = r.violation;
      if (v === undefined) return { linearizable: false, keysChecked: checked, steps };
      const times = v.ops.flatMap((o) => [o.invokeTimeUs ?? Infinity, o.completeTimeUs ?? o.invokeTimeUs ?? -Infinity]);
      return { linearizable: false, keysChecked: checked, steps, violation: v, rendered: renderViolation(v), windowUs: [Math.min(...times), Math.max(...times)] };
    }
  }
  return { linearizable: unknown ? 'unknown' : true, keysChecked: checked, steps };
}
