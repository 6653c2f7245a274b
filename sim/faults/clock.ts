// `clock`: the target clocks jump by `offset` and/or run at a new drift; healing undoes the jump
// and restores the drift each had. A Software disruption (the host runs; its time is wrong).
// Leaves out: a clock running backwards (drift is bounded to +-10%).

import { describeTarget, matchTarget } from '../target.ts';
import type { FaultKindDef, TargetSpec, Timed } from './fault-kind.ts';

export type ClockSpec = Timed & { kind: 'clock'; target: TargetSpec; offsetUs: number; driftPpm?: number };

export const clock: FaultKindDef<ClockSpec> = {
  kind: 'clock',
  summary: 'offset jump and/or drift change on the target clocks; undone after `for`',
  keys: ['target', 'offset', 'drift_ppm', 'for'],
  downsNodes: false,
  read(f, timed) {
    const target = f.target(f.require('target', 'e.g. target: { role: leader }'));
    const off = f.get('offset');
    const drift = f.get('drift_ppm');
    if (off === undefined && drift === undefined) f.fail(f.entry, 'a clock fault needs `offset` (like +2s), `drift_ppm`, or both');
    const offsetUs = off === undefined ? 0 : f.duration(off, { signed: true, max: f.limits.clockOffsetUs });
    const spec: ClockSpec = { kind: 'clock', ...timed, target, offsetUs };
    // A clock cannot run backwards: -1,000,000 ppm would stop it. 100,000 ppm (10%) is already absurd.
    if (drift !== undefined) spec.driftPpm = f.number(drift, { min: -100_000, max: 100_000 }, 'a drift in parts per million, like 200');
    return spec;
  },
  apply(spec, on) {
    const nodes = matchTarget(on.host.nodes(), spec.target);
    const before = nodes.map((n) => n.clock.driftPpm);
    for (const n of nodes) n.adjustClock(spec.offsetUs, spec.driftPpm);
    return () => nodes.forEach((n, k) => n.adjustClock(-spec.offsetUs, before[k]));
  },
  describe: (spec) => `clock ${describeTarget(spec.target)} offset ${spec.offsetUs}us${spec.driftPpm !== undefined ? ` drift ${spec.driftPpm}ppm` : ''}`,
  disruption: () => 'Software',
  selectors: (spec) => ({ target: spec.target }),
};
