// The engine's runtime invariants: they hold on the bundled runs, a clock fault beyond the lease
// margin is reported as the lease breaking (an event, not a crash), and a leader that does not
// wait out the old lease is caught as two leaders at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBundled, withRate } from '../../test/bundled.ts';
import { SimInvariantError } from '../../sim/invariant.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { eventsOf, record, S } from './harness.fixture.ts';
import { Replica } from './replica.ts';
import { ReplicaLog, type LogRecord } from './replica-log.ts';
import { BurstingBucket, TokenBucket } from './token-bucket.ts';
import { checkLogMatch } from './safety-invariants.ts';

/** The bundled lease scenario, shortened, with the leader's clock jumping by `offsetUs`. */
function clockJump(offsetUs: number): Scenario {
  const s = withRate(loadBundled('dynamodb-clock-jump-breaks-lease', 1), 400);
  const faults = s.faults.map((f) => (f.kind === 'clock' ? { ...f, offsetUs } : f));
  return { ...s, faults, expect: [], durationUs: 60 * S };
}

function rec(index: number, term: number): LogRecord {
  return { index, term, keyIndex: 1, value: index, bytes: 100, commitUs: -1 };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('dynamodb > safety invariants', () => {
  it('a clock jump beyond the lease margin is reported as the lease breaking, and the run goes on', () => {
    const r = record(clockJump(-10 * S));
    expect(eventsOf(r, 'lease-overlap', 0).length).toBeGreaterThan(0);
    expect(eventsOf(r, 'lease-overlap', 1)).toEqual([]);
    expect(r.summary.stale_reads as number).toBeGreaterThan(0);
  });

  it('clocks drifting beyond the margin (a fault on the leader, or the whole region) never stop the run as a simulator bug', () => {
    const drifting = clockJump(0);
    const faults = drifting.faults.map((f) => (f.kind === 'clock' ? { ...f, offsetUs: 0, driftPpm: -100_000 } : f));
    expect(() => record({ ...drifting, faults })).not.toThrow();
    const region = { ...drifting.region, clocks: { maxOffsetUs: 1_000, maxDriftPpm: 100_000 } };
    expect(() => record({ ...drifting, region })).not.toThrow();
  });

  it('a clock jump within the margin never overlaps two leaders', () => {
    const r = record(clockJump(-200_000));
    expect(r.events.filter((e) => e.kind === 'lease-overlap')).toEqual([]);
  });

  it('a new leader that serves before the old lease ran out is caught as two leaders at once', () => {
    const becomeLeader = Replica.prototype.becomeLeader;
    vi.spyOn(Replica.prototype, 'becomeLeader').mockImplementation(function (this: Replica) {
      becomeLeader.call(this, -Infinity); // the broken mechanism: no wait for the voters' promises
    });
    let error: unknown = null;
    try {
      record(clockJump(0));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimInvariantError);
    expect(String(error)).toMatch(/two leaders of partition \d+ at once/);
  });

  it('a follower acknowledging a record the leader does not hold there is caught', () => {
    const leader = { role: 'leader', term: 2, name: 'p0-az-a', log: new ReplicaLog() } as unknown as Replica;
    const follower = { term: 2, name: 'p0-az-b', log: new ReplicaLog() } as unknown as Replica;
    leader.log.records.push(rec(1, 1), rec(2, 2));
    follower.log.records.push(leader.log.records[0], rec(2, 1));
    expect(() => checkLogMatch(follower, leader, 1)).not.toThrow();
    expect(() => checkLogMatch(follower, leader, 2)).toThrow(SimInvariantError);
  });

  it('applying beyond the commit index or truncating applied records is caught', () => {
    const log = new ReplicaLog();
    log.records.push(rec(1, 1), rec(2, 1));
    log.persisted = 2;
    log.commit = 1;
    log.applyNext();
    expect(() => log.applyNext()).toThrow(SimInvariantError);
    expect(() => log.truncate(0)).toThrow(SimInvariantError);
  });

  it('a token bucket never holds more than its capacity nor less than nothing', () => {
    const b = new TokenBucket(10, 10, 0);
    expect(b.take(10, 0)).toBe(true);
    expect(b.take(1, 0)).toBe(false);
    b.tokens = 11; // corrupted state, as a broken refill would leave it
    expect(() => b.take(0, 0)).toThrow(SimInvariantError);
    const burst = new BurstingBucket(10, 300 * S, 0);
    burst.burst = burst.burstCapacity + 1;
    expect(() => burst.take(1, 0)).toThrow(SimInvariantError);
  });
});
