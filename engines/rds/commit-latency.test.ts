// Commit latency of the two Multi-AZ topologies, from their mechanisms: a Multi-AZ DB instance
// mirrors each of its log syncs to the standby's EBS volume in another AZ; a Multi-AZ DB cluster
// syncs to local NVMe and waits for one reader's acknowledgement. AWS: the DB cluster has "up to
// 2x faster transaction commit latency" (AWS News Blog, the Multi-AZ DB cluster launch).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';

/** Writes from clients beside the writer with no client network delay: what is left is the database's. */
function commits(type: string, extra = ''): { p50: number; p99: number } {
  const r = runScenario(
    loadText(`
name: commit-${type}
duration: 30s
warmup: 2s
region:
  latency: { client: 0 }
engine:
  type: ${type}
${extra}
workload:
  clients: { az-a: 3 }
  rate: 200/s
  mix: { write: 1 }
  keys: { count: 10000, distribution: uniform }
  value_size: 1KB
  timeout: 1s
`),
  ).summary;
  return { p50: r.write_latency_ms_p50 as number, p99: r.write_latency_ms_p99 as number };
}

describe('rds > commit latency', () => {
  const instance = commits('rds-multi-az');
  const cluster = commits('rds-multi-az-cluster');

  it('commits on a Multi-AZ DB cluster at least twice as fast as on a Multi-AZ instance (MySQL, 2 syncs)', () => {
    expect(instance.p50 / cluster.p50).toBeGreaterThan(2);
    expect(instance.p99 / cluster.p99).toBeGreaterThan(2);
  });

  it('owes the Multi-AZ instance most of its cost to the mirrored syncs: one sync narrows the gap', () => {
    const oneSync = commits('rds-multi-az', '  log_syncs: 1');
    expect(oneSync.p50).toBeLessThan(0.6 * instance.p50);
    expect(oneSync.p50 / cluster.p50).toBeLessThan(0.75 * (instance.p50 / cluster.p50));
  });

  it('owes the cluster its speed to local NVMe: on EBS-like local storage its commits slow down', () => {
    const ebs = commits('rds-multi-az-cluster', '  local_storage_latency: { median: 600us, p99: 2ms }');
    expect(ebs.p50).toBeGreaterThan(cluster.p50 + 0.5);
  });
});
