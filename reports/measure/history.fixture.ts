// Hand-built histories and event logs for the measurement tests: each operation is written as
// (kind, key, invocation time, completion time, outcome), and `play` delivers the invoke and
// completion events, the event-log events and the interval ticks to a listener in time order,
// as the simulator would. Times are integer microseconds.

import type { HistoryEvent, HistoryType } from '../../sim/history.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import type { Consistency, Operation } from '../../sim/operation.ts';
import type { EventKind } from '../../sim/event-kinds.ts';

export type Outcome = Exclude<HistoryType, 'invoke'>;

export interface OpSpec {
  op: Operation;
  /** Completion time, or null when the operation never completes (still in flight). */
  endUs: number | null;
  outcome: Outcome;
  /** The value an ok read returned. */
  returns: number | null;
}

let nextId = 1;

function operation(kind: 'read' | 'write', keyIndex: number, value: number | null, invokeUs: number, clientIndex: number, consistency: Consistency): Operation {
  const id = nextId++;
  return { id, kind, keyIndex, key: `k${keyIndex}`, value, consistency, sizeBytes: 100, clientIndex, process: id, invokeUs };
}

/** A write of `value` (unique) to key `keyIndex`. */
export function write(keyIndex: number, value: number, invokeUs: number, endUs: number | null, outcome: Outcome = 'ok', clientIndex = 0): OpSpec {
  return { op: operation('write', keyIndex, value, invokeUs, clientIndex, 'strong'), endUs, outcome, returns: value };
}

/** A read of key `keyIndex` that, when ok, returned `returns` (null: the never-written value). */
export function read(keyIndex: number, invokeUs: number, endUs: number | null, returns: number | null, outcome: Outcome = 'ok', consistency: Consistency = 'strong', clientIndex = 0): OpSpec {
  return { op: operation('read', keyIndex, null, invokeUs, clientIndex, consistency), endUs, outcome, returns: outcome === 'ok' ? returns : null };
}

/** The history events of these operations, in time order (at equal times, in the order given). */
export function historyOf(ops: readonly OpSpec[]): HistoryEvent[] {
  const raw: { timeUs: number; seq: number; make: (index: number) => HistoryEvent }[] = [];
  let seq = 0;
  for (const s of ops) {
    raw.push({ timeUs: s.op.invokeUs, seq: seq++, make: (index) => ({ index, timeUs: s.op.invokeUs, type: 'invoke', op: s.op, value: s.op.value }) });
  }
  for (const s of ops) {
    if (s.endUs === null) continue;
    const endUs = s.endUs;
    const value = s.op.kind === 'read' ? s.returns : s.op.value;
    raw.push({ timeUs: endUs, seq: seq++, make: (index) => ({ index, timeUs: endUs, type: s.outcome, op: s.op, value, attempts: 1, ...(s.outcome === 'ok' ? {} : { error: s.outcome === 'fail' ? 'refused' : 'timeout' }) }) });
  }
  raw.sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
  return raw.map((r, i) => r.make(i));
}

/** An event-log event. */
export function ev(timeUs: number, kind: EventKind, fields: Omit<SimEvent, 'timeUs' | 'kind'> = {}): SimEvent {
  return { timeUs, kind, ...fields };
}

export interface Script {
  ops?: readonly OpSpec[];
  events?: readonly SimEvent[];
  /** Other actions at chosen times (ticks, lag samples, counters). */
  at?: readonly { timeUs: number; run: () => void }[];
}

/**
 * Delivers everything in time order. At equal times: event-log events first (a fault starts
 * before what it causes), then other actions, then history events.
 */
export function play(listener: { onHistory(e: HistoryEvent): void; onEvent?(e: SimEvent): void }, s: Script): void {
  const all: { timeUs: number; rank: number; seq: number; run: () => void }[] = [];
  let seq = 0;
  for (const e of s.events ?? []) all.push({ timeUs: e.timeUs, rank: 0, seq: seq++, run: () => listener.onEvent?.(e) });
  for (const a of s.at ?? []) all.push({ timeUs: a.timeUs, rank: 1, seq: seq++, run: a.run });
  for (const h of historyOf(s.ops ?? [])) all.push({ timeUs: h.timeUs, rank: 2, seq: seq++, run: () => listener.onHistory(h) });
  all.sort((a, b) => a.timeUs - b.timeUs || a.rank - b.rank || a.seq - b.seq);
  for (const a of all) a.run();
}

export const SECOND = 1_000_000;
export const MS = 1_000;
