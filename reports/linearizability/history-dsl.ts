// A compact notation for hand-written test histories, one event per line:
//   <process> <type> <f> [value as JSON] [@key]      e.g.  `2 ok cas [1,3]`, `0 ok get "x" @k`
// Models: exactly the event shape checkHistory takes; a missing value means null.
// Leaves out: validation (checkHistory does it, so tests can also write malformed events).

import type { HistoryEvent } from './types.ts';

export function history(text: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const keyAt = line.search(/\s@\S+$/);
    const key = keyAt >= 0 ? line.slice(keyAt + 2) : undefined;
    const body = keyAt >= 0 ? line.slice(0, keyAt) : line;
    const [process, type, f, ...rest] = body.split(/\s+/);
    const valueText = rest.join(' ');
    const event: Record<string, unknown> = { process: Number(process), type, f, value: valueText === '' ? null : JSON.parse(valueText) };
    if (key !== undefined) event.key = key;
    events.push(event as unknown as HistoryEvent);
  }
  return events;
}
