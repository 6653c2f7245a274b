// What `faultline run --history` writes: the whole history (history.jsonl, the default), the same
// gzip-compressed (history.jsonl.gz), a sample of keys (every operation of about 1 key in N, in
// history.jsonl), or nothing (--no-history). A sample keeps whole keys, so it stays checkable:
// linearizability is judged per key.

import { InputError } from './scenario-files.ts';

export type HistoryMode = { kind: 'none' } | { kind: 'full' } | { kind: 'gz' } | { kind: 'sample'; everyKeys: number };

export const FULL_HISTORY: HistoryMode = { kind: 'full' };

/** The file the mode writes, or null for none. */
export function historyFileName(mode: HistoryMode): string | null {
  return mode.kind === 'none' ? null : mode.kind === 'gz' ? 'history.jsonl.gz' : 'history.jsonl';
}

/**
 * --history's value as yargs gives it: undefined when absent and '' when bare (the whole
 * history), false for --no-history, else `full`, `gz` or `sample=N` (N a whole number >= 1).
 * InputError, one line, for anything else.
 */
export function parseHistoryFlag(raw: string | boolean | undefined): HistoryMode {
  if (raw === undefined || raw === true || raw === '' || raw === 'full') return FULL_HISTORY;
  if (raw === false || raw === 'none') return { kind: 'none' };
  if (raw === 'gz') return { kind: 'gz' };
  const m = /^sample=(\d+)$/.exec(raw);
  const n = m === null ? NaN : Number(m[1]);
  if (Number.isSafeInteger(n) && n >= 1) return { kind: 'sample', everyKeys: n };
  throw new InputError(`--history must be full, gz or sample=N (N a whole number, 1 or more), got '${raw}'`);
}
