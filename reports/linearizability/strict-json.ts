// What JSON.parse lets through silently and a history must not: duplicate keys (JSON.parse keeps
// the last one) and integers beyond 2^53 - 1 (JSON.parse rounds them to the nearest double, so
// two distinct written values could compare equal).
// Models: one scan of a line that JSON.parse has already accepted, so the text is known to be
// valid JSON: strings, numbers, objects and arrays, nothing else needs recognising.
// Leaves out: numbers written with a fraction or an exponent (1.5e300): their writer chose a
// double, so nothing is rounded that was meant exactly.

import { HistoryFormatError } from './history-format-error.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MINUS = 0x2d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Digits of Number.MAX_SAFE_INTEGER (9007199254740991). */
const SAFE_DIGITS = 16;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Index just past the string whose opening quote is at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    // Count the backslashes before the quote: an odd number escapes it.
    let slashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/**
 * Throws HistoryFormatError (field: the top-level member it is in) on a duplicate key or an
 * integer literal beyond Number.MAX_SAFE_INTEGER. Precondition: JSON.parse accepted `text`.
 */
export function checkStrictJson(text: string, line: number, file?: string): void {
  // Keys seen per open container (null for arrays); depth 1 is the event object itself.
  const keys: (string[] | null)[] = [];
  let field = 'json';
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = endOfString(text, i);
      let j = end;
      while (j < n && text.charCodeAt(j) <= 0x20) j++;
      const top = keys[keys.length - 1];
      if (top !== undefined && top !== null && text.charCodeAt(j) === COLON) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (keys.length === 1) field = key;
        if (top.includes(key)) throw new HistoryFormatError(line, field, `duplicate key ${JSON.stringify(key)}`, file);
        top.push(key);
      }
      i = end;
    } else if (c === MINUS || isDigit(c)) {
      let j = c === MINUS ? i + 1 : i;
      const digitsStart = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      const digits = j - digitsStart;
      const next = text.charCodeAt(j);
      const integer = next !== 0x2e && next !== 0x65 && next !== 0x45; // no '.', 'e', 'E'
      if (integer && digits >= SAFE_DIGITS && !Number.isSafeInteger(Number(text.slice(digitsStart, j)))) {
        const token = text.slice(i, j);
        throw new HistoryFormatError(line, field, `${token.length > 40 ? `${token.slice(0, 37)}...` : token} is beyond the integers JSON numbers hold exactly (2^53 - 1)`, file);
      }
      // Skip the rest of the number (fraction, exponent).
      while (j < n && !isEnd(text.charCodeAt(j))) j++;
      i = j;
    } else {
      if (c === OPEN_OBJECT) keys.push([]);
      else if (c === OPEN_ARRAY) keys.push(null);
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) keys.pop();
      i++;
    }
  }
}

/** A character that ends a number token in valid JSON. */
function isEnd(c: number): boolean {
  return c === 0x2c || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c <= 0x20;
}
