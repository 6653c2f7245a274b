import { describe, expect, it } from 'vitest';
import { checkExpectations, compare, describeExpectation, type Comparator, type Expectation } from './expectations.ts';
import { SUMMARY_COLUMNS, type SummaryRow } from './summary-columns.ts';

function row(values: Partial<SummaryRow>): SummaryRow {
  const r = Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, null])) as SummaryRow;
  return { ...r, ...values };
}

const exp = (metric: string, comparator: Comparator, bound: number | boolean | string): Expectation => ({ metric, comparator, bound, line: 1 });
const oks = (r: SummaryRow, es: Expectation[]) => checkExpectations(r, es).map((x) => x.ok);

describe('reports', () => {
  describe('expectations', () => {
    it('compares with each comparator, exactly at the bound', () => {
      const table: [Comparator, boolean, boolean, boolean][] = [
        // comparator, value below, equal, above the bound
        ['<', true, false, false],
        ['<=', true, true, false],
        ['==', false, true, false],
        ['>=', false, true, true],
        ['>', false, false, true],
      ];
      for (const [c, below, equal, above] of table) {
        expect([compare(0.98, c, 0.99), compare(0.99, c, 0.99), compare(1, c, 0.99)], c).toEqual([below, equal, above]);
      }
    });

    it('checks each expectation against its summary column', () => {
      const r = row({ availability_write: 0.995, failover_s: 34.2, lost_writes: 0 });
      expect(oks(r, [exp('availability_write', '>=', 0.99), exp('failover_s', '<', 35), exp('lost_writes', '==', 0), exp('failover_s', '<=', 30)])).toEqual([true, true, true, false]);
      const [first] = checkExpectations(r, [exp('failover_s', '<=', 30)]);
      expect(first.value).toBe(34.2);
    });

    it('fails an expectation whose figure does not apply (null), whatever the comparator', () => {
      const r = row({ failover_s: null });
      for (const c of ['<', '<=', '==', '>=', '>'] as const) expect(oks(r, [exp('failover_s', c, 1e9)])).toEqual([false]);
      const [res] = checkExpectations(r, [exp('failover_s', '<', 35)]);
      expect(res.value).toBeNull();
      expect(describeExpectation(res)).toBe('failover_s = n/a (expected < 35)');
    });

    it('fails an expectation on a metric the row does not have', () => {
      expect(oks(row({}), [exp('no_such_metric', '>=', 0)])).toEqual([false]);
    });

    it('takes booleans for linearizable: equal passes, different, unknown or unchecked fails', () => {
      expect(oks(row({ linearizable: true }), [exp('linearizable', '==', true), exp('linearizable', '==', false)])).toEqual([true, false]);
      expect(oks(row({ linearizable: false }), [exp('linearizable', '==', false), exp('linearizable', '==', true)])).toEqual([true, false]);
      expect(oks(row({ linearizable: 'unknown' }), [exp('linearizable', '==', true), exp('linearizable', '==', false)])).toEqual([false, false]);
      expect(oks(row({ linearizable: null }), [exp('linearizable', '==', true)])).toEqual([false]);
    });

    it('takes a verdict for cap_during_partition: equal passes, another or none fails', () => {
      const bounds = [exp('cap_during_partition', '==', 'CP'), exp('cap_during_partition', '==', 'AP')];
      expect(oks(row({ cap_during_partition: 'CP' }), bounds)).toEqual([true, false]);
      expect(oks(row({ cap_during_partition: null }), bounds)).toEqual([false, false]);
    });

    it('never passes a numeric bound on a boolean or string figure', () => {
      expect(oks(row({ linearizable: true, cap_during_partition: 'CP' }), [exp('linearizable', '>=', 0), exp('cap_during_partition', '>=', 0)])).toEqual([false, false]);
    });

    it('describes a result with its value and bound', () => {
      const [res] = checkExpectations(row({ stale_reads: 3 }), [exp('stale_reads', '==', 0)]);
      expect(describeExpectation(res)).toBe('stale_reads = 3 (expected == 0)');
    });

    it("bounds one fault's figure by its index, and fails when that figure is empty", () => {
      const faults = [{ write_outage_s: 24.2, current_rto_s: 24.4 }, { write_outage_s: 86, current_rto_s: null }];
      const bound = (metric: string, fault: number): Expectation => ({ metric, comparator: '<=', bound: 35, line: 1, fault });
      const results = checkExpectations(row({ write_outage_s: 86 }), [bound('write_outage_s', 0), bound('write_outage_s', 1), bound('current_rto_s', 1)], faults);
      expect(results.map((r) => r.ok)).toEqual([true, false, false]);
      expect(describeExpectation(results[1])).toBe('faults[1].write_outage_s = 86 (expected <= 35)');
    });

    it("bounds one named workload's figure on that workload's row, and fails for a workload with no row", () => {
      const workloads = new Map([['web', { write_outage_s: 4.1 }], ['ingest', { write_outage_s: 19.7 }]]);
      const bound = (workload: string): Expectation => ({ metric: 'write_outage_s', comparator: '<=', bound: 10, line: 1, workload });
      const results = checkExpectations(row({ write_outage_s: 19.7 }), [bound('web'), bound('ingest'), bound('batch')], [], workloads);
      expect(results.map((r) => r.ok)).toEqual([true, false, false]);
      expect(describeExpectation(results[1])).toBe('workloads[ingest].write_outage_s = 19.7 (expected <= 10)');
    });
  });
});
