// The `control-plane` AZ in fault sides: the managed control planes (Aurora's, RDS's, ElastiCache's)
// run on a host of their own in this pseudo-AZ, outside the region's AZs, and reach every AZ over
// cross-AZ links. A partition, latency or loss side may name it (or the host by its name) to cut or
// degrade the control plane's links; nothing else may: its host never crashes or pauses in this
// model, so an az-outage or a target there has nothing it could model.
// Leaves out: control-plane failures themselves (a regional service outage).

import type { FaultEffects, SideSpec } from './fault-kind.ts';

export const CONTROL_PLANE_AZ = 'control-plane';

/** Why a fault other than a link fault cannot name the control-plane AZ (one line, for the file:line:field error). */
export const CONTROL_PLANE_AZ_REFUSAL =
  '`control-plane` is the managed control planes\' own AZ: its host never fails in this model, so only a partition, latency or loss side may name it (like sides: [[control-plane], [az-a]])';

/** `control-plane`, or a region's own `control-plane@<region>` (sim/regions.ts). */
const isControlPlaneAz = (e: SideSpec[number]): e is string => typeof e === 'string' && (e === CONTROL_PLANE_AZ || e.startsWith(`${CONTROL_PLANE_AZ}@`));

/** Endpoint ids on one side, where a control-plane pseudo-AZ stands for every endpoint in it. */
export function resolveSideIds(side: SideSpec, on: FaultEffects): number[] {
  const pseudo = side.filter(isControlPlaneAz);
  if (pseudo.length === 0) return on.resolveSide(side);
  const ids = new Set(on.resolveSide(side.filter((e) => !isControlPlaneAz(e))));
  for (const e of on.host.network.endpoints) if (pseudo.includes(e.az)) ids.add(e.id);
  return [...ids].sort((x, y) => x - y);
}
