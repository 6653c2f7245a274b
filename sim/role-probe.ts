// A role probe: one round trip that asks a database instance whether it is the writer, as RDS Proxy
// and the AWS topology-aware drivers ask each instance (the proxy's health checks of its target
// group; the driver's topology query followed by a check of `innodb_read_only` on the new writer).
// The answer is what the instance's process says when the probe arrives: a crashed or cut-off
// instance says nothing, and the caller's own timeout notices.
// Leaves out: authentication and the probe's cost at the instance (it skips the service queue).

import { call, type Call } from './rpc.ts';
import type { Endpoint } from './endpoint.ts';
import type { Network } from './network.ts';

/** Bytes of a probe and of its answer (a one-row query). */
export const PROBE_BYTES = 96;

/** What the asker learns from an instance's answer. */
export type RoleAnswer = 'writer' | 'not-writer';

export interface RoleProbeTarget {
  readonly endpoint: Endpoint;
  /** Asked at the instance when the probe arrives: does it take writes now? */
  isWriter(): boolean;
}

interface Probe<C> {
  readonly target: RoleProbeTarget;
  readonly onAnswer: (answer: RoleAnswer, context: C) => void;
  readonly context: C;
}

const answerAt = (c: Call<Probe<unknown>, RoleAnswer>): void => c.respond(PROBE_BYTES, c.req.target.isWriter() ? 'writer' : 'not-writer');
const answered = (answer: RoleAnswer, p: Probe<unknown>): void => p.onAnswer(answer, p.context);

/** Asks `target` its role; `onAnswer(answer, context)` runs at `from` if an answer comes back. */
export function probeRole<C>(net: Network, from: Endpoint, target: RoleProbeTarget, onAnswer: (answer: RoleAnswer, context: C) => void, context: C): void {
  const p: Probe<C> = { target, onAnswer, context };
  call<Probe<C>, RoleAnswer, Probe<C>>(net, from, target.endpoint, PROBE_BYTES, answerAt as (c: Call<Probe<C>, RoleAnswer>) => void, p, answered as (a: RoleAnswer, p: Probe<C>) => void, p);
}
