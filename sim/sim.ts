// One simulation: the scheduler, the seeded streams, the region's network and DNS, the history
// and the event log, and the factories that place nodes and clients in AZs.
// Knows no database: engines create their nodes here and give them roles.

import { DnsZone } from './dns.ts';
import { EventLog } from './event-log.ts';
import { History } from './history.ts';
import { Network, type LatencyProfile } from './network.ts';
import { SimNode } from './node.ts';
import { RngFactory, type Rng } from './rng.ts';
import { Scheduler } from './scheduler.ts';
import { SimClient } from './client.ts';
import type { RegionPlace } from './regions.ts';

export interface RegionSpec {
  /** The AZs of the (home) region: where the engines place their nodes. */
  azs: string[];
  /** Every region, the home region first (its AZs are `azs`); absent with one region. */
  regions?: RegionPlace[];
  latency: LatencyProfile;
  clocks: { maxOffsetUs: number; maxDriftPpm: number };
}

export class Sim {
  readonly scheduler = new Scheduler();
  readonly rngs: RngFactory;
  readonly network: Network;
  readonly dns = new DnsZone();
  readonly events: EventLog;
  readonly history: History;
  readonly nodes: SimNode[] = [];
  readonly clients: SimClient[] = [];
  readonly now = (): number => this.scheduler.now;

  constructor(
    readonly seed: number,
    readonly region: RegionSpec,
  ) {
    this.rngs = new RngFactory(seed);
    // Cross-region delays draw from a stream of their own, so adding regions leaves every
    // same-region draw where it was; with one region the stream is never made.
    const regions = region.regions === undefined ? undefined : { places: region.regions, rng: this.rngs.stream('network/cross-region') };
    this.network = new Network(this.scheduler, this.rngs.stream('network'), region.latency, regions);
    this.events = new EventLog(this.now);
    this.history = new History(this.now);
  }

  rng(name: string): Rng {
    return this.rngs.stream(name);
  }

  /** Places a node; its clock offset and drift are drawn within the region's bounds. */
  createNode(name: string, az: string, roles: string[]): SimNode {
    const r = this.rng(`clock/${name}`);
    const { maxOffsetUs, maxDriftPpm } = this.region.clocks;
    const node = new SimNode(this.scheduler, name, az, roles, r.between(-maxOffsetUs, maxOffsetUs), r.between(-maxDriftPpm, maxDriftPpm));
    this.network.register(node);
    this.nodes.push(node);
    return node;
  }

  createClient(name: string, az: string): SimClient {
    const c = new SimClient(name, az, this.clients.length);
    this.network.register(c);
    this.clients.push(c);
    return c;
  }
}
