// The event timeline drawn on the same time axis as the charts: one lane per kind of event
// (detections, elections, promotions, DNS changes, ...), a mark per event, the fault windows
// shaded behind. Fault starts and ends are the shading itself, so they get no lane.

import { eventKindInfo } from '../../sim/event-kinds.ts';
import type { Row } from './run-folder.ts';
import type { FaultWindow } from './time-chart.ts';
import { eventTimelineVega } from './vega-time-chart.ts';
import type { VegaLiteSpec } from './vega-svg.ts';

/** Marks drawn at most; a page lists the rest in its table only. */
export const MAX_TIMELINE_EVENTS = 2000;

/** Fault starts and ends (their category, sim/event-kinds.ts) are the shading, not marks. */
const shading = (kind: unknown): boolean => eventKindInfo(String(kind))?.category === 'fault';

export function timelineEvents(events: readonly Row[]): Row[] {
  return events.filter((e) => !shading(e.kind) && typeof e.time_s === 'number');
}

export function eventTimelineSpec(events: readonly Row[], faults: readonly FaultWindow[], endS: number): VegaLiteSpec | null {
  const shown = timelineEvents(events).slice(0, MAX_TIMELINE_EVENTS);
  if (shown.length === 0) return null;
  const kinds = [...new Set(shown.map((e) => String(e.kind)))];
  const values = shown.map((e) => ({ t: e.time_s, kind: String(e.kind), node: e.node ?? '' }));
  return eventTimelineVega('Event timeline', 'one lane per kind of event; the table below lists each one', values, kinds, faults, endS);
}
