import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import { FLOW_CONTROL_MIN_DELAY_US, FlowControl } from './flow-control.ts';

/** A cluster whose readers apply about 1,000 writes/s while 12 callers commit about 2,400/s. */
function overloaded(targetLag: string): string {
  return `
name: flow-control-${targetLag}
duration: 40s
warmup: 2s
settle: 5s
engine:
  type: rds-multi-az-cluster
  replica_apply: { exponential: 1ms }
  flow_control_target_lag: ${targetLag}
workload:
  clients: 12
  concurrency: 12
  mix: { write: 1 }
  keys: { count: 10000, distribution: uniform }
  value_size: 512B
  timeout: 1s
`;
}

describe('rds > cluster > flow control', () => {
  const off = runScenario(loadText(overloaded('86400s'))).summary;
  const events: SimEvent[] = [];
  const on = runScenario(loadText(overloaded('5s')), { sinks: { event: (e) => events.push(e) } });

  it('lets the lag grow for as long as the overload lasts when it is off', () => {
    expect(off.replication_lag_ms_max as number).toBeGreaterThan(20_000);
  });

  it('holds the lag near its target with the writer throughput reduced', () => {
    const lag = on.summary.replication_lag_ms_max as number;
    expect(lag).toBeGreaterThan(4_000);
    expect(lag).toBeLessThan(6_000);
    // The writer commits what the readers apply (about 1,000/s), not what the callers offer.
    expect(on.summary.throughput_ops_s as number).toBeLessThan(0.5 * (off.throughput_ops_s as number));
    expect(on.summary.ops_unknown).toBe(0);
    expect(on.summary.lost_writes).toBe(0);
  });

  it('says when it starts delaying commits, and names the lagging reader', () => {
    const starts = events.filter((e) => e.kind === 'flow-control-on');
    expect(starts.length).toBeGreaterThan(0);
    expect(starts[0].detail).toMatch(/db-[23] lags/);
  });

  it('delays each commit so the sessions commit a little less than the reader applies, then releases', () => {
    const fc = new FlowControl(5e6, 8);
    expect(fc.update(4e6, 1000)).toBeNull();
    expect(fc.delayUs).toBe(0);
    expect(fc.update(6e6, 1000)).toBe('engaged');
    // 8 sessions at one write per delay: 8 / delay = 0.9 x 1,000 writes/s.
    expect(fc.delayUs).toBe(Math.round(8e6 / 900));
    // Still above the target: never shorter than it was, even if the reader seems faster.
    expect(fc.update(6e6, 2000)).toBeNull();
    expect(fc.delayUs).toBe(Math.round(8e6 / 900));
    let change = null;
    for (let i = 0; i < 100 && change === null; i++) change = fc.update(4e6, 1000);
    expect(change).toBe('released');
    expect(fc.delayUs).toBe(0);
    expect(FLOW_CONTROL_MIN_DELAY_US).toBeGreaterThan(0);
  });
});
