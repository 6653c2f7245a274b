// The log trim drops records without changing what a run shows: every output of the DynamoDB
// scenarios (summary, faults, time series, history, events) is the same with records dropped as
// soon as every replica of the group applied them as with none dropped, crashes, an AZ outage, a
// gray failure and two replicas down with a log replica (replicas down or catching up) included.
import { afterEach, describe, expect, it } from 'vitest';
import { shorterBundled } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { runTextTrimmed } from '../../test/run-text.ts';
import { logTrimTuning } from './log-trim.ts';

const DEFAULT_MIN = logTrimTuning.minRecords;
afterEach(() => {
  logTrimTuning.minRecords = DEFAULT_MIN;
});

const outputs = (s: Scenario, minRecords: number) => runTextTrimmed(s, logTrimTuning, minRecords);

const shorter = shorterBundled;

describe('dynamodb > log trim', () => {
  const cases: [string, number, number][] = [
    ['dynamodb-leader-crash', 75, 200],
    ['dynamodb-az-outage', 170, 200],
    ['dynamodb-gray-failure', 80, 300],
    ['dynamodb-clock-jump-breaks-lease', 80, 300],
    // A log replica stands in while two replicas are down: the leader ships to it above the base.
    ['dynamodb-two-replicas-down', 75, 200],
  ];
  for (const [name, durationS, ratePerS] of cases) {
    it(`drops records in ${name} and every output stays the same`, () => {
      const s = shorter(name, durationS, ratePerS);
      const kept = outputs(s, Infinity);
      const dropped = outputs(s, 8);
      expect(kept.dropped).toBe(0);
      expect(dropped.dropped).toBeGreaterThan(1000);
      expect(dropped.text === kept.text).toBe(true);
    });
  }
});
