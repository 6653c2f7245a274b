// Units in scenario files: durations (us, ms, s, m, h, compound like 1m30s) to integer
// microseconds, sizes (B, KB, MB, GB; 1 KB = 1024 B) to integer bytes, and rates (N/s) to a number
// per second; and back again for `faultline list`. Decimals are read exactly (1.1ms is 1100us, not
// 1100.0000000000002), and a value finer than the unit of account (0.5us, 1.5B) is an error.
// Only `0` may go without a unit. Leaves out: other rate units (/m), SI sizes (kB = 1000 B), spaces
// between number and unit.

/** A value that does not read as the unit asked for; the message is one line and names the value. */
export class UnitError extends Error {
  override readonly name = 'UnitError';
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** digits[.digits] times `scale`, exactly; null when the result is not a whole number. */
function scaled(int: string, frac: string, scale: bigint): bigint | null {
  const whole = BigInt(int) * scale;
  if (frac === '') return whole;
  const den = 10n ** BigInt(frac.length);
  const num = BigInt(frac) * scale;
  if (num % den !== 0n) return null;
  return whole + num / den;
}

function shown(input: string | number): string {
  return typeof input === 'number' ? String(input) : JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}...` : input);
}

// ---------------------------------------------------------------------------------------------
// Durations

const DURATION_UNITS: readonly (readonly [string, bigint])[] = [
  ['h', 3_600_000_000n],
  ['m', 60_000_000n],
  ['s', 1_000_000n],
  ['ms', 1_000n],
  ['us', 1n],
];
const DURATION_PART = /(\d+)(?:\.(\d+))?(us|ms|h|m|s)/y;
const LIKE_DURATION = 'expected a duration like 250ms, 1s or 1m30s';
const LIKE_SIGNED = 'expected a signed duration like +2s, -500ms or 0';

/**
 * A duration in integer microseconds. `signed` allows a leading `+` or `-` (the clock fault's
 * offset); otherwise a negative value is an error. A bare number is an error unless it is 0.
 */
export function parseDuration(input: string | number, opts: { signed?: boolean } = {}): number {
  const like = opts.signed ? LIKE_SIGNED : LIKE_DURATION;
  if (typeof input === 'number') {
    if (input === 0) return 0;
    if (!Number.isFinite(input)) throw new UnitError(`${like}, got ${input}`);
    if (input < 0 && !opts.signed) throw new UnitError(`a duration cannot be negative, got ${input}`);
    throw new UnitError(`${like}, got ${input}: a number needs a unit (us, ms, s, m or h), e.g. ${Math.abs(input)}ms or ${Math.abs(input)}s`);
  }
  const text = input.trim();
  if (text === '0' || text === '+0' || text === '-0') {
    if (text !== '0' && !opts.signed) throw new UnitError(`${like}, got ${shown(input)}`);
    return 0;
  }
  let sign = 1n;
  let body = text;
  if (text.startsWith('-') || text.startsWith('+')) {
    if (text.startsWith('-') && !opts.signed) throw new UnitError(`a duration cannot be negative, got ${shown(input)}`);
    if (!opts.signed) throw new UnitError(`${like}, got ${shown(input)}: no sign is allowed here`);
    sign = text.startsWith('-') ? -1n : 1n;
    body = text.slice(1);
  }
  if (/^\d+(\.\d+)?$/.test(body)) {
    throw new UnitError(`${like}, got ${shown(input)}: a number needs a unit (us, ms, s, m or h)`);
  }
  let total = 0n;
  let pos = 0;
  let lastRank = -1;
  while (pos < body.length) {
    DURATION_PART.lastIndex = pos;
    const m = DURATION_PART.exec(body);
    if (m === null) throw new UnitError(`${like}, got ${shown(input)}`);
    const rank = DURATION_UNITS.findIndex(([u]) => u === m[3]);
    if (rank <= lastRank) {
      throw new UnitError(`${like}, got ${shown(input)}: units must go from largest to smallest (h, m, s, ms, us), each once`);
    }
    lastRank = rank;
    const part = scaled(m[1], m[2] ?? '', DURATION_UNITS[rank][1]);
    if (part === null) throw new UnitError(`${shown(input)} is finer than the simulator's resolution of 1us`);
    total += part;
    pos = DURATION_PART.lastIndex;
  }
  if (body.length === 0) throw new UnitError(`${like}, got ${shown(input)}`);
  if (total > MAX) throw new UnitError(`${shown(input)} is too long a duration`);
  return Number(sign * total);
}

/** `n / unit` as an exact decimal string without trailing zeros (n, unit non-negative integers). */
function exactDecimal(n: number, unit: number): string {
  const whole = Math.floor(n / unit);
  const rest = n - whole * unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** The shortest canonical form of a duration in microseconds: 250us, 1.5ms, 2s, 1m30s, 1h0m5s is 1h5s. */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return String(us);
  if (us < 0) return `-${formatDuration(-us)}`;
  const v = Math.round(us);
  if (v === 0) return '0s';
  if (v < 1_000) return `${v}us`;
  if (v < 1_000_000) return `${exactDecimal(v, 1_000)}ms`;
  const h = Math.floor(v / 3_600_000_000);
  const m = Math.floor((v - h * 3_600_000_000) / 60_000_000);
  const rest = v - h * 3_600_000_000 - m * 60_000_000;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${rest > 0 ? `${exactDecimal(rest, 1_000_000)}s` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Sizes

const SIZE_UNITS: Readonly<Record<string, bigint>> = { B: 1n, KB: 1024n, MB: 1024n ** 2n, GB: 1024n ** 3n };
const SIZE = /^(\d+)(?:\.(\d+))?(B|KB|MB|GB)$/;
const LIKE_SIZE = 'expected a size like 512B, 1KB or 1.5MB';

/** A size in integer bytes (1 KB = 1024 B). A bare number is an error unless it is 0. */
export function parseSize(input: string | number): number {
  if (typeof input === 'number') {
    if (input === 0) return 0;
    if (input < 0) throw new UnitError(`a size cannot be negative, got ${input}`);
    throw new UnitError(`${LIKE_SIZE}, got ${input}: a number needs a unit (B, KB, MB or GB), e.g. ${input}B`);
  }
  const text = input.trim();
  if (text === '0') return 0;
  if (text.startsWith('-')) throw new UnitError(`a size cannot be negative, got ${shown(input)}`);
  const m = SIZE.exec(text);
  if (m === null) {
    const hint = /^\d+(\.\d+)?\s*[kmg]?b$/i.test(text) ? ': units are B, KB, MB and GB, in capitals, with no space' : '';
    throw new UnitError(`${LIKE_SIZE}, got ${shown(input)}${hint}`);
  }
  const bytes = scaled(m[1], m[2] ?? '', SIZE_UNITS[m[3]]);
  if (bytes === null) throw new UnitError(`${shown(input)} is not a whole number of bytes`);
  if (bytes > MAX) throw new UnitError(`${shown(input)} is too large a size`);
  return Number(bytes);
}

/** The shortest form of a size: 512B, 1KB, 1.5KB, 64MB (at most 3 decimals, else a smaller unit). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  if (bytes < 0) return `-${formatSize(-bytes)}`;
  const v = Math.round(bytes);
  for (const unit of ['GB', 'MB', 'KB'] as const) {
    const size = Number(SIZE_UNITS[unit]);
    if (v >= size && (v * 1000) % size === 0) return `${exactDecimal((v * 1000) / size, 1000)}${unit}`;
  }
  return `${v}B`;
}

// ---------------------------------------------------------------------------------------------
// Rates

const RATE = /^(\d+(?:\.\d+)?)\/s$/;
const LIKE_RATE = 'expected a rate like 2000/s';

/** A rate per second, from `N/s`. A bare number is an error unless it is 0. */
export function parseRate(input: string | number): number {
  if (typeof input === 'number') {
    if (input === 0) return 0;
    if (input < 0) throw new UnitError(`a rate cannot be negative, got ${input}`);
    throw new UnitError(`${LIKE_RATE}, got ${input}: a rate needs /s, e.g. ${input}/s`);
  }
  const text = input.trim();
  if (text === '0') return 0;
  if (text.startsWith('-')) throw new UnitError(`a rate cannot be negative, got ${shown(input)}`);
  const m = RATE.exec(text);
  if (m === null) throw new UnitError(`${LIKE_RATE}, got ${shown(input)}`);
  const v = Number(m[1]);
  if (!Number.isFinite(v)) throw new UnitError(`${shown(input)} is too large a rate`);
  return v;
}

/** `2000/s`. */
export function formatRate(perS: number): string {
  return `${perS}/s`;
}
