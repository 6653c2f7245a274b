// A leader that steps down (its lease lapsed: two AZs dark) with records still being written to
// its disk, and is elected again once the AZs are back (the fault schedule of one swarm-dynamodb
// seed). The write completing after the step-down still counts as durable: the new term's
// opening record commits and the partition serves again.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { eventsOf, record, S } from './harness.fixture.ts';

const SEED_132 = `
name: dynamodb-step-down-mid-write
seed: 132
duration: 119s
warmup: 10s
settle: 30s
engine: { type: dynamodb, partitions: 4 }
workload:
  clients: 3
  rate: 50/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: strong
  keys: { count: 1000, distribution: uniform }
  value_size: 1KB
  timeout: 1s
  retry: { attempts: 3, backoff: 50ms, max_backoff: 2s }
faults:
  - { at: 52572ms, kind: az-outage, az: az-b, for: 6948ms }
  - { at: 64702ms, kind: az-outage, az: az-b, for: 19215ms }
  - { at: 72848ms, kind: az-outage, az: az-a, for: 5961ms }
`;

describe('dynamodb > step down', () => {
  it('serves again after re-election when a record it wrote as leader reached its disk after it stepped down', () => {
    const r = record(loadText(SEED_132));
    const healedUs = (64.702 + 19.215) * S;
    // Partition 1's leader in az-c stepped down at 76.5 s with records in flight and was re-elected.
    expect(eventsOf(r, 'stepped-down', 1).some((e) => e.node === 'p1-az-c')).toBe(true);
    const serving = eventsOf(r, 'leader', 1).filter((e) => e.timeUs > healedUs - 5 * S);
    expect(serving.length).toBeGreaterThan(0);
    // Every write of the last 20 s succeeds: partition 1 has a leader again.
    const late = r.rows.filter((row) => row.t_s >= 99);
    const writes = late.reduce((n, row) => n + row.writes, 0);
    expect(writes).toBeGreaterThan(100);
    expect(late.reduce((n, row) => n + row.writes_ok, 0)).toBe(writes);
  });

  it('a leader that stepped down no longer names itself as the leader it follows', () => {
    const r = record(loadText(SEED_132));
    const steppedDown = eventsOf(r, 'stepped-down');
    expect(steppedDown.length).toBeGreaterThan(0);
    // Its suspicion afterwards is of a leader it heard from, never of itself.
    const selfSuspected = eventsOf(r, 'leader-suspected').filter((e) => (e.detail ?? '').startsWith(`no word from ${e.node} `));
    expect(selfSuspected).toEqual([]);
  });
});

describe('dynamodb > step down > leader-suspected', () => {
  it('says how long the leader it knows has been silent, and "no leader known" when it knows none (never an absolute time, never itself)', () => {
    const r = record(loadText(SEED_132));
    const suspected = eventsOf(r, 'leader-suspected');
    expect(suspected.length).toBeGreaterThan(0);
    for (const e of suspected) {
      const d = e.detail ?? '';
      if (d === 'no leader known; asking peers') continue;
      const m = /^no word from (\S+) for (\d+) ms; asking peers$/.exec(d);
      expect(m, d).not.toBeNull();
      expect(m![1]).not.toBe(e.node);
      // A silence is measured from the last word heard, which came after the run began: it is
      // shorter than the time since then by at least the first heartbeat's delivery.
      expect(Number(m![2]) * 1000).toBeLessThan(e.timeUs - 1000);
    }
    // The deposed leader of partition 1 suspects with no leader known until it hears a new one.
    expect(suspected.some((e) => e.detail === 'no leader known; asking peers')).toBe(true);
  });
});
