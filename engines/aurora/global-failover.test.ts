// Aurora Global Database, unplanned: a region outage of the primary, then a failover to the
// secondary (detach and promote). The acknowledged writes still on the link are lost, so the RPO
// is the replication lag at that moment, and the secondary's own control plane promotes it while
// the primary region is out.
import { describe, expect, it } from 'vitest';
import { runGlobal } from './global-scenario.fixture.ts';

const OUTAGE_THEN_FAILOVER = `  - { kind: region-outage, at: 15s, region: us-east-1 }
  - { kind: failover, at: 20s, target: { role: replica, az: usw2-az1 } }`;

describe('aurora > global database > unplanned failover', () => {
  it('loses about the replication lag: the RPO is within 2x of the lag p99, over several seeds', () => {
    // Writers in the primary region only: rpo_s runs from a lost write's invocation, so a client
    // across the link would add its own round trip to the span.
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = runGlobal({ seed, clients: '{ us-east-1: 6 }', faults: OUTAGE_THEN_FAILOVER }).summary;
      const rpoMs = Number(s.rpo_s) * 1000;
      const lagP99Ms = Number(s.replication_lag_ms_p99);
      expect(Number(s.lost_writes), `seed ${seed}`).toBeGreaterThan(0);
      expect(rpoMs, `seed ${seed}`).toBeLessThanOrEqual(2 * lagP99Ms);
      expect(rpoMs, `seed ${seed}`).toBeGreaterThanOrEqual(lagP99Ms / 2);
    }
  });

  it('is carried out in the secondary region while the primary region is out: writes resume there within a minute of the decision', () => {
    const r = runGlobal({ faults: OUTAGE_THEN_FAILOVER });
    const failover = r.faultRows[1];
    expect(failover.kind).toBe('failover');
    expect(Number(failover.failover_s)).toBeGreaterThan(0);
    expect(Number(failover.failover_s)).toBeLessThan(60);
    // The outage began at 15 s and the operator decided at 20 s: the write outage ends after the promotion.
    expect(Number(r.summary.write_outage_s)).toBeGreaterThan(5);
    expect(Number(r.summary.write_outage_s)).toBeLessThan(5 + 60);
  });

  it('without the failover, the secondary stays read-only and writes stay out for the rest of the run', () => {
    const s = runGlobal({ faults: '  - { kind: region-outage, at: 15s, region: us-east-1 }' }).summary;
    expect(Number(s.write_outage_s)).toBeGreaterThan(20);
    expect(Number(s.availability_read)).toBeGreaterThan(0.5);
  });

  it('with allow_data_loss, a switchover promotes at once and loses at most about the lag', () => {
    const s = runGlobal({ faults: '  - { kind: switchover, at: 15s, target: { role: replica, az: usw2-az1 }, allow_data_loss: true }' }).summary;
    expect(Number(s.rpo_s) * 1000).toBeLessThanOrEqual(2 * Number(s.replication_lag_ms_p99));
    expect(Number(s.write_outage_s)).toBeLessThan(60);
  });
});
