// How an anomaly's explanation names operations: position, client, times, value and outcome,
// in the terms violation.txt's window uses (#n = event position, 1-based; times in us), plus
// what a history records about an op beyond the checker's fields (attempts, consistency, client).
// Leaves out: classification (explain-anomaly.ts).

import type { HistoryEvent, Operation } from './types.ts';

/** What the history says about an op beyond what the checker reads. */
export interface OpFacts {
  /** Attempts the client made (more than 1: it retried). */
  readonly attempts?: number;
  readonly consistency?: 'strong' | 'eventual';
  readonly client?: string;
}

const STATUS_WORDS = { ok: 'acknowledged', fail: 'failed', info: 'timed out', open: 'never completed' } as const;

/** `client c3, t=100..250us`: who ran the op and when. */
function who(op: Operation, facts: OpFacts | undefined): string {
  const by = facts?.client === undefined ? `process ${op.process}` : `client ${facts.client}`;
  return op.invokeTimeUs === undefined ? by : `${by}, t=${op.invokeTimeUs}..${op.completeTimeUs ?? '?'}us`;
}

/** `#12 (client c3, t=..us)`: enough to find the op in the window and in history.jsonl. */
export function opName(op: Operation, facts: OpFacts | undefined): string {
  return `#${op.invokeIndex + 1} (${who(op, facts)})`;
}

/** A phrase for an op: `read #12 (...) returned 812`, `write #9 of 812 (..., acknowledged, 2 attempts)`. */
export function describeOp(op: Operation, facts: OpFacts | undefined): string {
  if (op.f === 'read' || op.f === 'get') {
    const kind = facts?.consistency === 'eventual' ? `eventual ${op.f}` : op.f;
    return `${kind} ${opName(op, facts)} returned ${JSON.stringify(op.output)}`;
  }
  const value = op.f === 'cas' ? (op.input as unknown[])[1] : op.input;
  const attempts = facts?.attempts !== undefined && facts.attempts > 1 ? `, ${facts.attempts} attempts` : '';
  return `${op.f} #${op.invokeIndex + 1} of ${JSON.stringify(value)} (${who(op, facts)}, ${STATUS_WORDS[op.status]}${attempts})`;
}

/**
 * Facts from the events the ops were paired from (history.jsonl's `client`, `consistency` and,
 * on completions, `attempts`): `op.invokeIndex` and `op.completeIndex` index `events`.
 */
export function factsFromEvents(events: readonly HistoryEvent[]): (op: Operation) => OpFacts | undefined {
  return (op) => {
    const invoke = events[op.invokeIndex] as unknown as Record<string, unknown> | undefined;
    const done = op.completeIndex >= 0 ? (events[op.completeIndex] as unknown as Record<string, unknown> | undefined) : undefined;
    const field = (name: string): unknown => done?.[name] ?? invoke?.[name];
    const attempts = field('attempts');
    const consistency = field('consistency');
    const client = field('client');
    return {
      attempts: typeof attempts === 'number' ? attempts : undefined,
      consistency: consistency === 'strong' || consistency === 'eventual' ? consistency : undefined,
      client: typeof client === 'string' ? client : undefined,
    };
  };
}
