// A history held as columns (typed arrays), for files too large to hold as one object per event:
// about 30 bytes an event instead of several hundred. Events are added one line at a time, each
// checked as it comes (strict JSON, shape, and the pairing rules across the whole history), and
// are made into objects again only for the keys of one batch at a time (check-batches.ts).
// Models: the checked fields of an event (process, type, f, key, value, time_us) and its line.
// Leaves out: fields the checker does not read (dropped), and reading files (bin/ does that).

import { pairOperations } from './pair-operations.ts';
import { compact, parseEventLine, registerSource } from './parse-jsonl.ts';
import type { EventType, HistoryEvent } from './types.ts';

const TYPES: readonly EventType[] = ['invoke', 'ok', 'fail', 'info'];
const FS: readonly string[] = ['read', 'write', 'cas', 'get', 'put', 'append'];
const NO_KEY = -1;
const NO_TIME = -Infinity;

class GrowingInt32 {
  data = new Int32Array(1024);
  push(i: number, v: number): void {
    if (i === this.data.length) {
      const grown = new Int32Array(i * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }
}

export class EventStore {
  private count = 0;
  private readonly processIds = new GrowingInt32();
  /** type * 8 + f, as indices into TYPES and FS. */
  private readonly kind = new GrowingInt32();
  private readonly keyId = new GrowingInt32();
  private readonly line = new GrowingInt32();
  private times = new Float64Array(1024);
  private readonly values: unknown[] = [];
  private readonly keyIds = new Map<string, number>();
  readonly keyNames: string[] = [];
  /** Events per key id. */
  private perKey: number[] = [];
  private noKeyEvents = 0;
  /** Invocation in flight per process: the event and its line (the pairing rules, streamed). */
  private readonly pending = new Map<number, { event: HistoryEvent; line: number }>();

  constructor(readonly fileName?: string) {}

  /** Invocations so far (operations). */
  invocations = 0;
  /** The f of the first invocation (checkHistory infers the model from it). */
  firstF: string | undefined;

  get events(): number {
    return this.count;
  }

  /** Parses and stores line `line`; throws HistoryFormatError naming file, line and field. */
  add(text: string, line: number): void {
    const parsed = parseEventLine(text, line, this.fileName);
    if (parsed === undefined) return;
    const e = compact(parsed);
    this.checkPairing(e, line);
    if (e.type === 'invoke') {
      this.firstF ??= e.f;
      this.invocations++;
    }
    const i = this.count++;
    this.processIds.push(i, e.process);
    this.kind.push(i, TYPES.indexOf(e.type) * 8 + FS.indexOf(e.f));
    let key = NO_KEY;
    if (e.key !== undefined) {
      const known = this.keyIds.get(e.key);
      if (known === undefined) {
        key = this.keyNames.length;
        this.keyIds.set(e.key, key);
        this.keyNames.push(e.key);
        this.perKey.push(0);
      } else key = known;
      this.perKey[key]++;
    } else this.noKeyEvents++;
    this.keyId.push(i, key);
    this.line.push(i, line);
    if (i === this.times.length) {
      const grown = new Float64Array(i * 2);
      grown.set(this.times);
      this.times = grown;
    }
    this.times[i] = typeof e.time_us === 'number' ? e.time_us : NO_TIME;
    this.values.push(e.value);
  }

  /** The same rules and messages as pairOperations, applied to each pair as it completes. */
  private checkPairing(e: HistoryEvent, line: number): void {
    const pending = this.pending.get(e.process);
    if (e.type === 'invoke') {
      if (pending !== undefined) pairOperations([pending.event, e], (i) => (i === 0 ? pending.line : line), this.fileName);
      this.pending.set(e.process, { event: e, line });
      return;
    }
    if (pending === undefined) pairOperations([e], () => line, this.fileName);
    else pairOperations([pending.event, e], (i) => (i === 0 ? pending.line : line), this.fileName);
    this.pending.delete(e.process);
  }

  /**
   * Batches of key ids (in order of first appearance; -1 for events without a key) with at
   * most `maxEvents` events each, except a key larger than that, which has a batch of its own.
   */
  batches(maxEvents: number): number[][] {
    const batches: number[][] = [];
    let batch: number[] = [];
    let size = 0;
    const sizes = this.noKeyEvents > 0 ? [[NO_KEY, this.noKeyEvents], ...this.perKey.map((n, k) => [k, n])] : this.perKey.map((n, k) => [k, n]);
    for (const [k, n] of sizes) {
      if (size > 0 && size + n > maxEvents) {
        batches.push(batch);
        batch = [];
        size = 0;
      }
      batch.push(k);
      size += n;
    }
    if (batch.length > 0) batches.push(batch);
    return batches;
  }

  /**
   * The events of the given keys, in history order, as objects (registered with their lines, so
   * that checkHistory's errors name them), and each one's index in the whole history.
   */
  eventsOf(keys: readonly number[]): { events: HistoryEvent[]; index: Int32Array } {
    const wanted = new Uint8Array(this.keyNames.length + 1);
    for (const k of keys) wanted[k + 1] = 1;
    let n = 0;
    for (const k of keys) n += k === NO_KEY ? this.noKeyEvents : this.perKey[k];
    const index = new Int32Array(n);
    const lines = new Int32Array(n);
    const events: HistoryEvent[] = [];
    const keyId = this.keyId.data;
    for (let i = 0, j = 0; i < this.count; i++) {
      if (wanted[keyId[i] + 1] === 0) continue;
      index[j] = i;
      lines[j++] = this.line.data[i];
      events.push(this.event(i));
    }
    registerSource(events, this.fileName, lines);
    return { events, index };
  }

  private event(i: number): HistoryEvent {
    const kind = this.kind.data[i];
    const e: { process: number; type: EventType; f: string; key?: string; value?: unknown; time_us?: number } = { process: this.processIds.data[i], type: TYPES[kind >>> 3], f: FS[kind & 7] };
    const key = this.keyId.data[i];
    if (key !== NO_KEY) e.key = this.keyNames[key];
    if (this.values[i] !== undefined) e.value = this.values[i];
    if (this.times[i] !== NO_TIME) e.time_us = this.times[i];
    return e;
  }
}
