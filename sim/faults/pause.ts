// `pause`: the target processes freeze (a GC pause, a stalled VM): their timers and messages wait
// and run on resume, after `for`. Only running processes are paused (a crashed one stays down).

import { matchTarget } from '../target.ts';
import type { FaultKindDef } from './fault-kind.ts';
import { readTargetFault, targetFaultText, type TargetFault } from './target-fault.ts';

export type PauseSpec = TargetFault<'pause'>;

export const pause: FaultKindDef<PauseSpec> = {
  kind: 'pause',
  summary: 'the target processes freeze (timers and messages wait); they resume after `for`',
  keys: ['target', 'for'],
  downsNodes: false,
  read: (f, timed) => readTargetFault('pause', f, timed),
  apply(spec, on) {
    const nodes = matchTarget(on.host.nodes(), spec.target).filter((n) => n.state === 'up');
    for (const n of nodes) n.pause();
    return () => nodes.forEach((n) => n.resume());
  },
  describe: targetFaultText,
  disruption: () => 'Software',
  selectors: (spec) => ({ target: spec.target }),
};
