// The nemesis: applies the scenario's faults at their simulated times and heals them after `for`
// (or when the workload ends). It knows nodes, clients and links, never a database: a `failover`
// fault is handed to the engine's operator hook. Every start and end goes to the event log.
// What each kind does is its own file's (sim/faults/); this is the timing and the bookkeeping.
// Leaves out: randomly generated fault schedules (faults are the scenario's plain data).

import type { FaultSpec, SideSpec } from './fault-spec.ts';
import type { FaultEffects, FaultHost, Heal } from './faults/fault-kind.ts';
import { faultKindOf } from './faults/registry.ts';
import { resolveSideIds } from './faults/control-plane-az.ts';
import { membership } from './link-rules.ts';
import { matchTarget } from './target.ts';

export type { FaultHost } from './faults/fault-kind.ts';

export class FaultSchedule implements FaultEffects {
  private active = new Map<number, Heal>();

  constructor(
    readonly host: FaultHost,
    private readonly faults: readonly FaultSpec[],
  ) {}

  start(): void {
    this.faults.forEach((f, i) => {
      this.host.scheduler.at(f.atUs, () => this.begin(i));
    });
  }

  /** Heals every fault still active (the workload ended). */
  healAll(): void {
    for (const i of [...this.active.keys()].sort((a, b) => a - b)) this.end(i);
  }

  private begin(i: number): void {
    const f = this.faults[i];
    const kind = faultKindOf(f);
    // The fault is announced before it is applied: applying runs engine code (crash hooks, an
    // operator failover that may promote at once) whose events must land after the fault-start
    // they belong to, so measurement can credit them to this fault.
    const sides = kind.sides?.(f).map((side) => resolveSideIds(side, this).map((id) => this.host.network.endpoints[id].name));
    this.host.events.emit('fault-start', { fault: i, detail: kind.describe(f), sides });
    const heal = kind.apply(f, this);
    if (heal === null) return; // instantaneous (failover)
    this.active.set(i, heal);
    if (f.forUs !== undefined) this.host.scheduler.after(f.forUs, () => this.end(i));
  }

  private end(i: number): void {
    const heal = this.active.get(i);
    if (heal === undefined) return;
    this.active.delete(i);
    // As at the start: the end is announced before the healing's effects (restart hooks).
    this.host.events.emit('fault-end', { fault: i, detail: describeFault(this.faults[i]) });
    heal();
  }

  /** Blocks messages between every pair of sides (or only from side 0 to side 1). */
  block(sides: number[][], oneWay: boolean): Heal {
    const net = this.host.network;
    const size = net.endpoints.length;
    const ms = sides.map((s) => membership(size, s));
    const ids: number[] = [];
    for (let a = 0; a < ms.length; a++) {
      for (let b = 0; b < ms.length; b++) {
        if (a === b || (oneWay && !(a === 0 && b === 1))) continue;
        ids.push(net.rules.add('block', ms[a], ms[b]));
      }
    }
    return () => ids.forEach((r) => net.rules.remove(r));
  }

  /** Endpoint ids on one side: AZ names (nodes and clients in it), endpoint names, selectors. */
  resolveSide(side: SideSpec): number[] {
    const h = this.host;
    const ids = new Set<number>();
    for (const entry of side) {
      if (typeof entry === 'string') {
        const inAz = h.azs.includes(entry);
        for (const e of h.network.endpoints) if ((inAz && e.az === entry) || e.name === entry) ids.add(e.id);
      } else {
        for (const n of matchTarget(h.nodes(), entry)) ids.add(n.id);
      }
    }
    return [...ids].sort((x, y) => x - y);
  }
}

/** The event log's description of a fault: `<kind> ...`, times in `<n>us`. */
export function describeFault(f: FaultSpec): string {
  return faultKindOf(f).describe(f);
}
