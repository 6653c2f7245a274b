// `failover`: an operator-initiated failover (or a read-replica promotion) on the target, handed
// to the engine's control plane. Instantaneous: it takes no `for`, gets no fault-end, and counts
// as active until the promotion it started completes.

import { matchTarget } from '../target.ts';
import type { FaultKindDef } from './fault-kind.ts';
import { readTargetFault, targetFaultText, type TargetFault } from './target-fault.ts';

export type FailoverSpec = TargetFault<'failover'>;

export const failover: FaultKindDef<FailoverSpec> = {
  kind: 'failover',
  summary: 'an operator-initiated failover (or a read-replica promotion) on the target',
  keys: ['target'],
  downsNodes: false,
  instantaneous: 'always',
  read: (f, timed) => readTargetFault('failover', f, timed),
  apply(spec, on) {
    on.host.operatorFailover(matchTarget(on.host.nodes(), spec.target));
    return null;
  },
  describe: targetFaultText,
  disruption: () => 'Software',
  selectors: (spec) => ({ target: spec.target }),
};
