// Parses a history in the corpus's JSON Lines format into events, validating as it goes.
// Models: one JSON object per line; blank lines are allowed (and skipped); errors name the
// 1-based line and the field. Strict where JSON.parse is lax (strict-json.ts: duplicate keys,
// integers beyond 2^53 - 1). Also checks the pairing rules, so that a completion without an
// invocation is reported at its own line rather than later by the checker.
// Lines can be fed one at a time (HistoryParser), so that a caller reading a file in chunks
// never holds its text as one string (V8 caps a string near 512 MiB; a history may be GBs).
// compact() keeps only the fields the checker reads (process, type, f, key, value, time_us),
// for callers that hold many events (event-store.ts); parseHistoryJsonl keeps every field.
// Leaves out: reading files (bin/ does that).

import { HistoryFormatError } from './history-format-error.ts';
import { pairOperations } from './pair-operations.ts';
import { checkStrictJson } from './strict-json.ts';
import type { HistoryEvent } from './types.ts';
import { validateEvent } from './validate-event.ts';

/** Where parsed events came from, so that later errors (checkHistory's) name file and line. */
interface Source {
  readonly file: string | undefined;
  readonly lines: ArrayLike<number>;
}

const sources = new WeakMap<readonly HistoryEvent[], Source>();

/** The file and 1-based lines of events returned by parseHistoryJsonl (undefined for others). */
export function sourceOf(events: readonly HistoryEvent[]): Source | undefined {
  const source = sources.get(events);
  // An array changed since parsing no longer matches its lines.
  return source !== undefined && source.lines.length === events.length ? source : undefined;
}

/** Records where `events` came from (1-based lines), for checkHistory's error messages. */
export function registerSource(events: readonly HistoryEvent[], file: string | undefined, lines: ArrayLike<number>): void {
  sources.set(events, { file, lines });
}

/** The fields the checker reads, in one fixed order (one object shape for every event). */
export function compact(e: HistoryEvent): HistoryEvent {
  const event: { process: number; type: HistoryEvent['type']; f: string; key?: string; value?: unknown; time_us?: number } = { process: e.process, type: e.type, f: e.f };
  if (e.key !== undefined) event.key = e.key;
  if (e.value !== undefined) event.value = e.value;
  if (e.time_us !== undefined) event.time_us = e.time_us;
  return event;
}

/** One line's event, checked (strict JSON, shape); undefined for a blank line. */
export function parseEventLine(text: string, line: number, fileName?: string): HistoryEvent | undefined {
  const source = text.trim();
  if (source === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new HistoryFormatError(line, 'json', `not valid JSON (${why})`, fileName);
  }
  checkStrictJson(source, line, fileName);
  const event = validateEvent(raw, line, fileName);
  // A query by index key (`"query": true`, on its invocation and its completion) read an index's
  // copy, not the key's register: like the run's own check, the file's check leaves it out.
  return (raw as { query?: unknown }).query === true ? undefined : event;
}

/** Parses a history one line at a time; finish() pairs the events and returns them. */
export class HistoryParser {
  private readonly events: HistoryEvent[] = [];
  // Invariant: lineOfEvent[i] is the 1-based line of events[i] (an Int32Array: 4 bytes an event).
  private lineOfEvent = new Int32Array(1024);

  constructor(private readonly fileName?: string) {}

  get eventCount(): number {
    return this.events.length;
  }

  /** Parses line number `line` (1-based); blank lines are skipped. */
  add(text: string, line: number): void {
    const event = parseEventLine(text, line, this.fileName);
    if (event === undefined) return;
    const at = this.events.length;
    if (at === this.lineOfEvent.length) {
      const grown = new Int32Array(at * 2);
      grown.set(this.lineOfEvent);
      this.lineOfEvent = grown;
    }
    this.lineOfEvent[at] = line;
    this.events.push(event);
  }

  /** Checks the pairing rules and returns the events (in line order). */
  finish(): HistoryEvent[] {
    const { events, fileName } = this;
    const lines = this.lineOfEvent.subarray(0, events.length);
    pairOperations(events, (index) => lines[index], fileName);
    registerSource(events, fileName, lines);
    return events;
  }
}

export function parseHistoryJsonl(text: string, fileName?: string): HistoryEvent[] {
  const parser = new HistoryParser(fileName);
  let line = 1;
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    parser.add(text.slice(start, end), line);
    start = end + 1;
  }
  return parser.finish();
}
