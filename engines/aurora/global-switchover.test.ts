// Aurora Global Database, planned: a switchover stops the primary's writes, waits until the
// secondary holds every committed record, promotes it and demotes the old primary to a secondary
// fed from the new one. No acknowledged write is lost.
import { describe, expect, it } from 'vitest';
import { runGlobal } from './global-scenario.fixture.ts';

const SWITCHOVER = '  - { kind: switchover, at: 15s, target: { role: replica, az: usw2-az1 } }';

describe('aurora > global database > planned switchover', () => {
  it('loses no acknowledged write, over several seeds', () => {
    for (const seed of [1, 2, 3]) {
      const s = runGlobal({ seed, faults: SWITCHOVER }).summary;
      expect(Number(s.lost_writes), `seed ${seed}`).toBe(0);
      expect(Number(s.rpo_s), `seed ${seed}`).toBe(0);
    }
  });

  it('keeps a history of strong reads and writes linearizable across the switch', () => {
    const r = runGlobal({ faults: SWITCHOVER, readConsistency: 'strong' });
    expect(r.summary.linearizable).toBe(true);
    expect(Number(r.summary.lost_writes)).toBe(0);
  });

  it('refuses writes only for the switchover (well under AWS\'s minute), then takes them in the new primary region', () => {
    const r = runGlobal({ faults: SWITCHOVER });
    const outage = Number(r.summary.write_outage_s);
    expect(outage).toBeGreaterThan(1);
    expect(outage).toBeLessThan(60);
    expect(Number(r.faultRows[0].failover_s)).toBeGreaterThan(0);
  });

  it('demotes the old primary to a secondary: its clients\' reads stay stale by about the lag, not by the time since the switch', () => {
    // Clients in us-east-1 only: they read the old primary's instances, which follow the new primary.
    const s = runGlobal({ faults: SWITCHOVER, clients: '{ us-east-1: 4 }' }).summary;
    expect(Number(s.lost_writes)).toBe(0);
    expect(Number(s.staleness_ms_p99)).toBeLessThan(1000);
  });

  it('aborts when the primary writer cannot be told to stop; a later failover with data loss stops that writer once it hears, losing little', () => {
    // The writer is cut off from its control plane from 10 s to 30 s: the switchover at 15 s aborts,
    // the failover at 32 s promotes the secondary and tells the old writer to step down.
    const faults = `  - { kind: partition, at: 10s, sides: [[instance-1], [control-plane]], for: 20s }
  - { kind: switchover, at: 15s, target: { role: replica, az: usw2-az1 } }
  - { kind: switchover, at: 32s, target: { role: replica, az: usw2-az1 }, allow_data_loss: true }`;
    const r = runGlobal({ faults });
    // Writes go on at the primary until the failover: only the lag's worth, and what the old
    // writer took until its step-down arrived, is lost (not everything written after it).
    expect(Number(r.summary.lost_writes)).toBeGreaterThan(0);
    expect(Number(r.summary.rpo_s)).toBeLessThan(1);
    expect(Number(r.faultRows[2].failover_s)).toBeLessThan(60);
  });
});
