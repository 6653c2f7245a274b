// The Multi-AZ instance's mirrored log syncs (log-syncs.ts) under faults of the standby's links:
// a lost message costs a retry; a dead standby costs the standby timeout, then the writer goes on
// alone; nothing acknowledged is lost either way.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import type { SimEvent } from '../../sim/event-log.ts';

function multiAz(name: string, fault: string): { events: SimEvent[]; summary: Record<string, unknown> } {
  const events: SimEvent[] = [];
  const summary = runScenario(
    loadText(`
name: mirror-${name}
duration: 60s
warmup: 2s
settle: 10s
engine:
  type: rds-multi-az
workload:
  clients: 3
  rate: 300/s
  mix: { write: 1 }
  keys: { count: 1000, distribution: uniform }
  timeout: 1s
  retry: { attempts: 3, backoff: 50ms, max_backoff: 2s }
faults:
  - ${fault}
`),
    { sinks: { event: (e) => events.push(e) } },
  ).summary;
  return { events, summary };
}

describe('rds > multi-az > mirrored log syncs', () => {
  it('lose a message to the standby at the cost of a retry, keeping the standby in sync', () => {
    const { events, summary } = multiAz('loss', '{ at: 10s, kind: loss, between: [[db-1], [db-2]], probability: 0.05, for: 20s }');
    expect(events.filter((e) => e.kind === 'replication-asynchronous')).toEqual([]);
    // A lost sync holds the commits behind it for a retransmission (10 ms) or a few, not for the
    // 10 s standby timeout.
    expect(summary.write_latency_ms_max as number).toBeLessThan(500);
    expect(summary.lost_writes).toBe(0);
  });

  it('stall commits for the standby timeout when the standby dies, then commit alone', () => {
    const { events, summary } = multiAz('crash', '{ at: 10s, kind: crash, target: { role: standby }, for: 30s }');
    const async = events.filter((e) => e.kind === 'replication-asynchronous');
    expect(async.map((e) => e.node)).toEqual(['db-2']);
    // The oldest unanswered sync was sent just before the crash.
    expect(async[0].timeUs - 10e6).toBeGreaterThanOrEqual(9.5e6);
    expect(async[0].timeUs - 10e6).toBeLessThan(11e6);
    expect(summary.lost_writes).toBe(0);
    expect(summary.availability_write as number).toBeGreaterThan(0.7);
  });
});
