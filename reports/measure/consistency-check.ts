// The `linearizable` figure of a run: the client history, kept compactly in typed arrays while
// the run goes (history-store.ts) and checked in closed windows once it fills up
// (streaming-check.ts), is checked key by key at the end (register model, `faultline` semantics: a key starts absent, failed operations had no
// effect, timed-out ones may take effect any time after invocation). The simulator writes
// distinct values, so each key is decided by the O(n log n) zone check of unique-writes.ts; a key
// it cannot decide goes to the general search under one deterministic step budget for the run.
// The first key found not linearizable stops the check and its failing operations are kept.
// Positions (#n) in a violation are line numbers in history.jsonl (its `index` + 1).
// Leaves out: multi-key (transactional) consistency.

import { checkHistory, renderExplainedViolation } from '../linearizability/index.ts';
import type { Anomaly, OpFacts, Operation, Verdict, Violation } from '../linearizability/index.ts';
import type { StreamingCheck } from './streaming-check.ts';
import { explainAnomaly, type SplitsUs } from '../linearizability/explain-anomaly.ts';
import { checkUniqueWrites, uniqueWritesApply } from '../linearizability/unique-writes.ts';

/** Step budget of one run's general search, over all keys (the corpus's hardest file needs 1.3 M). */
export const RUN_CHECK_STEPS = 50_000_000;

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
  /** Keys the check could not decide, each with why (streaming-check.ts's bounds). */
  unknownKeys: { key: string; reason: string }[];
}

function found(v: Violation, keysChecked: number, steps: number, keyOps: readonly Operation[], facts: (op: Operation) => OpFacts | undefined, splitsUs: SplitsUs | undefined, unknownKeys: RunCheck['unknownKeys']): RunCheck {
  const times = v.ops.flatMap((o) => [o.invokeTimeUs ?? Infinity, o.completeTimeUs ?? o.invokeTimeUs ?? -Infinity]);
  const anomaly = explainAnomaly({ keyOps, violation: v, facts, splitsUs });
  return { linearizable: false, keysChecked, steps, unknownKeys, violation: v, anomaly, rendered: renderExplainedViolation(v, anomaly), windowUs: [Math.min(...times), Math.max(...times)] };
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
export function checkRun(stream: StreamingCheck, budgetSteps = RUN_CHECK_STEPS, clientName?: (clientIndex: number) => string, splitsUs?: SplitsUs): RunCheck {
  const store = stream.store;
  const facts = (op: Operation): OpFacts | undefined => store.facts(op, clientName);
  let steps = 0;
  let unknown = false;
  let checked = 0;
  const unknownKeys: { key: string; reason: string }[] = [];
  for (const h of stream.histories()) {
    const ops = h.ops;
    checked++;
    if (h.unknown !== null) {
      unknown = true;
      unknownKeys.push({ key: h.key, reason: h.unknown });
      continue;
    }
    // A failing key whose rows were dropped comes after the one explained: never reached.
    if (ops.length === 0) {
      if (h.failed) return { linearizable: false, keysChecked: checked, steps, unknownKeys };
      continue;
    }
    const name = h.key;
    // Invariant: a streamed key's writes increase (checked as its windows closed), so the zone check applies.
    if (h.streamed || uniqueWritesApply(ops)) {
      const v = checkUniqueWrites(ops);
      if (v.linearizable) continue;
      const witnesses = [...v.witnesses].sort((a, b) => a.invokeIndex - b.invokeIndex);
      return found({ key: name, keyOps: ops.length, ops: witnesses, inFlight: 0, events: store.events(witnesses), minimal: false, shrinkSteps: 0 }, checked, steps, ops, facts, splitsUs, unknownKeys);
    }
    const remaining = budgetSteps - steps;
    if (remaining <= 0) return { linearizable: 'unknown', keysChecked: checked - 1, steps, unknownKeys };
    const r = checkHistory(store.events(ops), { semantics: 'faultline', model: 'register', maxSteps: remaining });
    steps += r.steps;
    if (r.linearizable === 'unknown') unknown = true;
    if (r.linearizable === false) {
      if (r.violation === undefined) return { linearizable: false, keysChecked: checked, steps, unknownKeys };
      return found(inHistory(r.violation, ops), checked, steps, ops, facts, splitsUs, unknownKeys);
    }
  }
  return { linearizable: unknown ? 'unknown' : true, keysChecked: checked, steps, unknownKeys };
}
