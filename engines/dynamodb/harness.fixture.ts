// For tests only: runs a scenario and keeps what the DynamoDB tests look at: the summary, the
// event log, the time series, and per partition the writes and reads clients saw (from the
// history, the same record the measurement uses).

import { runScenario } from '../../scenarios/run.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import type { TimeseriesRow } from '../../reports/measure/timeseries.ts';
import type { SummaryRow } from '../../reports/summary-columns.ts';
import type { FaultSpec } from '../../sim/fault-spec.ts';
import { readOptions } from './options.ts';
import { partitionTable } from './key-hash.ts';

export interface PartitionOps {
  writes: number;
  writesOk: number;
  /** Invocation times (us) of the writes that succeeded. */
  okWriteTimes: number[];
  /** Operations whose last attempt was throttled. */
  throttled: number;
  reads: number;
  readsOk: number;
}

export interface Recorded {
  summary: SummaryRow;
  events: SimEvent[];
  rows: TimeseriesRow[];
  partitions: PartitionOps[];
}

export const S = 1_000_000;
export const MS = 1_000;

export function record(s: Scenario): Recorded {
  const opts = readOptions(s.engine.options, s.region.azs);
  const partitionOf = partitionTable(s.workload.keyCount, opts.partitions);
  const partitions: PartitionOps[] = Array.from({ length: opts.partitions }, () => ({ writes: 0, writesOk: 0, okWriteTimes: [], throttled: 0, reads: 0, readsOk: 0 }));
  const events: SimEvent[] = [];
  const rows: TimeseriesRow[] = [];
  const r = runScenario(s, {
    sinks: {
      event: (e) => events.push(e),
      timeseries: (row) => rows.push(row),
      history: (e) => {
        if (e.type === 'invoke') return;
        const p = partitions[partitionOf[e.op.keyIndex]];
        if (e.error === 'throttled') p.throttled++;
        if (e.op.kind === 'write') {
          p.writes++;
          if (e.type === 'ok') {
            p.writesOk++;
            p.okWriteTimes.push(e.op.invokeUs);
          }
        } else {
          p.reads++;
          if (e.type === 'ok') p.readsOk++;
        }
      },
    },
  });
  return { summary: r.summary, events, rows, partitions };
}

/** A copy of `s` with other faults, no expectations, and optionally another duration. */
export function withFaults(s: Scenario, faults: FaultSpec[], durationUs = s.durationUs): Scenario {
  return { ...s, faults, expect: [], durationUs };
}

/** Events of one kind (and partition, if given). */
export function eventsOf(rec: Recorded, kind: string, partition?: number): SimEvent[] {
  return rec.events.filter((e) => e.kind === kind && (partition === undefined || e.domain === `partition-${partition}`));
}

/** The longest gap (us) between successful writes invoked in [fromUs, toUs). */
export function longestGap(times: number[], fromUs: number, toUs: number): number {
  const t = times.filter((x) => x >= fromUs && x < toUs).sort((a, b) => a - b);
  let gap = t.length === 0 ? toUs - fromUs : t[0] - fromUs;
  for (let i = 1; i < t.length; i++) gap = Math.max(gap, t[i] - t[i - 1]);
  if (t.length > 0) gap = Math.max(gap, toUs - t[t.length - 1]);
  return gap;
}
