// `switchover`: a managed switchover of a global database to the secondary cluster holding the
// target (a node of a secondary region, e.g. { role: replica, az: usw2-az1 }), handed to the
// engine (Engine.switchover). Planned by default: the primary stops taking writes, the secondary
// catches up, and only then takes over (no data loss). With `allow_data_loss: true` it is the
// unplanned failover: the secondary takes over at once with what it holds. Instantaneous, like
// `failover`: no `for`, no fault-end; it counts as active until the promotion completes.
// Only an engine with secondaries (a factory whose canSwitchover says so) takes it; the scenario
// loader refuses it elsewhere.
// Leaves out: switching back (a second switchover from the new primary).

import { describeTarget, matchTarget } from '../target.ts';
import type { FaultKindDef, TargetSpec, Timed } from './fault-kind.ts';

export type SwitchoverSpec = Timed & { kind: 'switchover'; target: TargetSpec; allowDataLoss: boolean };

export const switchover: FaultKindDef<SwitchoverSpec> = {
  kind: 'switchover',
  summary: 'a global database switches its writes to the secondary region holding the target: planned (waits for it to catch up, no data loss) or with allow_data_loss: true at once (RPO = the lag)',
  keys: ['target', 'allow_data_loss'],
  downsNodes: false,
  instantaneous: 'always',
  read(f, timed) {
    if (!f.canSwitchover) f.fail(f.entry, 'a switchover needs a database with secondary regions (aurora with global_azs); this engine has none');
    const target = f.target(f.require('target', 'a node of the secondary to switch to, e.g. target: { role: replica, az: usw2-az1 }'));
    const loss = f.get('allow_data_loss');
    return { kind: 'switchover', ...timed, target, allowDataLoss: loss === undefined ? false : f.boolean(loss) };
  },
  apply(spec, on) {
    on.host.switchover?.(matchTarget(on.host.nodes(), spec.target), spec.allowDataLoss);
    return null;
  },
  describe: (spec) => `switchover ${describeTarget(spec.target)}${spec.allowDataLoss ? ' allow_data_loss' : ''}`,
  // A planned switchover is an operator's change; with data loss it is the Region recovery.
  disruption: (spec) => (spec.allowDataLoss ? 'Region' : 'Software'),
  selectors: (spec) => ({ target: spec.target }),
};
