// Every fault kind, in the order `faultline list` shows them and the swarm draws from them.
// Adding a kind: its file beside this one, and one line here.

import { azOutage } from './az-outage.ts';
import { clock } from './clock.ts';
import { crash } from './crash.ts';
import { failover } from './failover.ts';
import type { FaultKindDef } from './fault-kind.ts';
import { latency } from './latency.ts';
import { loss } from './loss.ts';
import { partition } from './partition.ts';
import { pause } from './pause.ts';
import { pauseReplication } from './pause-replication.ts';
import { regionOutage } from './region-outage.ts';
import { regionPartition } from './region-partition.ts';
import { restart } from './restart.ts';
import { switchover } from './switchover.ts';

export const FAULT_KIND_DEFS = [azOutage, partition, crash, pause, restart, clock, latency, loss, failover, regionOutage, regionPartition, switchover, pauseReplication] as const;

type SpecOf<D> = D extends FaultKindDef<infer S> ? S : never;

/** A fault as plain data, the way a scenario's `faults:` list describes it (times in microseconds). */
export type FaultSpec = SpecOf<(typeof FAULT_KIND_DEFS)[number]>;
export type FaultKind = FaultSpec['kind'];

const BY_NAME = new Map<string, FaultKindDef<FaultSpec>>(FAULT_KIND_DEFS.map((d) => [d.kind, d as unknown as FaultKindDef<FaultSpec>]));

/**
 * The kind a spec is of. Invariant: BY_NAME maps each kind to the definition whose spec type has
 * that kind, so its methods accept the spec (the cast above only forgets which member it is).
 */
export function faultKindOf(spec: FaultSpec): FaultKindDef<FaultSpec> {
  return BY_NAME.get(spec.kind)!;
}

/** The kind of that name (the first word of a fault's description), or undefined. */
export function faultKindNamed(name: string): FaultKindDef<FaultSpec> | undefined {
  return BY_NAME.get(name);
}
