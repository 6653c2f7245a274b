// ElastiCache Global Datastore, measured from runs: the secondary region's reads are stale by
// about the inter-region replication lag, its clients' writes reach the primary region, and a
// failover to the secondary during a primary-region outage loses about the lag's worth of writes.
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled } from '../../test/bundled.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import { AWS_REGION_RTT_MS } from '../../scenarios/format/inter-region-latency.ts';
import { regionsYaml } from '../../test/regions.ts';

const scenario = (engine: string, clients: string) => `name: gd
duration: 20s
settle: 5s
${regionsYaml(['us-east-1', 'us-west-2'])}
engine:
  type: redis-cluster
  elasticache: true
${engine}
workload:
  clients: ${clients}
  rate: 600/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: eventual
  keys: { count: 50, distribution: uniform }
  timeout: 1s
`;

const SECONDARY = '  global_secondary_azs: [usw2-az1, usw2-az2, usw2-az3]';
const summaryOf = (text: string) => runScenario(prepareScenario(text, 'gd.yaml').scenario).summary;
const oneWayMs = AWS_REGION_RTT_MS['us-east-1 us-west-2']! / 2;

describe('redis > global datastore', () => {
  it('serves the secondary region reads stale by about the inter-region lag, and its writes in the primary region', () => {
    // East clients write, west clients read their local secondary: a read misses what the last lag brought.
    const r = summaryOf(scenario(SECONDARY, '{ us-east-1: 3, us-west-2: 3 }'));
    expect(Number(r.replication_lag_ms_p99)).toBeGreaterThan(oneWayMs * 0.8);
    expect(Number(r.replication_lag_ms_p99)).toBeLessThan(oneWayMs * 2);
    expect(Number(r.stale_reads)).toBeGreaterThan(0);
    // A stale read is at most about one lag old (41.5 ms p99 on seed 1, the one-way delay about 44 ms).
    expect(Number(r.staleness_ms_p99)).toBeGreaterThan(oneWayMs * 0.5);
    expect(Number(r.staleness_ms_p99)).toBeLessThan(Number(r.replication_lag_ms_p99) * 1.5);
    // The west's writes cross to the primary cluster and succeed (the secondary refuses none of them: it gets none).
    expect(Number(r.availability_write)).toBeGreaterThan(0.999);
    // The same clients all in the east read fresh in-region replicas: far less stale.
    const near = summaryOf(scenario('', '{ us-east-1: 6 }'));
    expect(Number(near.replication_lag_ms_p99)).toBeLessThan(oneWayMs / 4);
  });

  it('loses about the lag when failed over to the secondary during a primary-region outage', () => {
    const events: SimEvent[] = [];
    const r = runScenario(loadBundled('redis-global-region-outage', 1), { sinks: { event: (e) => events.push(e) } }).summary;
    const promoted = events.filter((e) => e.kind === 'promoted').map((e) => e.node).sort();
    expect(promoted).toEqual(['global-1', 'global-2', 'global-3']);
    expect(Number(r.lost_writes)).toBeGreaterThan(0);
    expect(Number(r.rpo_s) * 1000).toBeLessThan(Number(r.replication_lag_ms_p99) * 2);
    // Writes resume in the west: the outage is bounded by the wait before the request plus the promotion.
    expect(Number(r.write_outage_s)).toBeLessThan(10 + 50 + 5);
  });

  it('resynchronises the secondary in full after a region partition, so no read stays staler than the partition', () => {
    const text = scenario(SECONDARY, '{ us-east-1: 3, us-west-2: 3 }').replace('duration: 20s', 'duration: 40s') +
      'faults:\n  - { at: 10s, kind: region-partition, regions: [us-east-1, us-west-2], for: 5s }\n';
    const events: SimEvent[] = [];
    const r = runScenario(prepareScenario(text, 'gd.yaml').scenario, { sinks: { event: (e) => events.push(e) } }).summary;
    // The first entry after the heal does not follow the last one applied: each node asks for a snapshot.
    expect(events.filter((e) => e.kind === 'full-sync').map((e) => e.node).sort()).toEqual(['global-1', 'global-2', 'global-3']);
    // Reads during the partition miss up to 5 s of writes; after the resync none is older (5.28 s max on seed 1).
    expect(Number(r.staleness_ms_max)).toBeGreaterThan(4_000);
    expect(Number(r.staleness_ms_max)).toBeLessThan(5_000 + 1_000);
  });

  it('sends the secondary region writes across to the primary cluster until a failover', () => {
    const r = summaryOf(scenario(SECONDARY, '{ us-west-2: 3 }'));
    // A write's round trip crosses the inter-region link; a read stays in the region.
    expect(Number(r.write_latency_ms_p50)).toBeGreaterThan(oneWayMs * 2 * 0.8);
    expect(Number(r.read_latency_ms_p50)).toBeLessThan(oneWayMs / 4);
    expect(Number(r.lost_writes)).toBe(0);
  });

  it("refuses a secondary AZ in the primary cluster's region, AZs of two regions, and a secondary without elasticache", () => {
    expect(() => prepareScenario(scenario('  global_secondary_azs: [use1-az2]', '{ us-east-1: 3 }'), 'gd.yaml')).toThrow(/is in the primary cluster's region/);
    const three = scenario('  global_secondary_azs: [usw2-az1, euw1-az1]', '{ us-east-1: 3 }').replace('engine:', '  - name: eu-west-1\n    azs: [euw1-az1]\nengine:');
    expect(() => prepareScenario(three, 'gd.yaml')).toThrow(/gd.yaml:\d+: engine.global_secondary_azs: the secondary cluster is in one region: these AZs are in us-west-2 and eu-west-1/);
    expect(() => prepareScenario(scenario(SECONDARY, '{ us-east-1: 3 }').replace('  elasticache: true\n', ''), 'gd.yaml')).toThrow(/ElastiCache feature: set elasticache: true/);
  });
});
