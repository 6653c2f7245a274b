// `region-outage`: an az-outage of every AZ of one region at once: its nodes crash, its clients
// stop, and the region is cut off from every other; healing reconnects it, starts its clients and
// restarts its nodes. A Region disruption. The managed control planes live in the home region
// (the first of `regions:`): an outage of that region cuts their host off with it (the host
// itself never crashes in this model, so it is only unreachable); so does the region's own
// control-plane pseudo-AZ (`control-plane@<region>`, sim/regions.ts) for any region.
// Leaves out: a partial region outage (some AZs: that is az-outage of each), and the engines'
// cross-region recovery (promoting a secondary region is the engines' business, through the
// surviving region's own control-plane host).

import type { FaultKindDef, Timed } from './fault-kind.ts';
import { CONTROL_PLANE_AZ } from './control-plane-az.ts';
import { regionalControlPlaneAz } from '../regions.ts';
import { readRegionKey } from './region-key.ts';

export type RegionOutageSpec = Timed & { kind: 'region-outage'; region: string; azs: string[]; home: boolean };

export const regionOutage: FaultKindDef<RegionOutageSpec> = {
  kind: 'region-outage',
  summary: 'every node in the region\'s AZs crashes and the region is cut off; its clients stop; heals after `for` (nodes restart)',
  keys: ['region', 'for'],
  downsNodes: true,
  read(f, timed) {
    const { index: i, name: region } = readRegionKey(f, 'the region that goes out, e.g. region: us-west-2', 'a region-outage needs `regions:` (with one region, an outage of every AZ would leave nothing to observe it)');
    return { kind: 'region-outage', ...timed, region, azs: [...f.regions[i].azs], home: i === 0 };
  },
  apply(spec, on) {
    const h = on.host;
    const crashed = h.nodes().filter((n) => spec.azs.includes(n.az) && n.state !== 'crashed');
    for (const n of crashed) n.crash();
    const clients = h.clients.filter((c) => spec.azs.includes(c.az) && c.up);
    for (const c of clients) c.up = false;
    const own = regionalControlPlaneAz(spec.region);
    const isInside = (az: string) => spec.azs.includes(az) || az === own || (spec.home && az === CONTROL_PLANE_AZ);
    const inside = h.network.endpoints.filter((e) => isInside(e.az)).map((e) => e.id);
    const outside = h.network.endpoints.filter((e) => !isInside(e.az)).map((e) => e.id);
    const heal = on.block([inside, outside], false);
    return () => {
      heal();
      for (const c of clients) c.up = true;
      for (const n of crashed) n.restart();
    };
  },
  describe: (spec) => `region-outage ${spec.region}`,
  disruption: () => 'Region',
  selectors: () => ({}),
};
