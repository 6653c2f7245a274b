// A follower cut off from a healthy leader asks its peers before standing for election
// (REFERENCE-FIGURES.md C #40), so it does not depose the leader.
import { describe, expect, it } from 'vitest';
import { loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import { eventsOf, longestGap, record, S } from './harness.fixture.ts';

const CUT_US = 40 * S;

function run(seed: number, leaderCheck: boolean) {
  const s = withRate(withOptions(loadBundled('dynamodb-gray-failure', seed), { leader_check: leaderCheck }), 300);
  return record({ ...s, expect: [], durationUs: 80 * S });
}

describe('dynamodb > gray failure', () => {
  it('a follower cut off from the leader alone asks its peers and drops the election', () => {
    for (const seed of [1, 2]) {
      const r = run(seed, true);
      expect(eventsOf(r, 'leader-suspected', 0).length).toBeGreaterThan(5);
      expect(eventsOf(r, 'election-abandoned', 0).length).toBeGreaterThan(5);
      expect(eventsOf(r, 'election-started', 0)).toEqual([]);
      expect(r.partitions[0].writesOk).toBe(r.partitions[0].writes);
      expect(r.summary.write_outage_s).toBe(0);
    }
  });

  it('without the leader check the same cut deposes the healthy leader, again and again', () => {
    for (const seed of [1, 2]) {
      const r = run(seed, false);
      expect(eventsOf(r, 'election-started', 0).length).toBeGreaterThan(1);
      expect(eventsOf(r, 'stepped-down', 0).length).toBeGreaterThan(0);
      expect(longestGap(r.partitions[0].okWriteTimes, CUT_US, CUT_US + 30 * S)).toBeGreaterThan(2 * S);
    }
  });
});
