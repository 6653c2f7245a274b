// The network: one-way message delays drawn per message by link class, faults as link rules,
// and byte counters. Links are FIFO per directed pair of endpoints (as a TCP stream would be): a
// message never overtakes an earlier one on the same link.
// Models: same-AZ, cross-AZ, cross-region and client links; partitions checked when a message is
// sent and again when it arrives; loss; added latency; drops at crashed receivers; bytes that
// cross AZs and, of those, bytes that cross regions (the transfer that is billed per GB).
// Leaves out: bandwidth and congestion (delays do not grow with load), DNS infrastructure (see
// dns.ts), and a distance-dependent delay inside a region.

import type { Endpoint } from './endpoint.ts';
import { LinkRules } from './link-rules.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import { sampler, type Distribution, type Sampler } from './distribution.ts';
import { regionalControlPlaneAz, type CrossRegionLink, type RegionPlace } from './regions.ts';

export interface LatencyProfile {
  /** Node to node in one AZ. */
  sameAz: Distribution;
  /** Node to node across AZs. */
  crossAz: Distribution;
  /** Client to a node in its own AZ; a client reaching another AZ adds a cross-AZ draw (another region: a cross-region draw). */
  client: Distribution;
  /** Between two regions, one entry per pair (either order); absent with one region. */
  crossRegion?: CrossRegionLink[];
}

/** The regions of a multi-region run, and the stream their cross-region delays draw from. */
export interface NetworkRegions {
  places: readonly RegionPlace[];
  rng: Rng;
}

interface InFlight {
  net: Network;
  from: Endpoint;
  to: Endpoint;
  inc: number;
  fn: (arg: any) => void;
  arg: unknown;
}

export class Network {
  readonly rules = new LinkRules();
  readonly endpoints: Endpoint[] = [];
  bytesTotal = 0;
  bytesCrossAz = 0;
  /** Bytes between regions (a part of bytesCrossAz): what inter-region data transfer bills. */
  bytesCrossRegion = 0;
  /** Bytes between nodes (replication, quorum and control traffic), not to or from clients. */
  bytesBetweenNodes = 0;
  messagesSent = 0;
  messagesDropped = 0;

  private readonly sameAz: Sampler;
  private readonly crossAz: Sampler;
  private readonly client: Sampler;
  /** Last arrival time per directed link, at [from * linkStride + to]. */
  private lastArrival = new Float64Array(64 * 64);
  private linkStride = 64;
  private readonly azIndex = new Map<string, number>();
  private endpointAz: Int32Array = new Int32Array(64);
  /** Region index per endpoint id (all 0 with one region). */
  private endpointRegion: Int32Array = new Int32Array(64);
  private readonly regionOfAz = new Map<string, number>();
  /** The cross-region sampler of regions i and j at [i * regionCount + j] (both orders). */
  private readonly crossRegion: Sampler[] = [];
  private readonly regionCount: number;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    latency: LatencyProfile,
    regions?: NetworkRegions,
  ) {
    this.sameAz = sampler(latency.sameAz, rng);
    this.crossAz = sampler(latency.crossAz, rng);
    this.client = sampler(latency.client, rng);
    const places = regions?.places ?? [];
    this.regionCount = Math.max(1, places.length);
    places.forEach((p, i) => p.azs.forEach((az) => this.regionOfAz.set(az, i)));
    // A region's own control-plane pseudo-AZ is in that region (the home region's: index 0 anyway).
    places.forEach((p, i) => this.regionOfAz.set(regionalControlPlaneAz(p.name), i));
    const index = (name: string) => places.findIndex((p) => p.name === name);
    for (const link of latency.crossRegion ?? []) {
      const [a, b] = link.between.map(index);
      if (a < 0 || b < 0 || a === b) throw new Error(`cross-region latency between unknown or equal regions: ${link.between.join(', ')}`);
      const s = sampler(link.delay, regions!.rng);
      this.crossRegion[a * this.regionCount + b] = s;
      this.crossRegion[b * this.regionCount + a] = s;
    }
    for (let a = 0; a < places.length; a++) {
      for (let b = 0; b < places.length; b++) {
        if (a !== b && this.crossRegion[a * this.regionCount + b] === undefined) throw new Error(`no cross-region latency between ${places[a].name} and ${places[b].name}`);
      }
    }
  }

  /** The region index of an AZ: `control-plane` belongs to the home region, 0; `control-plane@<region>` to its region. */
  private regionIndex(az: string): number {
    return this.regionOfAz.get(az) ?? 0;
  }

  /** True when the two endpoints are in different regions. */
  crossesRegions(a: Endpoint, b: Endpoint): boolean {
    return this.endpointRegion[a.id] !== this.endpointRegion[b.id];
  }

  /** Registers an endpoint and assigns its id. */
  register(ep: Endpoint): void {
    ep.id = this.endpoints.length;
    this.endpoints.push(ep);
    if (!this.azIndex.has(ep.az)) this.azIndex.set(ep.az, this.azIndex.size);
    if (ep.id >= this.endpointAz.length) {
      const grown = new Int32Array(this.endpointAz.length * 2);
      grown.set(this.endpointAz);
      this.endpointAz = grown;
      const grownRegion = new Int32Array(this.endpointRegion.length * 2);
      grownRegion.set(this.endpointRegion);
      this.endpointRegion = grownRegion;
    }
    this.endpointAz[ep.id] = this.azIndex.get(ep.az)!;
    this.endpointRegion[ep.id] = this.regionIndex(ep.az);
    if (ep.id >= this.linkStride) this.growLinks();
  }

  private growLinks(): void {
    const old = this.linkStride;
    const stride = old * 2;
    const grown = new Float64Array(stride * stride);
    for (let a = 0; a < old; a++) grown.set(this.lastArrival.subarray(a * old, (a + 1) * old), a * stride);
    this.lastArrival = grown;
    this.linkStride = stride;
  }

  /** One-way delay for a message from `from` to `to`, before fault rules. */
  private baseDelay(from: Endpoint, to: Endpoint): number {
    const ra = this.endpointRegion[from.id];
    const rb = this.endpointRegion[to.id];
    if (ra !== rb) {
      // Another region: the inter-region draw stands for the whole path between the two AZs.
      const far = this.crossRegion[ra * this.regionCount + rb]();
      return from.kind === 'client' || to.kind === 'client' ? this.client() + far : far;
    }
    const cross = this.endpointAz[from.id] !== this.endpointAz[to.id];
    if (from.kind === 'client' || to.kind === 'client') {
      return cross ? this.client() + this.crossAz() : this.client();
    }
    return cross ? this.crossAz() : this.sameAz();
  }

  /**
   * Sends a message: `fn(arg)` runs at the receiver after a delay, through the receiver's gate.
   * `bytes` counts toward the totals whether or not the message arrives.
   */
  send(from: Endpoint, to: Endpoint, bytes: number, fn: (arg: any) => void, arg?: unknown): void {
    this.messagesSent++;
    this.bytesTotal += bytes;
    if (this.endpointAz[from.id] !== this.endpointAz[to.id]) this.bytesCrossAz += bytes;
    if (this.endpointRegion[from.id] !== this.endpointRegion[to.id]) this.bytesCrossRegion += bytes;
    if (from.kind === 'node' && to.kind === 'node') this.bytesBetweenNodes += bytes;
    let delay = this.baseDelay(from, to);
    if (this.rules.active > 0) {
      const rules = this.rules.list;
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i];
        if (r.from[from.id] !== 1 || r.to[to.id] !== 1) continue;
        if (r.kind === 'block' || (r.kind === 'loss' && this.rng.uniform() < r.probability)) {
          this.messagesDropped++;
          return;
        }
        if (r.kind === 'latency') delay += r.addUs;
      }
    }
    // FIFO per directed link: arrive no earlier than the previous message on it.
    const link = from.id * this.linkStride + to.id;
    let arrival = Math.round(this.scheduler.now + delay);
    const last = this.lastArrival[link];
    if (last > arrival) arrival = last;
    this.lastArrival[link] = arrival;
    const m: InFlight = { net: this, from, to, inc: to.incarnation, fn, arg };
    this.scheduler.at(arrival, arrive, m);
  }

  /** True when `a` can currently send to `b` (no partition between them). */
  reachable(a: Endpoint, b: Endpoint): boolean {
    return this.rules.active === 0 || !this.rules.blocked(a.id, b.id);
  }

  /** Endpoint ids in the given AZ. */
  idsInAz(az: string): number[] {
    return this.endpoints.filter((e) => e.az === az).map((e) => e.id);
  }
}

function arrive(m: InFlight): void {
  const net = m.net;
  // A partition that started while the message was in flight still stops it.
  if (net.rules.active > 0 && net.rules.blocked(m.from.id, m.to.id)) {
    net.messagesDropped++;
    return;
  }
  m.to.gate(m.fn, m.arg, m.inc);
}
