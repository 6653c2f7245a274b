import { describe, expect, it } from 'vitest';
import type { Expectation } from '../../reports/expectations.ts';
import type { Row } from './run-folder.ts';
import { expectationsOf } from './summary-expectations.ts';

const bound = (metric: string, comparator: Expectation['comparator'], b: number, where: Partial<Expectation> = {}): Expectation => ({ metric, comparator, bound: b, line: 1, ...where });

describe('report', () => {
  describe('expectations read back', () => {
    it("judges the run's row, a fault's faults.csv row and a named workload's summary row, as the run did", () => {
      const rows: Row[] = [
        { scenario: 'two', write_outage_s: 6.03, linearizable: 'true' },
        { scenario: 'two/web', write_outage_s: 12.15 },
        { scenario: 'two/ingest', write_outage_s: 6.03 },
      ];
      const faults = [{ fault: 0, write_outage_s: 6.03 }];
      const results = expectationsOf(rows, [bound('write_outage_s', '<=', 10), bound('write_outage_s', '<=', 10, { workload: 'web' }), bound('write_outage_s', '<=', 10, { workload: 'ingest' }), bound('write_outage_s', '<=', 5, { fault: 0 })], faults);
      expect(results.map((r) => [r.value, r.ok])).toEqual([
        [6.03, true],
        [12.15, false],
        [6.03, true],
        [6.03, false],
      ]);
    });
  });
});
