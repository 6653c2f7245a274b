// The structured event log: each step a design review cares about (fault started, failure
// detected, election started, promoted, DNS updated, throttled, ...), with its time and where it
// happened. Engines and the fault schedule write to it; measurement and the events.csv writer
// listen. Nothing is kept here. The kinds are declared in event-kinds.ts.

import type { EventKind } from './event-kinds.ts';

export interface SimEvent {
  readonly timeUs: number;
  /** A stable kebab-case kind: fault-start, fault-end, failure-detected, promoted, leader, ... */
  readonly kind: EventKind;
  /** The node it concerns, if any. */
  readonly node?: string;
  /** The failure domain it concerns (a shard, a partition, or the whole database). */
  readonly domain?: string;
  /** Free text for humans. */
  readonly detail?: string;
  /** The fault it belongs to (index in the scenario's fault list), for fault-start/fault-end. */
  readonly fault?: number;
  /** For a partition's fault-start: the names of the endpoints (nodes and clients) on each side. */
  readonly sides?: readonly (readonly string[])[];
}

export type EventListener = (e: SimEvent) => void;

export class EventLog {
  private listeners: EventListener[] = [];
  count = 0;

  constructor(private readonly now: () => number) {}

  listen(l: EventListener): void {
    this.listeners.push(l);
  }

  emit(kind: EventKind, fields: Omit<SimEvent, 'timeUs' | 'kind'> = {}): void {
    this.count++;
    const e: SimEvent = { timeUs: this.now(), kind, ...fields };
    for (const l of this.listeners) l(e);
  }
}
