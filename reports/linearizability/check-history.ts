// The entry point: is a whole history linearizable? Validates, pairs, splits by key, searches
// the keys under one step budget, and shrinks the first failing key to a small window.
// Models: P-compositionality (a history is linearizable iff each key's sub-history is);
// verdict false if any key fails, else unknown if the budget ran out on some key, else true.
// Keys take turns (smallest first) with step slices that double each round, as if they ran in
// parallel: one key that is hard to decide cannot starve an easy refutation elsewhere.
// Leaves out: I/O and time: the same events and options always give the same result.

import { ByteBudget } from './byte-budget.ts';
import type { CompiledKey } from './compiled-key.ts';
import { HistoryFormatError, eventNumber } from './history-format-error.ts';
import type { LineOf } from './history-format-error.ts';
import { compileKvKey } from './kv-model.ts';
import { pairOperations } from './pair-operations.ts';
import { sourceOf } from './parse-jsonl.ts';
import { compileRegisterKey } from './register-model.ts';
import { LinearizationSearch } from './search.ts';
import { resolveOptions } from './semantics.ts';
import type { CheckOptions, ResolvedOptions } from './semantics.ts';
import { shrinkWindow } from './shrink.ts';
import type { CompileWindow } from './shrink.ts';
import type { CheckResult, HistoryEvent, ModelName, Operation, Violation } from './types.ts';
import { isKvF, validateEvent } from './validate-event.ts';
import { WindowIndex, eventsOf } from './window.ts';
import { checkUniqueWrites, uniqueWritesApply } from './unique-writes.ts';

/** Steps each undecided key gets in the first round; doubled every round. */
const FIRST_SLICE = 10_000;

/** `kv` when the first operation is a get, put or append, else `register`. */
export function inferModel(ops: readonly Operation[]): ModelName {
  return ops.length > 0 && isKvF(ops[0].f) ? 'kv' : 'register';
}

/** One compiled key per distinct key of `ops`, smallest first. */
export function compileKeys(ops: readonly Operation[], options: ResolvedOptions, lineOf: LineOf = eventNumber, file?: string): CompiledKey[] {
  const byKey = new Map<string | undefined, Operation[]>();
  for (const op of ops) {
    if (isKvF(op.f) !== (options.model === 'kv')) {
      throw new HistoryFormatError(lineOf(op.invokeIndex), 'f', `"${op.f}" does not belong to the ${options.model} model`, file);
    }
    let list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, (list = []));
    list.push(op);
  }
  const keys: CompiledKey[] = [];
  for (const [key, list] of byKey) {
    const label = key ?? null;
    keys.push(options.model === 'kv' ? compileKvKey(label, list, options.initialValue as string) : compileRegisterKey(label, list, options));
  }
  // Smallest first; ties by key, for determinism.
  const name = (k: CompiledKey): string => k.key ?? '';
  return keys.sort((x, y) => x.ops.length - y.ops.length || (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : 0));
}

/** How a window of `key` is compiled: same model and semantics, start values from earlier ops. */
export function windowCompiler(key: CompiledKey, options: ResolvedOptions): CompileWindow {
  if (options.model === 'kv') return (ops) => compileKvKey(key.key, ops, options.initialValue as string);
  // firstWrite.get(v): index of the first op of the key that may write v.
  const firstWrite = new Map<unknown, number>();
  key.ops.forEach((op, i) => {
    const written = op.f === 'write' ? op.input : op.f === 'cas' && op.status !== 'fail' ? (op.input as unknown[])[1] : undefined;
    if (written !== undefined && !firstWrite.has(written)) firstWrite.set(written, i);
  });
  return (ops, start) => compileRegisterKey(key.key, ops, options, (v) => (firstWrite.get(v) ?? Infinity) < start);
}

function violationOf(key: CompiledKey, events: readonly HistoryEvent[], options: ResolvedOptions): Violation {
  const windows = new WindowIndex(key.ops, options.model);
  const window = options.shrink
    ? shrinkWindow(windows, key.ops.length, windowCompiler(key, options), options)
    : { from: 0, to: key.ops.length, minimal: false, steps: 0 };
  const { ops, inFlight } = windows.window(window.from, window.to);
  return {
    key: key.key,
    keyOps: key.ops.length,
    ops,
    inFlight,
    events: eventsOf(ops, events),
    minimal: window.minimal,
    shrinkSteps: window.steps,
  };
}

interface Turn {
  readonly key: CompiledKey;
  search?: LinearizationSearch;
}

/**
 * Checks `events` (in history order). Throws HistoryFormatError on a malformed event or
 * pairing, or an op of the other model (naming file and line for events from
 * parseHistoryJsonl, else line = event index + 1), RangeError on bad options.
 */
export function checkHistory(events: readonly HistoryEvent[], options: CheckOptions = {}): CheckResult {
  const source = sourceOf(events);
  const lineOf: LineOf = source === undefined ? eventNumber : (i) => source.lines[i];
  for (let i = 0; i < events.length; i++) validateEvent(events[i], lineOf(i), source?.file);
  const ops = pairOperations(events, lineOf, source?.file);
  const resolved = resolveOptions(options, inferModel(ops));
  const fast = decideUniqueWriteKeys(ops, resolved);
  if (fast.violation !== undefined && !resolved.allKeys) {
    return { model: resolved.model, ops: ops.length, keys: fast.keys, steps: 0, failingKeys: fast.failingKeys, unknownKeys: [], memoFull: false, linearizable: false, violation: { ...fast.violation, events: eventsOf(fast.violation.ops, events) } };
  }
  const keys = compileKeys(fast.rest, resolved, lineOf, source?.file);
  const memory = new ByteBudget(resolved.maxMemoBytes);
  const failing: CompiledKey[] = [];
  const unknownKeys: (string | null)[] = [];
  let steps = 0;
  let memoFull = false;
  let turns: Turn[] = keys.filter((k) => k.ops.length > 0).map((key) => ({ key }));
  let slice = FIRST_SLICE;
  let stop = false;
  while (turns.length > 0 && steps < resolved.maxSteps && !stop) {
    const undecided: Turn[] = [];
    for (const turn of turns) {
      if (stop || steps >= resolved.maxSteps) {
        undecided.push(turn);
        continue;
      }
      // Created on first turn: a history with many keys never holds every key's tables at once.
      const search = (turn.search ??= new LinearizationSearch(turn.key, 0, turn.key.ops.length, memory));
      const before = search.steps;
      const status = search.advance(Math.min(slice, resolved.maxSteps - steps));
      steps += search.steps - before;
      memoFull ||= search.memoFull;
      if (status === 'running') undecided.push(turn);
      else if (status === 'unknown') unknownKeys.push(turn.key.key);
      else if (status === false) {
        failing.push(turn.key);
        stop = !resolved.allKeys;
      }
    }
    turns = undecided;
    slice *= 2;
  }
  for (const turn of turns) {
    turn.search?.abandon();
    unknownKeys.push(turn.key.key);
  }
  const base = {
    model: resolved.model,
    ops: ops.length,
    keys: keys.length + fast.keys,
    steps,
    failingKeys: [...fast.failingKeys, ...failing.map((k) => k.key)],
    unknownKeys,
    memoFull,
  };
  if (fast.violation !== undefined) return { ...base, linearizable: false, violation: { ...fast.violation, events: eventsOf(fast.violation.ops, events) } };
  if (failing.length === 0) return { ...base, linearizable: unknownKeys.length > 0 ? 'unknown' : true };
  return { ...base, linearizable: false, violation: violationOf(failing[0], events, resolved) };
}

/**
 * Decides, without a search, the keys of a register history whose writes write distinct values
 * (unique-writes.ts, O(n log n)), as the simulator's histories are: only the other keys are
 * searched. Applies only where null reads mean the initial value and failed ops had no effect.
 */
function decideUniqueWriteKeys(ops: readonly Operation[], resolved: ResolvedOptions): { keys: number; failingKeys: (string | null)[]; violation?: Omit<Violation, 'events'>; rest: readonly Operation[] } {
  if (!resolved.uniqueWrites || resolved.model !== 'register' || resolved.nullRead !== 'initial' || resolved.failedCasObservedMismatch) return { keys: 0, failingKeys: [], rest: ops };
  const byKey = new Map<string | undefined, Operation[]>();
  for (const op of ops) {
    let list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, (list = []));
    list.push(op);
  }
  // The same order as the search: smallest first, ties by key.
  const order = [...byKey.entries()].sort(([a, x], [b, y]) => x.length - y.length || ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0));
  const rest: Operation[] = [];
  const failingKeys: (string | null)[] = [];
  let violation: Omit<Violation, 'events'> | undefined;
  let keys = 0;
  for (const [key, list] of order) {
    if (!uniqueWritesApply(list, resolved.initialValue)) {
      // A loop, not push(...list): spreading 160k+ arguments overflows the call stack.
      for (const op of list) rest.push(op);
      continue;
    }
    keys++;
    const v = checkUniqueWrites(list, resolved.initialValue);
    if (v.linearizable) continue;
    failingKeys.push(key ?? null);
    violation ??= { key: key ?? null, keyOps: list.length, ops: v.witnesses, inFlight: 0, minimal: false, shrinkSteps: 0 };
    if (!resolved.allKeys) break;
  }
  rest.sort((a, b) => a.id - b.id);
  return { keys, failingKeys, violation, rest };
}
