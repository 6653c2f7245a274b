// `latency`: every message between the two sides takes `add` longer, each way (a congested or
// rerouted link). Leaves out: jitter (the region's link distributions model that).

import type { FaultKindDef, Timed } from './fault-kind.ts';
import { betweenDisruption, eachWay, readBetween, type Between } from './link-rule.ts';
import { sideText } from './side-text.ts';

export type LatencySpec = Timed & { kind: 'latency'; between: Between; addUs: number };

export const latency: FaultKindDef<LatencySpec> = {
  kind: 'latency',
  summary: 'adds a one-way delay to every message between the two sides',
  keys: ['between', 'add', 'for'],
  downsNodes: false,
  read(f, timed) {
    const between = readBetween(f);
    const addUs = f.duration(f.require('add', 'the added one-way delay, e.g. add: 50ms'), { positive: true, max: f.limits.addedLatencyUs });
    return { kind: 'latency', ...timed, between, addUs };
  },
  apply: (spec, on) => eachWay(spec.between, on, (from, to) => on.host.network.rules.add('latency', from, to, 1, spec.addUs)),
  describe: (spec) => `latency +${spec.addUs}us ${sideText(spec.between[0])} <-> ${sideText(spec.between[1])}`,
  disruption: (spec, azs) => betweenDisruption(spec.between, azs),
  selectors: (spec) => ({ sides: { key: 'between', list: spec.between, disjoint: false } }),
};
