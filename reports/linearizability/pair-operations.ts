// Pairs each invocation with the completion of the same process into an Operation.
// Models: single-threaded clients: a process has at most one operation in flight, and its next
// non-invoke event completes it. An invocation never completed is `open`.
// Leaves out: the meaning of fail/info/open, which semantics.ts and normalize-key.ts decide.

import { HistoryFormatError, eventNumber } from './history-format-error.ts';
import type { LineOf } from './history-format-error.ts';
import type { HistoryEvent, Operation, OpF, OpStatus } from './types.ts';

/** Whether a completion repeats its invocation's argument (every f but read and get). */
function sameArgument(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

interface Pending {
  readonly id: number;
  readonly index: number;
}

/**
 * Returns the operations in invocation order. Throws HistoryFormatError on a completion with
 * nothing in flight, a second invocation while one is in flight, or a completion whose f, key
 * or argument differs from its invocation's.
 */
export function pairOperations(events: readonly HistoryEvent[], lineOf: LineOf = eventNumber, file?: string): Operation[] {
  const invokes: number[] = [];
  const completion: number[] = [];
  const inFlight = new Map<number, Pending>();
  let i = 0;
  const fail = (field: string, problem: string): never => {
    throw new HistoryFormatError(lineOf(i), field, problem, file);
  };
  for (; i < events.length; i++) {
    const e = events[i];
    const pending = inFlight.get(e.process);
    if (e.type === 'invoke') {
      if (pending !== undefined) {
        fail('process', `process ${e.process} invokes while its operation from line ${lineOf(pending.index)} is in flight`);
      }
      inFlight.set(e.process, { id: invokes.length, index: i });
      invokes.push(i);
      completion.push(-1);
      continue;
    }
    if (pending === undefined) fail('process', `"${e.type}" for process ${e.process}, which has no operation in flight`);
    const inv = events[pending!.index];
    if (inv.f !== e.f) fail('f', `completes a "${inv.f}" (line ${lineOf(pending!.index)}) as "${e.f}"`);
    if (inv.key !== e.key) fail('key', `completes an operation on key ${JSON.stringify(inv.key)} with key ${JSON.stringify(e.key)}`);
    if (e.f !== 'read' && e.f !== 'get' && !sameArgument(inv.value, e.value)) {
      fail('value', `${e.f} completion ${JSON.stringify(e.value)} differs from its invocation's ${JSON.stringify(inv.value)}`);
    }
    completion[pending!.id] = i;
    inFlight.delete(e.process);
  }
  return invokes.map((index, id): Operation => {
    const inv = events[index];
    const done = completion[id];
    const end = done >= 0 ? events[done] : undefined;
    const status: OpStatus = end === undefined ? 'open' : (end.type as OpStatus);
    return {
      id,
      process: inv.process,
      f: inv.f as OpF,
      key: inv.key,
      input: inv.value ?? null,
      output: status === 'ok' ? (end!.value ?? null) : (inv.value ?? null),
      status,
      invokeIndex: index,
      completeIndex: done,
      invokeTimeUs: typeof inv.time_us === 'number' ? inv.time_us : undefined,
      completeTimeUs: typeof end?.time_us === 'number' ? end.time_us : undefined,
    };
  });
}
