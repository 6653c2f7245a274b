// Helpers the network kinds share: a side as the event log writes it, and whether a side is
// made of whole AZs (what decides between an AZ and a Hardware disruption).

import { describeTarget } from '../target.ts';
import type { SideSpec } from './fault-kind.ts';

/** `[az-a role=writer db-2]`: the brackets are what faults.csv names a side's availability by. */
export function sideText(s: SideSpec): string {
  return `[${s.map((e) => (typeof e === 'string' ? e : describeTarget(e))).join(' ')}]`;
}

/** A side made only of AZ names (or `{ az }` selectors without a narrower key). */
export function wholeAzs(side: SideSpec, azs: readonly string[]): boolean {
  return side.length > 0 && side.every((e) => (typeof e === 'string' ? azs.includes(e) : e.az !== undefined && Object.keys(e).length === 1));
}
