// The data shapes of the linearizability checker: history events in, verdicts and violations out.
// Models: one client event per record (Jepsen style), paired into operations; a per-key verdict.
// Leaves out: behaviour (see the other files of this folder) and any I/O (bin/ reads files).

/** How an event relates to its operation. */
export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

/** Register operations. */
export type RegisterF = 'read' | 'write' | 'cas';
/** kv-append operations (a map of string keys to strings). */
export type KvF = 'get' | 'put' | 'append';
export type OpF = RegisterF | KvF;

/**
 * One line of a history, as parsed from JSONL or built in memory by the simulator. Fields not
 * listed here (`time_us`, `client`, `index`, ...) may be present and are ignored, except that
 * `time_us` is shown when a violation is rendered.
 */
export interface HistoryEvent {
  readonly process: number;
  readonly type: EventType;
  readonly f: string;
  readonly key?: string;
  readonly value?: unknown;
  readonly time_us?: number;
}

/** How an operation ended. `open` = invoked and never completed. */
export type OpStatus = 'ok' | 'fail' | 'info' | 'open';

/** An invocation paired with its completion. Positions are 0-based indices into the events. */
export interface Operation {
  /** Position in invocation order over the whole history (0-based). */
  readonly id: number;
  readonly process: number;
  readonly f: OpF;
  /** `undefined` when the event has no key (a single register). */
  readonly key: string | undefined;
  /** The invocation's argument (`null` for read and get). */
  readonly input: unknown;
  /** The result on an `ok` completion (reads and gets), otherwise the same as `input`. */
  readonly output: unknown;
  readonly status: OpStatus;
  readonly invokeIndex: number;
  /** `-1` when open. */
  readonly completeIndex: number;
  readonly invokeTimeUs: number | undefined;
  readonly completeTimeUs: number | undefined;
}

export type ModelName = 'register' | 'kv';

export type Verdict = true | false | 'unknown';

/**
 * The failing window of one key: the operations invoked in a contiguous run (invocation order),
 * plus those invoked earlier and still in flight when it starts. Relaxed as window.ts says, it
 * is not linearizable by itself, so it alone shows why the key is not.
 */
export interface Violation {
  /** The failing key (`null` for a history whose events carry no key). */
  readonly key: string | null;
  /** Operations of that key that took part in the check (failed ones removed, per semantics). */
  readonly keyOps: number;
  /** The window's operations, in invocation order. */
  readonly ops: readonly Operation[];
  /** How many of `ops` (the first ones) were already in flight when the window started. */
  readonly inFlight: number;
  /** The window's events in history order: checking them alone, with the same options, gives `false`. */
  readonly events: readonly HistoryEvent[];
  /** True when trimming one operation from either end of the window's run makes it linearizable. */
  readonly minimal: boolean;
  /** Search steps the shrinking used (out of its own budget, `maxShrinkSteps`). */
  readonly shrinkSteps: number;
}

export interface CheckResult {
  readonly linearizable: Verdict;
  readonly model: ModelName;
  /** Operations (invocations) in the history, before failed ones are removed. */
  readonly ops: number;
  /** Independent keys checked. */
  readonly keys: number;
  /** Search steps used by the check itself (not by shrinking). */
  readonly steps: number;
  /** Keys found not linearizable, in the order they were refuted (the violation shows the first). */
  readonly failingKeys: readonly (string | null)[];
  /**
   * Keys left undecided: the step or memory budget ran out, or (unless `allKeys`) the check
   * stopped at the first failing key.
   */
  readonly unknownKeys: readonly (string | null)[];
  /** True when some key's memo table hit `maxMemoBytes` (the search went on without caching). */
  readonly memoFull: boolean;
  /** Present when `linearizable` is false (and `shrink` was not turned off). */
  readonly violation?: Violation;
}
