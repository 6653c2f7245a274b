// events.csv: one row per event of the event log (faults, detections, elections, promotions,
// DNS changes, ...), with its time in seconds.

import type { SimEvent } from '../sim/event-log.ts';

export const EVENT_COLUMNS = ['time_s', 'kind', 'node', 'domain', 'fault', 'detail'] as const;

export function eventRow(e: SimEvent): Record<string, unknown> {
  return { time_s: e.timeUs / 1e6, kind: e.kind, node: e.node ?? null, domain: e.domain ?? null, fault: e.fault ?? null, detail: e.detail ?? null };
}
