// The nemesis: applies the scenario's faults at their simulated times and heals them after `for`
// (or when the workload ends). It knows nodes, clients and links, never a database: a `failover`
// fault is handed to the engine's operator hook. Every start and end goes to the event log.
// Leaves out: randomly generated fault schedules (faults are the scenario's plain data).

import type { EventLog } from './event-log.ts';
import type { FaultSpec, SideSpec } from './fault-spec.ts';
import type { Network } from './network.ts';
import type { SimNode } from './node.ts';
import type { Scheduler } from './scheduler.ts';
import type { SimClient } from './client.ts';
import { membership } from './link-rules.ts';
import { describeTarget, matchTarget } from './target.ts';

export interface FaultHost {
  scheduler: Scheduler;
  network: Network;
  events: EventLog;
  azs: readonly string[];
  clients: readonly SimClient[];
  /** The engine's nodes now, in stable order. */
  nodes(): readonly SimNode[];
  /** An operator-initiated failover on these nodes (the engine's control plane). */
  operatorFailover(nodes: SimNode[]): void;
}

type Heal = () => void;

export class FaultSchedule {
  private active = new Map<number, Heal>();

  constructor(
    private readonly host: FaultHost,
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
    // Fix: announce the fault before applying it. Applying runs engine code (crash hooks, an
    // operator failover that may promote at once) whose events used to land before the
    // fault-start they belong to, so measurement could not credit them to this fault.
    const sides = f.kind === 'partition' ? f.sides.map((side) => this.resolveSide(side).map((id) => this.host.network.endpoints[id].name)) : undefined;
    this.host.events.emit('fault-start', { fault: i, detail: describeFault(f), sides });
    const heal = this.apply(f);
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

  private apply(f: FaultSpec): Heal | null {
    const h = this.host;
    switch (f.kind) {
      case 'az-outage': {
        const crashed = h.nodes().filter((n) => n.az === f.az && n.state !== 'crashed');
        for (const n of crashed) n.crash();
        const clients = h.clients.filter((c) => c.az === f.az && c.up);
        for (const c of clients) c.up = false;
        const inside = h.network.endpoints.filter((e) => e.az === f.az).map((e) => e.id);
        const outside = h.network.endpoints.filter((e) => e.az !== f.az).map((e) => e.id);
        const heals = [this.block([inside, outside], false)];
        return () => {
          heals.forEach((x) => x());
          for (const c of clients) c.up = true;
          for (const n of crashed) n.restart();
        };
      }
      case 'partition':
        return this.block(
          f.sides.map((s) => this.resolveSide(s)),
          f.oneWay,
        );
      case 'crash':
      case 'restart': {
        const nodes = matchTarget(h.nodes(), f.target).filter((n) => n.state !== 'crashed');
        for (const n of nodes) n.crash();
        const restartAll = () => nodes.forEach((n) => n.restart());
        if (f.kind === 'restart' && f.forUs === undefined) {
          restartAll();
          return null;
        }
        return restartAll;
      }
      case 'pause': {
        const nodes = matchTarget(h.nodes(), f.target).filter((n) => n.state === 'up');
        for (const n of nodes) n.pause();
        return () => nodes.forEach((n) => n.resume());
      }
      case 'clock': {
        const nodes = matchTarget(h.nodes(), f.target);
        const before = nodes.map((n) => n.clock.driftPpm);
        for (const n of nodes) n.adjustClock(f.offsetUs, f.driftPpm);
        return () => nodes.forEach((n, k) => n.adjustClock(-f.offsetUs, before[k]));
      }
      case 'latency':
      case 'loss': {
        const [a, b] = f.between.map((s) => this.resolveSide(s));
        const size = h.network.endpoints.length;
        const ma = membership(size, a);
        const mb = membership(size, b);
        const rules = f.kind === 'latency' ? [h.network.rules.add('latency', ma, mb, 1, f.addUs), h.network.rules.add('latency', mb, ma, 1, f.addUs)] : [h.network.rules.add('loss', ma, mb, f.probability), h.network.rules.add('loss', mb, ma, f.probability)];
        return () => rules.forEach((r) => h.network.rules.remove(r));
      }
      case 'failover':
        h.operatorFailover(matchTarget(h.nodes(), f.target));
        return null;
    }
  }

  /** Blocks messages between every pair of sides (or only from side 0 to side 1). */
  private block(sides: number[][], oneWay: boolean): Heal {
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
  private resolveSide(side: SideSpec): number[] {
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

export function describeFault(f: FaultSpec): string {
  const side = (s: SideSpec) => `[${s.map((e) => (typeof e === 'string' ? e : describeTarget(e))).join(' ')}]`;
  switch (f.kind) {
    case 'az-outage':
      return `az-outage ${f.az}`;
    case 'partition':
      return `partition ${f.sides.map(side).join(f.oneWay ? ' -/-> ' : ' | ')}`;
    case 'crash':
    case 'pause':
    case 'restart':
    case 'failover':
      return `${f.kind} ${describeTarget(f.target)}`;
    case 'clock':
      return `clock ${describeTarget(f.target)} offset ${f.offsetUs}us${f.driftPpm !== undefined ? ` drift ${f.driftPpm}ppm` : ''}`;
    case 'latency':
      return `latency +${f.addUs}us ${side(f.between[0])} <-> ${side(f.between[1])}`;
    case 'loss':
      return `loss ${f.probability} ${side(f.between[0])} <-> ${side(f.between[1])}`;
  }
}
