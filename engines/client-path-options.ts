// The options of how clients reach the writer of RDS and Aurora (sim/client-path.ts): through the
// writer's DNS name (the default, and today's behaviour), through an RDS Proxy in each AZ, or with
// a topology-aware driver. Both engines spread these into their own option declarations.
// Sourced: RDS Proxy's ConnectionBorrowTimeout default (120 s) and the AWS Advanced JDBC Wrapper's
// Failover Plugin v2 defaults (its topology monitor's high refresh rate 100 ms, failoverTimeoutMs
// 300 s), docs/sources.md; the v1 plugin refreshed every 5 s (`topology_refresh: 5s`).
// Stated (AWS publishes no figure): how often a proxy probes its targets, and its processing time.

import { choice, distribution, duration, integer } from './option-declarations.ts';
import { CLIENT_PATHS, type ClientPathKind } from '../sim/client-path.ts';

const MS = 1_000;
const S = 1_000_000;

export const clientPathOptions = {
  clientPath: choice<ClientPathKind>('client_path', 'dns', CLIENT_PATHS, {
    doc: "how clients reach the writer: dns (the writer endpoint's DNS name, cached per client for the TTL), rds-proxy (a proxy in each AZ that probes the instances for the writer and forwards to it; clients connect to their AZ's proxy), topology-aware (the driver polls the instances after a broken connection and connects to the new writer's instance endpoint, bypassing DNS)",
  }),
  proxyProbeIntervalUs: duration('proxy_probe_interval', 1 * S, { min: 1 * MS, doc: 'rds-proxy: how often each proxy asks every instance whether it is the writer (not published: stated)' }),
  proxyProbeTimeoutUs: duration('proxy_probe_timeout', 500 * MS, { min: 1 * MS, doc: 'rds-proxy: a probe with no answer within this counts as missed' }),
  proxyProbeFailures: integer('proxy_probe_failures', 2, { min: 1, max: 100, doc: 'rds-proxy: missed probes in a row after which the proxy stops forwarding to its writer' }),
  proxyBorrowTimeoutUs: duration('proxy_borrow_timeout', 120 * S, {
    min: 1 * MS,
    doc: 'rds-proxy: a request that finds no writer waits at the proxy this long before failing (RDS Proxy ConnectionBorrowTimeout)',
  }),
  proxyLatency: distribution('proxy_latency', { kind: 'lognormal', median: 300, p99: 1 * MS }, {
    doc: "rds-proxy: the proxy's processing time per request, on top of its extra network hop (not published: stated)",
  }),
  topologyRefreshUs: duration('topology_refresh', 100 * MS, {
    min: 1 * MS,
    doc: 'topology-aware: how often the driver asks every instance whether it is the writer during a failover (AWS JDBC wrapper failover2 clusterTopologyHighRefreshRateMs; the v1 plugin used 5s)',
  }),
  failoverTimeoutUs: duration('failover_timeout', 300 * S, {
    min: 1 * MS,
    doc: 'topology-aware: the driver stops polling after this without a writer and falls back to the DNS name (AWS JDBC wrapper failoverTimeoutMs)',
  }),
};
