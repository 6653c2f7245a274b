// The client history: every operation as an invoke event and one completion (ok, fail or info),
// in the order they happened. Listeners (measurement, the history writer) see each event as it
// is recorded; nothing is kept here, so memory does not grow with the run.
// Semantics (as in Jepsen): fail = it did not take effect; info = outcome unknown.

import type { Operation } from './operation.ts';

export type HistoryType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryEvent {
  /** Position in the history, from 0. */
  readonly index: number;
  readonly timeUs: number;
  readonly type: HistoryType;
  readonly op: Operation;
  /** invoke: the write's value or null; ok read: the value read; fail/info: the invocation's. */
  readonly value: number | null;
  /** Why it failed, for fail and info. */
  readonly error?: string;
  /** Attempts made (completions only). */
  readonly attempts?: number;
}

export type HistoryListener = (e: HistoryEvent) => void;

export class History {
  private next = 0;
  private listeners: HistoryListener[] = [];

  constructor(private readonly now: () => number) {}

  listen(l: HistoryListener): void {
    this.listeners.push(l);
  }

  get length(): number {
    return this.next;
  }

  invoke(op: Operation): void {
    this.emit({ index: this.next++, timeUs: this.now(), type: 'invoke', op, value: op.value });
  }

  complete(op: Operation, type: Exclude<HistoryType, 'invoke'>, value: number | null, attempts: number, error?: string): void {
    this.emit({ index: this.next++, timeUs: this.now(), type, op, value, attempts, error });
  }

  private emit(e: HistoryEvent): void {
    for (const l of this.listeners) l(e);
  }
}
