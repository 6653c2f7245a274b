// faults.csv: one row per injected fault, the table a design review reads as measured RTO and
// RPO per disruption: when it started and ended, detection and failover times, the longest write
// outage that overlapped it, the acknowledged writes it lost and the time they span, the stale
// reads while it lasted, and for partitions the availability on each side and the CAP verdict.

import type { FaultRecord } from './measure/fault-timeline.ts';
import { availabilityBySide, verdict, type PartitionRecord } from './measure/partitions.ts';
import { formatCell } from './format-number.ts';

export const FAULT_COLUMNS = [
  'fault',
  'kind',
  'detail',
  'start_s',
  'end_s',
  'detection_s',
  'failover_s',
  'write_outage_s',
  'lost_writes',
  'rpo_s',
  'stale_reads',
  'availability_by_side',
  'cap_during_partition',
] as const;

/** The figures of a fault `expect: { faults: [...] }` may bound. */
export const FAULT_FIGURES = ['detection_s', 'failover_s', 'write_outage_s', 'lost_writes', 'rpo_s', 'stale_reads', 'current_rto_s', 'current_rpo_s'] as const;

const s = (us: number | null) => (us === null ? null : us / 1e6);

/**
 * `az-a:0.134315|az-b+az-c:0.934939`: each side named by what the scenario put on it (the
 * bracketed sides of the fault's description, names joined by `+`), then its availability (`n/a`
 * when none of its clients invoked anything). Sides the description does not name are `side-<i>`.
 */
export function namedAvailability(detail: string, bySide: readonly (number | null)[]): string {
  const names = [...detail.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1].trim().split(/\s+/).join('+'));
  return bySide.map((a, i) => `${names[i] ?? `side-${i}`}:${a === null ? 'n/a' : formatCell(a)}`).join('|');
}

export function faultRows(faults: readonly FaultRecord[], partitions: readonly PartitionRecord[]): Record<string, unknown>[] {
  return faults.map((f) => {
    const p = partitions.find((x) => x.fault === f.index && x.startUs === f.startUs);
    return {
      fault: f.index,
      kind: f.kind,
      detail: f.detail,
      start_s: s(f.startUs),
      end_s: s(f.endUs),
      detection_s: s(f.detectionUs),
      failover_s: s(f.failoverUs),
      write_outage_s: s(f.longestOutageUs),
      lost_writes: f.lostWrites,
      rpo_s: f.lostFromUs === null || f.lostToUs === null ? 0 : s(f.lostToUs - f.lostFromUs),
      stale_reads: f.staleReads,
      availability_by_side: p === undefined ? null : namedAvailability(f.detail, availabilityBySide(p)),
      cap_during_partition: p === undefined ? null : verdict(p),
    };
  });
}
