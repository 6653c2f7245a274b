// The log checkpoint drops records without changing what a run shows: every output of the RDS
// scenarios (summary, faults, time series, history, events) is the same with records dropped as
// soon as they may be as with none dropped, while the log and the measurement hold a window.
import { afterEach, describe, expect, it } from 'vitest';
import { loadBundled, withOptions } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { runText } from '../../test/run-text.ts';
import { checkpointTuning } from './log-checkpoint.ts';

const DEFAULT_MIN = checkpointTuning.minRecords;
afterEach(() => {
  checkpointTuning.minRecords = DEFAULT_MIN;
});

function outputs(s: Scenario, minRecords: number): { text: string; dropped: number } {
  checkpointTuning.minRecords = minRecords;
  const before = checkpointTuning.droppedRecords;
  const text = runText(s);
  return { text, dropped: checkpointTuning.droppedRecords - before };
}

/** A bundled scenario, shorter and lighter, with the redo checkpoint every 2 s so records may go within seconds. */
function often(name: string, durationS: number, ratePerS: number): Scenario {
  const s = withOptions(loadBundled(name), { checkpoint_interval: 2e6 });
  return { ...s, durationUs: durationS * 1e6, workload: { ...s.workload, load: { kind: 'open', ratePerS } } };
}

describe('rds > log checkpoint', () => {
  const cases: [string, number, number][] = [
    ['rds-multi-az-writer-crash', 130, 300],
    ['rds-cluster-writer-crash', 90, 300],
    ['rds-multi-az-az-partition', 110, 300],
    ['rds-read-replica-lag', 20, 1500],
    ['rds-single-az-crash', 80, 300],
  ];
  for (const [name, durationS, ratePerS] of cases) {
    it(`drops records in ${name} and every output stays the same`, () => {
      const s = often(name, durationS, ratePerS);
      const kept = outputs(s, Infinity);
      const dropped = outputs(s, 8);
      expect(kept.dropped).toBe(0);
      expect(dropped.dropped).toBeGreaterThan(1000);
      expect(dropped.text === kept.text).toBe(true);
    });
  }
});
