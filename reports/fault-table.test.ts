import { describe, expect, it } from 'vitest';
import { FAULT_COLUMNS, faultRows } from './fault-table.ts';
import { csvRows } from './csv.ts';
import type { FaultRecord } from './measure/fault-timeline.ts';
import type { PartitionRecord } from './measure/partitions.ts';

const fault = (f: Partial<FaultRecord>): FaultRecord => ({
  index: 0,
  detail: 'crash writer',
  kind: 'crash',
  startUs: 10_000_000,
  endUs: 20_000_000,
  detectionUs: null,
  failoverUs: null,
  longestOutageUs: null,
  staleReads: 0,
  lostWrites: 0,
  lostFromUs: null,
  lostToUs: null,
  ...f,
});

describe('reports', () => {
  describe('fault table', () => {
    it('writes one row per fault with its times in seconds and rpo as the span of its lost writes', () => {
      const rows = faultRows([fault({ detectionUs: 2_500_000, failoverUs: 31_000_000, longestOutageUs: 33_250_000, lostWrites: 2, lostFromUs: 9_000_000, lostToUs: 9_750_000, staleReads: 4 })], []);
      expect(rows).toEqual([
        { fault: 0, kind: 'crash', detail: 'crash writer', start_s: 10, end_s: 20, detection_s: 2.5, failover_s: 31, write_outage_s: 33.25, lost_writes: 2, rpo_s: 0.75, stale_reads: 4, availability_by_side: null, cap_during_partition: null },
      ]);
    });

    it('leaves figures that did not happen empty (end, detection, failover, outage) and rpo 0 without lost writes', () => {
      const [row] = faultRows([fault({ endUs: null })], []);
      expect([row.end_s, row.detection_s, row.failover_s, row.write_outage_s, row.lost_writes, row.rpo_s]).toEqual([null, null, null, null, 0, 0]);
      expect(csvRows(FAULT_COLUMNS, [row])).toBe('0,crash,crash writer,10,,,,,0,0,0,,\n');
    });

    it('gives a partition its availability per side and its CAP verdict', () => {
      const p: PartitionRecord = { fault: 1, startUs: 5_000_000, endUs: 8_000_000, invoked: [3, 4, 0], ok: [1, 4, 0], staleStrongReads: 0, lostWrites: 0, linearizabilityViolation: false };
      const rows = faultRows([fault({ index: 1, kind: 'partition', detail: 'partition [a] | [b] | [c]', startUs: 5_000_000, endUs: 8_000_000 })], [p]);
      expect(rows[0].availability_by_side).toBe('a:0.333333|b:1|c:n/a');
      expect(rows[0].cap_during_partition).toBe('CP');
    });
  });
});
