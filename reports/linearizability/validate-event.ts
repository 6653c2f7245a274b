// Shape checks for one history event, shared by the JSONL parser and by checkHistory.
// Models: the corpus format (histories/README.md): `process` an integer, `type` one of four,
// `f` one of six, `key` a string (required for kv ops), and the value shape each `f` implies.
// Leaves out: checks across events (one op in flight per process, matching completions),
// which pair-operations.ts does.

import { HistoryFormatError } from './history-format-error.ts';
import type { EventType, HistoryEvent, OpF } from './types.ts';

const EVENT_TYPES: ReadonlySet<string> = new Set<EventType>(['invoke', 'ok', 'fail', 'info']);
const REGISTER_FS: ReadonlySet<string> = new Set<OpF>(['read', 'write', 'cas']);
const KV_FS: ReadonlySet<string> = new Set<OpF>(['get', 'put', 'append']);

export function isKvF(f: string): boolean {
  return KV_FS.has(f);
}

/** A register value: an integer, a finite number or a string. */
function isScalar(v: unknown): v is number | string {
  return (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string';
}

function show(v: unknown): string {
  const text = v === undefined ? 'undefined' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Returns null when the value fits, else what was expected. */
function valueProblem(f: OpF, type: EventType, value: unknown): string | null {
  const absent = value === undefined || value === null;
  switch (f) {
    case 'read':
      if (type === 'ok') return absent || isScalar(value) ? null : 'an ok read carries a number, a string or null';
      return absent ? null : `a read's ${type} event carries null`;
    case 'get':
      if (type === 'ok') return typeof value === 'string' ? null : 'an ok get carries the string read';
      return absent ? null : `a get's ${type} event carries null`;
    case 'write':
      return isScalar(value) ? null : 'a write carries the number or string written';
    case 'put':
    case 'append':
      return typeof value === 'string' ? null : `${f} carries a string`;
    case 'cas':
      return Array.isArray(value) && value.length === 2 && value.every((x) => x === null || isScalar(x))
        ? null
        : 'a cas carries [expected, new] (numbers, strings or null)';
  }
}

/**
 * Checks that `raw` is a well-formed event and returns it typed (the same object: extra fields
 * stay). Throws HistoryFormatError naming `line` and the field.
 */
export function validateEvent(raw: unknown, line: number, file?: string): HistoryEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new HistoryFormatError(line, 'json', 'an event must be a JSON object', file);
  }
  const e = raw as Record<string, unknown>;
  // Fast path first (every field as expected); the messages are built only on failure.
  let field = 'process';
  let problem: string | null = null;
  if (!Number.isSafeInteger(e.process)) {
    problem = `must be an integer, got ${show(e.process)}`;
  } else if (typeof e.type !== 'string' || !EVENT_TYPES.has(e.type)) {
    field = 'type';
    problem = `must be "invoke", "ok", "fail" or "info", got ${show(e.type)}`;
  } else if (typeof e.f !== 'string' || !(REGISTER_FS.has(e.f) || KV_FS.has(e.f))) {
    field = 'f';
    problem = `must be read, write, cas, get, put or append, got ${show(e.f)}`;
  } else if (e.key !== undefined && typeof e.key !== 'string') {
    field = 'key';
    problem = `must be a string, got ${show(e.key)}`;
  } else if (e.key === undefined && KV_FS.has(e.f)) {
    field = 'key';
    problem = `a ${e.f} needs a key`;
  } else {
    field = 'value';
    problem = valueProblem(e.f as OpF, e.type as EventType, e.value);
    if (problem !== null) problem = `${problem}, got ${show(e.value)}`;
  }
  if (problem !== null) throw new HistoryFormatError(line, field, problem, file);
  return raw as HistoryEvent;
}
