// How the clients of a database with a writer endpoint reach the writer (RDS and Aurora share it):
//   dns             the writer's DNS name through each client's DNS cache (endpoint-driver.ts);
//   rds-proxy       a proxy in each AZ (db-proxy.ts) that finds the writer itself; a client
//                   connects to the proxy of its own AZ, whose endpoint never moves;
//   topology-aware  the driver learns the topology and, after a broken connection, polls it and
//                   connects to the new writer's instance endpoint (topology-view.ts).
// Eventual reads keep the reader endpoint on every path. The engine gives its instances (as role
// probe targets), its servers and its request sizes; this file builds the proxies and each
// client's driver configuration.
// Leaves out: a client falling over to another AZ's proxy (a client whose proxy is down times out).

import { sampler, type Distribution } from './distribution.ts';
import type { EndpointDriverConfig } from './endpoint-driver.ts';
import type { Endpoint } from './endpoint.ts';
import type { SimClient } from './client.ts';
import type { SimNode } from './node.ts';
import type { Sim } from './sim.ts';
import type { Connection } from './connection.ts';
import type { RoleProbeTarget } from './role-probe.ts';
import type { DomainEvents } from './domain-events.ts';
import type { AttemptResult, Operation } from './operation.ts';
import { DbProxy, type ProxiedServer } from './db-proxy.ts';
import { TopologyView } from './topology-view.ts';

export const CLIENT_PATHS = ['dns', 'rds-proxy', 'topology-aware'] as const;
export type ClientPathKind = (typeof CLIENT_PATHS)[number];

/** The DNS name of the proxies' endpoint (it always answers with the client's own AZ's proxy). */
export const PROXY_ENDPOINT = 'rds-proxy';

export interface ClientPathOptions {
  clientPath: ClientPathKind;
  proxyProbeIntervalUs: number;
  proxyProbeTimeoutUs: number;
  proxyProbeFailures: number;
  proxyBorrowTimeoutUs: number;
  proxyLatency: Distribution;
  topologyRefreshUs: number;
  failoverTimeoutUs: number;
}

export interface ClusterForPaths {
  /** The writer endpoint's DNS name. */
  writerName: string;
  /** Every instance that can be the writer. */
  instances: readonly RoleProbeTarget[];
  serverAt(e: Endpoint): ProxiedServer | undefined;
  requestBytes(op: Operation): number;
  replyBytes(op: Operation, r: AttemptResult): number;
  /** Database errors after which a connection to an instance stays open. */
  keepConnectionOn: { has(error: string): boolean };
  events: DomainEvents;
}

/** The proxy nodes a path adds, in the engine's node order (after its own): one per AZ. */
export function proxyOutline(path: ClientPathKind, azs: readonly string[]): { name: string; az: string; roles: string[]; labels: Record<string, number> }[] {
  return path === 'rds-proxy' ? azs.map((az) => ({ name: `proxy-${az}`, az, roles: ['proxy'], labels: {} })) : [];
}

export class ClientPaths {
  readonly proxies: DbProxy[] = [];
  private readonly proxyOf = new Map<number, DbProxy>();

  constructor(
    private readonly sim: Sim,
    private readonly o: ClientPathOptions,
    private readonly cluster: ClusterForPaths,
  ) {
    for (const n of proxyOutline(o.clientPath, sim.region.azs)) {
      const node = sim.createNode(n.name, n.az, n.roles);
      const proxy = new DbProxy(node, sim.network, sim.now, {
        targets: cluster.instances,
        serverAt: (e) => cluster.serverAt(e),
        requestBytes: cluster.requestBytes,
        replyBytes: cluster.replyBytes,
        keepConnectionOn: cluster.keepConnectionOn,
        probeIntervalUs: o.proxyProbeIntervalUs,
        probeTimeoutUs: o.proxyProbeTimeoutUs,
        probeFailures: o.proxyProbeFailures,
        borrowTimeoutUs: o.proxyBorrowTimeoutUs,
        latency: sampler(o.proxyLatency, sim.rng(`client-path/${node.name}`)),
        events: cluster.events,
      });
      this.proxies.push(proxy);
      this.proxyOf.set(node.id, proxy);
    }
  }

  nodes(): SimNode[] {
    return this.proxies.map((p) => p.node);
  }

  /** Starts the proxies' probing (once the cluster is built). */
  start(): void {
    for (const p of this.proxies) p.start();
  }

  /** The driver configuration for `client`: the engine's own (`base`, the DNS path) changed for the path. */
  driverConfig(client: SimClient, base: EndpointDriverConfig): EndpointDriverConfig {
    const { writerName } = this.cluster;
    if (this.o.clientPath === 'rds-proxy') {
      const proxy = this.proxies.find((p) => p.node.az === client.az) ?? this.proxies[0];
      const keep = base.keepConnectionOn;
      return {
        ...base,
        endpointFor: (op) => (base.endpointFor(op) === writerName ? PROXY_ENDPOINT : base.endpointFor(op)),
        serverAt: (e) => this.proxyOf.get(e.id) ?? base.serverAt(e),
        resolver: (dns) => ({ resolve: (name, nowUs) => (name === PROXY_ENDPOINT ? proxy.node : dns.resolve(name, nowUs)) }),
        // Any answer from the proxy means the proxy is fine: only its own reset (it restarted) closes.
        keepsConnection: (conn: Connection, error: string) => (conn.name === PROXY_ENDPOINT ? error !== 'connection-reset' : keep !== undefined && keep.has(error)),
      };
    }
    if (this.o.clientPath === 'topology-aware') {
      let view: TopologyView | null = null;
      return {
        ...base,
        resolver: (dns) => (view = new TopologyView(this.sim.network, this.sim.scheduler, client, dns, {
          writerName,
          instances: this.cluster.instances,
          refreshUs: this.o.topologyRefreshUs,
          failoverTimeoutUs: this.o.failoverTimeoutUs,
        })),
        broken: (conn) => view?.broken(conn),
      };
    }
    return base;
  }
}
