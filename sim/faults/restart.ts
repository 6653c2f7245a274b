// `restart`: the target processes crash and start again, after `for` or (without it) at once.
// Without `for` it is instantaneous: no fault-end follows, and the timeline counts it active
// until the recovery it started completes.

import { matchTarget } from '../target.ts';
import type { FaultKindDef } from './fault-kind.ts';
import { readTargetFault, targetFaultText, type TargetFault } from './target-fault.ts';

export type RestartSpec = TargetFault<'restart'>;

export const restart: FaultKindDef<RestartSpec> = {
  kind: 'restart',
  summary: 'the target processes crash and start again after `for` (default at once)',
  keys: ['target', 'for'],
  downsNodes: true,
  instantaneous: 'while-open',
  read: (f, timed) => readTargetFault('restart', f, timed),
  apply(spec, on) {
    const nodes = matchTarget(on.host.nodes(), spec.target).filter((n) => n.state !== 'crashed');
    for (const n of nodes) n.crash();
    const restartAll = () => nodes.forEach((n) => n.restart());
    if (spec.forUs !== undefined) return restartAll;
    restartAll();
    return null;
  },
  describe: targetFaultText,
  disruption: () => 'Software',
  selectors: (spec) => ({ target: spec.target }),
};
