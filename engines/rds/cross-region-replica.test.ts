// Cross-region read replicas, measured from runs: the lag is the inter-region link's delay plus
// apply (against a same-region replica's), and promoting the replica for DR loses the
// acknowledged writes still on the link, with an RPO of the order of that lag.
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled } from '../../test/bundled.ts';
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

  it('refuses an AZ of another region in replica_azs, which places home-region replicas', () => {
    expect(() => prepareScenario(scenario('  read_replicas: 1\n  replica_azs: [usw2-az1]'), 'xr.yaml')).toThrow(/is in region us-west-2/);
  });
});
