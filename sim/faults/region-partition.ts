// `region-partition`: no messages between two regions (with `one_way`, only none from the first
// to the second), every node and client of their AZs on its region's side; the managed control
// planes are on the home region's side (the first of `regions:`, where they live), a region's own
// control-plane host (`control-plane@<region>`) on its region's side. Messages
// inside each region flow as before. A Region disruption.
// Leaves out: a partition between some AZs of two regions (a `partition` with AZ sides does
// that), and degraded rather than cut links (`latency`, `loss` between AZ sides).

import type { FaultKindDef, Timed } from './fault-kind.ts';
import { CONTROL_PLANE_AZ, resolveSideIds } from './control-plane-az.ts';
import { regionalControlPlaneAz } from '../regions.ts';

export type RegionPartitionSpec = Timed & { kind: 'region-partition'; regions: [string, string]; azs: [string[], string[]]; oneWay: boolean };

export const regionPartition: FaultKindDef<RegionPartitionSpec> = {
  kind: 'region-partition',
  summary: 'no messages between two regions (one_way: only from regions[0] to regions[1])',
  keys: ['regions', 'one_way', 'for'],
  downsNodes: false,
  read(f, timed) {
    const node = f.require('regions', 'the two regions, e.g. regions: [us-east-1, us-west-2]');
    if (f.regions.length === 0) f.fail(node, 'a region-partition needs `regions:` (more than one region)');
    const names = f.regions.map((r) => r.name);
    const items = f.list(node, 'two region names like [us-east-1, us-west-2]');
    if (items.length !== 2) f.fail(node, `\`regions\` names exactly 2 regions, got ${items.length}`);
    const [a, b] = items.map((item) => {
      const name = f.string(item, 'a region name');
      if (!names.includes(name)) f.fail(item, f.unknownName('region', name, names));
      return name;
    });
    if (a === b) f.fail(node, `\`regions\` names ${a} twice; a partition is between two different regions`);
    const ow = f.get('one_way');
    const oneWay = ow === undefined ? false : f.boolean(ow);
    const azsOf = (name: string) => {
      const i = names.indexOf(name);
      return [...f.regions[i].azs, i === 0 ? CONTROL_PLANE_AZ : regionalControlPlaneAz(name)];
    };
    return { kind: 'region-partition', ...timed, regions: [a, b], azs: [azsOf(a), azsOf(b)], oneWay };
  },
  apply: (spec, on) =>
    on.block(
      spec.azs.map((s) => resolveSideIds(s, on)),
      spec.oneWay,
    ),
  describe: (spec) => `region-partition ${spec.regions.join(spec.oneWay ? ' -/-> ' : ' | ')}`,
  disruption: () => 'Region',
  selectors: () => ({}),
};
