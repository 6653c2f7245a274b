// An event emitter bound to one failure domain: what an engine part is handed instead of the whole
// event log, so it can report steps (detected, promoted, repaired, ...) of its own domain only.
// Leaves out: fault events (the fault schedule writes those to the log itself).

import type { EventKind } from './event-kinds.ts';
import type { EventLog } from './event-log.ts';

/** Reports one step of the domain: its kind (declared in event-kinds.ts), the node it concerns, and text for humans. */
export type DomainEvents = (kind: EventKind, node: string | undefined, detail: string) => void;

export function domainEvents(log: EventLog, domain: string): DomainEvents {
  return (kind, node, detail) => log.emit(kind, { node, domain, detail });
}
