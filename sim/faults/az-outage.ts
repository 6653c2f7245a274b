// `az-outage`: every node in the AZ crashes, its clients stop, and the AZ is cut off from the
// others; healing reconnects it, starts its clients and restarts its nodes. An AZ disruption.
// Leaves out: a partial outage (some hosts of the AZ): that is a crash of those nodes.

import type { FaultKindDef, Timed } from './fault-kind.ts';
import { CONTROL_PLANE_AZ, CONTROL_PLANE_AZ_REFUSAL } from './control-plane-az.ts';

export type AzOutageSpec = Timed & { kind: 'az-outage'; az: string };

export const azOutage: FaultKindDef<AzOutageSpec> = {
  kind: 'az-outage',
  summary: 'every node in the AZ crashes and the AZ is cut off; its clients stop; heals after `for` (nodes restart)',
  keys: ['az', 'for'],
  downsNodes: true,
  read(f, timed) {
    const azNode = f.require('az', 'the AZ that goes out');
    const az = f.string(azNode, 'an AZ name');
    if (az === CONTROL_PLANE_AZ) f.fail(azNode, CONTROL_PLANE_AZ_REFUSAL);
    if (!f.azs.includes(az)) f.fail(azNode, f.unknownName('AZ', az, f.azs));
    return { kind: 'az-outage', ...timed, az };
  },
  apply(spec, on) {
    const h = on.host;
    const crashed = h.nodes().filter((n) => n.az === spec.az && n.state !== 'crashed');
    for (const n of crashed) n.crash();
    const clients = h.clients.filter((c) => c.az === spec.az && c.up);
    for (const c of clients) c.up = false;
    const inside = h.network.endpoints.filter((e) => e.az === spec.az).map((e) => e.id);
    const outside = h.network.endpoints.filter((e) => e.az !== spec.az).map((e) => e.id);
    const heals = [on.block([inside, outside], false)];
    return () => {
      heals.forEach((x) => x());
      for (const c of clients) c.up = true;
      for (const n of crashed) n.restart();
    };
  },
  describe: (spec) => `az-outage ${spec.az}`,
  disruption: () => 'AZ',
  selectors: () => ({}),
};
