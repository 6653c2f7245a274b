// Checks a history held in an EventStore batch by batch: the keys are split into batches of at
// most BATCH_EVENTS events, and each batch is checked by checkHistory on its own, so that only
// one batch's events and operations are objects at a time (a 7-million-operation history in
// well under 2 GB). Sound and complete by P-compositionality: keys are independent, and a batch
// holds every event of its keys. A history within one batch is checked exactly as
// checkHistory checks it (the same figures, to the step).
// Models: one step budget for the whole history (each batch gets what the earlier ones left);
// the memory budget applies to each batch's tables. Stops at the first non-linearizable batch.
// Leaves out: interleaving the keys of different batches (checkHistory's rounds do that within
// a batch): with many batches, a hard key of an early batch can spend the steps of later ones.

import { checkHistory } from './check-history.ts';
import type { EventStore } from './event-store.ts';
import type { CheckOptions } from './semantics.ts';
import { DEFAULT_BUDGET } from './semantics.ts';
import type { CheckResult, Operation, Verdict } from './types.ts';
import { isKvF } from './validate-event.ts';

/** Events per batch: enough that every history short of millions of operations is one batch. */
export const BATCH_EVENTS = 2_000_000;

/** The op with its event positions in the whole history instead of the batch. */
function globalOp(op: Operation, index: Int32Array): Operation {
  return { ...op, invokeIndex: index[op.invokeIndex], completeIndex: op.completeIndex >= 0 ? index[op.completeIndex] : -1 };
}

export function checkBatches(store: EventStore, options: CheckOptions = {}, batchEvents = BATCH_EVENTS): CheckResult {
  const maxSteps = options.maxSteps ?? DEFAULT_BUDGET.maxSteps;
  // Inferred once for the whole history, as checkHistory would: batches must agree on it.
  const model = options.model ?? (store.firstF !== undefined && isKvF(store.firstF) ? 'kv' : 'register');
  options = { ...options, model };
  let result: CheckResult | undefined;
  let steps = 0;
  const ops = store.invocations;
  let keys = 0;
  let memoFull = false;
  let verdict: Verdict = true;
  const failingKeys: (string | null)[] = [];
  const unknownKeys: (string | null)[] = [];
  const keyName = (k: number): string | null => (k < 0 ? null : store.keyNames[k]);
  for (const batch of store.batches(batchEvents)) {
    if (verdict === false || (result !== undefined && steps >= maxSteps)) {
      // Not checked: the budget is spent, or a violation already decides the history.
      if (verdict !== false) verdict = 'unknown';
      for (const k of batch) unknownKeys.push(keyName(k));
      keys += batch.length;
      continue;
    }
    const { events, index } = store.eventsOf(batch);
    const r = checkHistory(events, { ...options, maxSteps: maxSteps - steps });
    result ??= r;
    steps += r.steps;
    keys += r.keys;
    memoFull ||= r.memoFull;
    // Loops, not push(...): a batch may leave 100,000s of keys undecided.
    for (const k of r.failingKeys) failingKeys.push(k);
    for (const k of r.unknownKeys) unknownKeys.push(k);
    if (r.linearizable === false) {
      verdict = false;
      result = r.violation === undefined ? r : { ...r, violation: { ...r.violation, ops: r.violation.ops.map((op) => globalOp(op, index)) } };
    } else if (r.linearizable === 'unknown') verdict = 'unknown';
  }
  if (result === undefined) return checkHistory([], options);
  const { violation } = result;
  return { model: result.model, ops, keys, steps, failingKeys, unknownKeys, memoFull, linearizable: verdict, ...(verdict === false && violation !== undefined ? { violation } : {}) };
}
