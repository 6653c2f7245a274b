// Parses a history in the corpus's JSON Lines format into events, validating as it goes.
// Models: one JSON object per line; blank lines are allowed (and skipped); errors name the
// 1-based line and the field. Also checks the pairing rules, so that a completion without an
// invocation is reported at its own line rather than later by the checker.
// Leaves out: reading files (bin/ does that) and streaming (a history fits in memory).

import { HistoryFormatError } from './history-format-error.ts';
import { pairOperations } from './pair-operations.ts';
import type { HistoryEvent } from './types.ts';
import { validateEvent } from './validate-event.ts';

/** Where parsed events came from, so that later errors (checkHistory's) name file and line. */
interface Source {
  readonly file: string | undefined;
  readonly lines: readonly number[];
}

const sources = new WeakMap<readonly HistoryEvent[], Source>();

/** The file and 1-based lines of events returned by parseHistoryJsonl (undefined for others). */
export function sourceOf(events: readonly HistoryEvent[]): Source | undefined {
  const source = sources.get(events);
  // An array changed since parsing no longer matches its lines.
  return source !== undefined && source.lines.length === events.length ? source : undefined;
}

export function parseHistoryJsonl(text: string, fileName?: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  // Invariant: lineOfEvent[i] is the 1-based line of events[i].
  const lineOfEvent: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const source = lines[i].trim();
    if (source === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(source);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new HistoryFormatError(i + 1, 'json', `not valid JSON (${why})`, fileName);
    }
    events.push(validateEvent(raw, i + 1, fileName));
    lineOfEvent.push(i + 1);
  }
  pairOperations(events, (index) => lineOfEvent[index], fileName);
  sources.set(events, { file: fileName, lines: lineOfEvent });
  return events;
}
