// `partition`: no messages between any two of its sides (with `one_way`, only none from the
// first side to the second). An AZ disruption when every side is whole AZs, Hardware otherwise
// (a network fault on particular hosts is an infrastructure fault).
// Leaves out: partial loss (the `loss` kind) and asymmetric delay (`latency`).

import type { FaultKindDef, SideSpec, Timed } from './fault-kind.ts';
import { sideText, wholeAzs } from './side-text.ts';
import { resolveSideIds } from './control-plane-az.ts';

export type PartitionSpec = Timed & { kind: 'partition'; sides: SideSpec[]; oneWay: boolean };

export const partition: FaultKindDef<PartitionSpec> = {
  kind: 'partition',
  summary: 'no messages between the sides (one_way: only from sides[0] to sides[1])',
  keys: ['sides', 'one_way', 'for'],
  downsNodes: false,
  read(f, timed) {
    const sidesNode = f.require('sides', 'e.g. sides: [[az-a], [az-b, az-c]]');
    const sides = f.sides(sidesNode, 2, Infinity);
    f.disjoint(sidesNode, sides);
    const ow = f.get('one_way');
    const oneWay = ow === undefined ? false : f.boolean(ow);
    if (oneWay && sides.length !== 2) f.failAt('one_way', `a one-way partition needs exactly 2 sides, got ${sides.length}`);
    return { kind: 'partition', ...timed, sides, oneWay };
  },
  apply: (spec, on) =>
    on.block(
      spec.sides.map((s) => resolveSideIds(s, on)),
      spec.oneWay,
    ),
  describe: (spec) => `partition ${spec.sides.map(sideText).join(spec.oneWay ? ' -/-> ' : ' | ')}`,
  sides: (spec) => spec.sides,
  disruption: (spec, azs) => (spec.sides.every((s) => wholeAzs(s, azs)) ? 'AZ' : 'Hardware'),
  selectors: (spec) => ({ sides: { key: 'sides', list: spec.sides, disjoint: true } }),
};
