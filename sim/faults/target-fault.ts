// What the kinds that strike a target (crash, pause, restart, failover) share: the `target` key,
// a description `<kind> <target>`, and the Software disruption (the host is fine; the database
// process or its control loop is what failed).

import { describeTarget } from '../target.ts';
import type { FaultFields, TargetSpec, Timed } from './fault-kind.ts';

export type TargetFault<K extends string> = Timed & { kind: K; target: TargetSpec };

export function readTargetFault<K extends string, N>(kind: K, f: FaultFields<N>, timed: Timed): TargetFault<K> {
  return { kind, ...timed, target: f.target(f.require('target', 'e.g. target: { role: writer }')) };
}

export const targetFaultText = (spec: TargetFault<string>): string => `${spec.kind} ${describeTarget(spec.target)}`;
