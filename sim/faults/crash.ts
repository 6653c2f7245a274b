// `crash`: the target processes crash (state lost, in-flight work gone); after `for` they
// restart and recover as their engine does. A Software disruption by default (a scenario that
// means the host says `disruption: Hardware`).

import { matchTarget } from '../target.ts';
import type { FaultKindDef } from './fault-kind.ts';
import { readTargetFault, targetFaultText, type TargetFault } from './target-fault.ts';

export type CrashSpec = TargetFault<'crash'>;

export const crash: FaultKindDef<CrashSpec> = {
  kind: 'crash',
  summary: 'the target processes crash; they restart after `for`',
  keys: ['target', 'for'],
  downsNodes: true,
  read: (f, timed) => readTargetFault('crash', f, timed),
  apply(spec, on) {
    const nodes = matchTarget(on.host.nodes(), spec.target).filter((n) => n.state !== 'crashed');
    for (const n of nodes) n.crash();
    return () => nodes.forEach((n) => n.restart());
  },
  describe: targetFaultText,
  disruption: () => 'Software',
  selectors: (spec) => ({ target: spec.target }),
};
