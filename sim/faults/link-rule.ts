// What the two kinds that degrade the links between two sides (latency, loss) share: reading
// `between`, adding a rule each way, and their disruption type (AZ when both sides are whole
// AZs, Hardware otherwise).

import { membership } from '../link-rules.ts';
import type { DefaultDisruption, FaultEffects, FaultFields, Heal, SideSpec } from './fault-kind.ts';
import { wholeAzs } from './side-text.ts';
import { resolveSideIds } from './control-plane-az.ts';

export type Between = [SideSpec, SideSpec];

export function readBetween<N>(f: FaultFields<N>): Between {
  return f.sides(f.require('between', 'e.g. between: [[az-a], [az-b]]'), 2, 2) as Between;
}

/** Adds `add(from, to)` both ways between the sides; the heal removes both rules. */
export function eachWay(between: Between, on: FaultEffects, add: (from: Uint8Array, to: Uint8Array) => number): Heal {
  const net = on.host.network;
  const [a, b] = between.map((s) => resolveSideIds(s, on));
  const size = net.endpoints.length;
  const ma = membership(size, a);
  const mb = membership(size, b);
  const rules = [add(ma, mb), add(mb, ma)];
  return () => rules.forEach((r) => net.rules.remove(r));
}

export const betweenDisruption = (between: Between, azs: readonly string[]): DefaultDisruption => (between.every((s) => wholeAzs(s, azs)) ? 'AZ' : 'Hardware');
