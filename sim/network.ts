// The network: one-way message delays drawn per message by link class, faults as link rules,
// and byte counters. Links are FIFO per directed pair of endpoints (as a TCP stream would be): a
// message never overtakes an earlier one on the same link.
// Models: same-AZ, cross-AZ and client links; partitions checked when a message is sent and again
// when it arrives; loss; added latency; drops at crashed receivers. Leaves out: bandwidth and
// congestion (delays do not grow with load), DNS infrastructure (see dns.ts).

import type { Endpoint } from './endpoint.ts';
import { LinkRules } from './link-rules.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import { sampler, type Distribution, type Sampler } from './distribution.ts';

export interface LatencyProfile {
  /** Node to node in one AZ. */
  sameAz: Distribution;
  /** Node to node across AZs. */
  crossAz: Distribution;
  /** Client to a node in its own AZ; a client reaching another AZ adds a cross-AZ draw. */
  client: Distribution;
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

  constructor(
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    latency: LatencyProfile,
  ) {
    this.sameAz = sampler(latency.sameAz, rng);
    this.crossAz = sampler(latency.crossAz, rng);
    this.client = sampler(latency.client, rng);
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
    }
    this.endpointAz[ep.id] = this.azIndex.get(ep.az)!;
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
