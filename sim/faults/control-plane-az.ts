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

/** Endpoint ids on one side, where `control-plane` stands for every endpoint in that AZ. */
export function resolveSideIds(side: SideSpec, on: FaultEffects): number[] {
  if (!side.includes(CONTROL_PLANE_AZ)) return on.resolveSide(side);
  const ids = new Set(on.resolveSide(side.filter((e) => e !== CONTROL_PLANE_AZ)));
  for (const e of on.host.network.endpoints) if (e.az === CONTROL_PLANE_AZ) ids.add(e.id);
  return [...ids].sort((x, y) => x - y);
}
