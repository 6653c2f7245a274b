// What a history means (initial value, null reads, failed cas) and how much work a check may do.
// Models: the three profiles of the external corpus (histories/README.md) plus `faultline`, the
// simulator's own histories; a deterministic budget counted in search steps and memo bytes.
// Leaves out: wall-clock limits on purpose: a check must give the same answer on any machine.

import type { ModelName } from './types.ts';

export type SemanticsName = 'faultline' | 'porcupine-etcd' | 'porcupine-kv' | 'knossos-cas-register';

export const SEMANTICS_NAMES: readonly SemanticsName[] = ['faultline', 'porcupine-etcd', 'porcupine-kv', 'knossos-cas-register'];

export interface Semantics {
  /** The register's (each key's) value before any write. kv keys start as `""` unless this is a string. */
  readonly initialValue: unknown;
  /**
   * `initial`: an ok read of null read the absent key, so it is legal only while the value is
   * null. `unconstrained`: the value read is unknown and the read constrains nothing (Knossos).
   */
  readonly nullRead: 'initial' | 'unconstrained';
  /**
   * When true a failed cas executed and saw a value other than `expected` (etcd's compare
   * failed): it stays in the history and must be placed where the value differs. When false
   * it is removed like every other failed operation.
   */
  readonly failedCasObservedMismatch: boolean;
}

export interface Budget {
  /** Search steps for one checkHistory call, shared by its keys (smallest keys go first). */
  readonly maxSteps: number;
  /** Memo bytes for one key at a time; past it the search goes on without caching new states. */
  readonly maxMemoBytes: number;
  /** Search steps for shrinking a violation; past it the best window so far is reported. */
  readonly maxShrinkSteps: number;
}

/**
 * Defaults. The corpus (bench/checker.ts) needs at most 1.4 M steps for a check (porcupine
 * etcd_002; kv-c50-bad is refuted in about 100) and 5.2 M for a shrink (etcd_099), with memo
 * tables of a few MB. At roughly 10-20 M steps per second on one core, a check that runs out
 * gives up after a second or two, and shrinking takes at most as long again.
 */
export const DEFAULT_BUDGET: Budget = {
  maxSteps: 20_000_000,
  maxMemoBytes: 256 * 1024 * 1024,
  maxShrinkSteps: 20_000_000,
};

/**
 * Notes on each preset:
 * - faultline: the simulator writes registers per key starting at null (absent); a read of null
 *   means the key was never written; failed ops had no effect; timeouts (info) are indeterminate.
 *   Written values are unique there, which keeps the search small (an info write nobody read is
 *   dropped at once), though the checker is exact without that.
 * - porcupine-etcd: etcd via Jepsen: null = absent key, a failed cas saw a mismatch.
 * - porcupine-kv: kv-append, every key starts as "".
 * - knossos-cas-register: (cas-register 0); a read of nil is unknown; failed ops never happened.
 */
export const SEMANTICS_PRESETS: Readonly<Record<SemanticsName, Semantics & { readonly model?: ModelName }>> = {
  faultline: { initialValue: null, nullRead: 'initial', failedCasObservedMismatch: false },
  'porcupine-etcd': { model: 'register', initialValue: null, nullRead: 'initial', failedCasObservedMismatch: true },
  'porcupine-kv': { model: 'kv', initialValue: '', nullRead: 'initial', failedCasObservedMismatch: false },
  'knossos-cas-register': { model: 'register', initialValue: 0, nullRead: 'unconstrained', failedCasObservedMismatch: false },
};

export interface CheckOptions extends Partial<Semantics>, Partial<Budget> {
  /** A preset (default `faultline`); the fields above override it one by one. */
  readonly semantics?: SemanticsName;
  /** Default: `kv` when the history's ops are get/put/append, else `register`. */
  readonly model?: ModelName;
  /** Find a small failing window when the verdict is false (default true). */
  readonly shrink?: boolean;
  /**
   * Decide every key even after one fails (default false: stop at the first failing key, as
   * Porcupine does; the verdict is the same, only `failingKeys` is then possibly incomplete).
   */
  readonly allKeys?: boolean;
  /**
   * Decide register keys whose writes write distinct values with the O(n log n) zone check of
   * unique-writes.ts instead of the search (default true; false forces the search, for tests).
   */
  readonly uniqueWrites?: boolean;
}

export interface ResolvedOptions extends Semantics, Budget {
  readonly model: ModelName;
  readonly shrink: boolean;
  readonly allKeys: boolean;
  readonly uniqueWrites: boolean;
}

function positiveInteger(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  return v;
}

/** Fills the gaps of `options` from its preset and the defaults; `inferred` is the history's own model. */
export function resolveOptions(options: CheckOptions, inferred: ModelName): ResolvedOptions {
  const presetName = options.semantics ?? 'faultline';
  const preset = SEMANTICS_PRESETS[presetName];
  if (preset === undefined) throw new RangeError(`unknown semantics "${presetName}"`);
  const model = options.model ?? preset.model ?? inferred;
  let initialValue = options.initialValue !== undefined ? options.initialValue : preset.initialValue;
  // kv keys hold strings; a register-style null initial value means "absent", which kv reads as "".
  if (model === 'kv' && typeof initialValue !== 'string') initialValue = '';
  return {
    model,
    initialValue,
    nullRead: options.nullRead ?? preset.nullRead,
    failedCasObservedMismatch: options.failedCasObservedMismatch ?? preset.failedCasObservedMismatch,
    maxSteps: positiveInteger('maxSteps', options.maxSteps ?? DEFAULT_BUDGET.maxSteps),
    maxMemoBytes: positiveInteger('maxMemoBytes', options.maxMemoBytes ?? DEFAULT_BUDGET.maxMemoBytes),
    maxShrinkSteps: positiveInteger('maxShrinkSteps', options.maxShrinkSteps ?? DEFAULT_BUDGET.maxShrinkSteps),
    shrink: options.shrink ?? true,
    allKeys: options.allKeys ?? false,
    uniqueWrites: options.uniqueWrites ?? true,
  };
}
