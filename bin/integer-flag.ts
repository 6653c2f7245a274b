// Whole-number flags (--seed, --jobs) read as text, so that a mistake is quoted as typed
// ("got 'abc'") rather than as the NaN a number-typed flag turns it into.

import { InputError } from './scenario-files.ts';

/** The flag's value as an integer >= `min`, undefined when not given; InputError otherwise. */
export function parseIntegerFlag(flag: string, raw: string | number | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new InputError(`${flag} must be an integer, got '${String(raw)}'`);
  if (n < min) throw new InputError(`${flag} must be ${min} or more, got ${n}`);
  return n;
}
