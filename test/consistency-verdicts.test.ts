// Issue 6's claims on the engines: what the linearizability check and the CAP verdict say about
// the bundled scenarios, judged from the client history alone.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run.ts';
import { loadBundled, withRate } from './bundled.ts';

const run = (name: string, rate?: number) => {
  const s = loadBundled(name);
  return runScenario(rate === undefined ? s : withRate(s, rate));
};

describe('consistency verdicts', () => {
  it('finds DynamoDB strong reads and writes linearizable', () => {
    expect(run('dynamodb-strong-reads').summary.linearizable).toBe(true);
  });

  it('finds DynamoDB eventual reads under lag not linearizable, and shows the stale read', () => {
    const r = run('dynamodb-eventual-reads');
    expect(r.summary.linearizable).toBe(false);
    expect(r.violation).toMatch(/not linearizable/);
    expect(r.violation).toMatch(/read -> /);
  });

  it('finds the RDS Multi-AZ and Aurora failovers linearizable', () => {
    for (const name of ['rds-multi-az-writer-crash', 'rds-cluster-writer-crash', 'aurora-writer-crash', 'aurora-az-outage']) {
      expect(run(name, 300).summary.linearizable, name).toBe(true);
    }
  });

  it('calls RDS Multi-AZ, the DB cluster and Aurora CP when an AZ is partitioned away', () => {
    for (const name of ['rds-multi-az-az-partition', 'rds-cluster-az-partition', 'aurora-az-partition']) {
      const r = run(name);
      expect(r.summary.cap_during_partition, name).toBe('CP');
      expect(r.summary.linearizable, name).toBe(true);
      const sides = String(r.faultRows[0].availability_by_side).split('|').map((side) => Number(side.slice(side.lastIndexOf(':') + 1)));
      expect(Math.min(...sides), name).toBeLessThan(0.5);
    }
  });

  it('calls a DynamoDB leader whose clock lies about its lease neither C nor A', () => {
    const r = run('dynamodb-clock-jump-breaks-lease');
    expect(r.summary.linearizable).toBe(false);
    expect(r.summary.cap_during_partition).toBe('neither');
  });

  it('finds a Redis partition longer than node_timeout not linearizable and neither C nor A, and a shorter one CP', () => {
    const long = run('redis-minority-partition-long');
    expect(long.summary.linearizable).toBe(false);
    expect(long.summary.cap_during_partition).toBe('neither');
    expect(long.summary.lost_writes as number).toBeGreaterThan(0);
    const short = run('redis-minority-partition-short');
    expect(short.summary.lost_writes).toBe(0);
    expect(short.summary.linearizable).toBe(true);
  });
});
