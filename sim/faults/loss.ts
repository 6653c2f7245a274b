// `loss`: each message between the two sides is dropped with `probability`, each way (a flaky
// link); the network's seeded stream decides which.

import type { FaultKindDef, Timed } from './fault-kind.ts';
import { betweenDisruption, eachWay, readBetween, type Between } from './link-rule.ts';
import { sideText } from './side-text.ts';

export type LossSpec = Timed & { kind: 'loss'; between: Between; probability: number };

export const loss: FaultKindDef<LossSpec> = {
  kind: 'loss',
  summary: 'drops each message between the two sides with a probability',
  keys: ['between', 'probability', 'for'],
  downsNodes: false,
  read(f, timed) {
    const between = readBetween(f);
    const probability = f.number(f.require('probability', 'the chance each message is dropped, e.g. 0.2'), { min: 0, max: 1 }, 'a number');
    return { kind: 'loss', ...timed, between, probability };
  },
  apply: (spec, on) => eachWay(spec.between, on, (from, to) => on.host.network.rules.add('loss', from, to, spec.probability)),
  describe: (spec) => `loss ${spec.probability} ${sideText(spec.between[0])} <-> ${sideText(spec.between[1])}`,
  disruption: (spec, azs) => betweenDisruption(spec.between, azs),
  selectors: (spec) => ({ sides: { key: 'between', list: spec.between, disjoint: false } }),
};
