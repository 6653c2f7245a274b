// Cross-region read replicas, measured from runs: the lag is the inter-region link's delay plus
// apply (against a same-region replica's), and promoting the replica for DR loses the
// acknowledged writes still on the link, with an RPO of the order of that lag. The promotion runs
// through the replica's own region's control-plane host, so it also works while the home region
// is out (rds-region-outage).
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled } from '../../test/bundled.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import { AWS_REGION_RTT_MS } from '../../scenarios/format/inter-region-latency.ts';

const REGIONS = `regions:
  - name: us-east-1
    azs: [use1-az1, use1-az2, use1-az3]
  - name: us-west-2
    azs: [usw2-az1, usw2-az2, usw2-az3]
`;

const scenario = (engine: string) => `name: xr
duration: 20s
settle: 5s
${REGIONS}engine:
  type: rds-multi-az
${engine}
workload:
  clients: { us-east-1: 3, us-west-2: 3 }
  rate: 300/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: eventual
  keys: { count: 1000, distribution: uniform }
  timeout: 1s
`;

const summaryOf = (text: string) => runScenario(prepareScenario(text, 'xr.yaml').scenario).summary;

describe('rds > cross-region replica', () => {
  it('lags by about the inter-region one-way delay, far behind a same-region replica', () => {
    const far = summaryOf(scenario('  cross_region_replica_azs: [usw2-az1]'));
    const near = summaryOf(scenario('  read_replicas: 1'));
    const oneWayMs = AWS_REGION_RTT_MS['us-east-1 us-west-2']! / 2;
    expect(Number(far.replication_lag_ms_p50)).toBeGreaterThan(oneWayMs * 0.8);
    expect(Number(far.replication_lag_ms_p50)).toBeLessThan(oneWayMs * 2);
    expect(Number(near.replication_lag_ms_p50)).toBeLessThan(oneWayMs / 4);
  });

  it('loses acknowledged writes when promoted for DR, with an RPO within a few times the lag', () => {
    const r = runScenario(loadBundled('rds-cross-region-dr', 1)).summary;
    expect(Number(r.lost_writes)).toBeGreaterThan(0);
    expect(Number(r.rpo_s) * 1000).toBeLessThan(Number(r.replication_lag_ms_max) * 3);
  });

  it('promotes the replica through its own region while the home region is out, losing about the lag', () => {
    const events: SimEvent[] = [];
    const r = runScenario(loadBundled('rds-region-outage', 1), { sinks: { event: (e) => events.push(e) } }).summary;
    const promoted = events.find((e) => e.kind === 'promoted');
    expect(promoted?.node).toBe('xr-replica-1');
    // The outage starts at 30 s, the promotion is asked at 40 s: the replica reboots (instance_start).
    expect(promoted!.timeUs).toBeGreaterThan(40e6 + 40e6);
    expect(promoted!.timeUs).toBeLessThan(40e6 + 90e6);
    expect(Number(r.lost_writes)).toBeGreaterThan(0);
    expect(Number(r.rpo_s) * 1000).toBeLessThan(Number(r.replication_lag_ms_p99) * 2);
    // Writes resume in the west: the outage ends within the run (DNS propagation and TTL after promotion).
    expect(Number(r.write_outage_s)).toBeLessThan((promoted!.timeUs - 30e6) / 1e6 + 15);
  });

  it('promotes nothing when the replica\'s own region is out (its control-plane host goes out with it)', () => {
    const text = loadBundled('rds-region-outage', 1);
    // An outage of us-west-2 instead: the replica and its control-plane host are out, nothing is promoted.
    const west = { ...text, faults: text.faults.map((f) => (f.kind === 'region-outage' ? { ...f, region: 'us-west-2', azs: [...text.region.regions![1].azs] } : f)) };
    const events: SimEvent[] = [];
    runScenario(west as typeof text, { sinks: { event: (e) => events.push(e) } });
    expect(events.some((e) => e.kind === 'promoted')).toBe(false);
  });

  it('promotes the replica while the regions are partitioned: its own region\'s host reaches it', () => {
    const cut = prepareScenario(
      scenario('  cross_region_replica_azs: [usw2-az1]').replace('duration: 20s', 'duration: 2m') +
        'faults:\n  - { at: 5s, kind: region-partition, regions: [us-east-1, us-west-2] }\n  - { at: 6s, kind: failover, target: { role: replica, az: usw2-az1 } }\n',
      'xr.yaml',
    ).scenario;
    const events: SimEvent[] = [];
    const r = runScenario(cut, { sinks: { event: (e) => events.push(e) } }).summary;
    expect(events.find((e) => e.kind === 'promoted')?.node).toBe('xr-replica-1');
    expect(Number(r.lost_writes)).toBeGreaterThan(0);
  });

  it('refuses an AZ of another region in replica_azs, which places home-region replicas', () => {
    expect(() => prepareScenario(scenario('  read_replicas: 1\n  replica_azs: [usw2-az1]'), 'xr.yaml')).toThrow(/is in region us-west-2/);
  });
});
