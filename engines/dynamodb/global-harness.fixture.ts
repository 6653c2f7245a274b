// For the global table tests only: runs a scenario and keeps what they check against the engine's
// own figures: every acknowledged write (value, key, the client's region), the time-series rows,
// the summary, and after the run each region's copy of every key (the values its authoritative
// log holds, in order, and the value it ends with).

import { runScenario } from '../../scenarios/run.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { TimeseriesRow } from '../../reports/measure/timeseries.ts';
import type { SummaryRow } from '../../reports/summary-columns.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import type { HistoryEvent } from '../../sim/history.ts';
import { regionOfAz } from '../../sim/regions.ts';
import type { Engine } from '../engine.ts';
import { DynamoTable } from './table.ts';

export interface AckedWrite {
  value: number;
  keyIndex: number;
  region: string;
  invokeUs: number;
}

export interface GlobalRun {
  summary: SummaryRow;
  rows: TimeseriesRow[];
  events: SimEvent[];
  acked: AckedWrite[];
  /** Failed writes by error, per client region. */
  failed: Map<string, Map<string, number>>;
  /** Per region (home first): per key, the values its copy's log holds. */
  logs: Map<number, Set<number>>[];
  /** Per region: per key, the value its copy ends with. */
  finals: Map<number, number | null>[];
  regions: string[];
  /** The run's own per-run figure (RunResult.conflictsLost: summary.csv's conflicts_lost). */
  conflictsLost: number | null;
  /** Per region: replicated writes committed there, and their mean and largest lag (us). */
  lags: Map<string, { writes: number; sumUs: number; maxUs: number }>;
}

/** The sum of a counter column over the run. */
export function columnSum(rows: readonly TimeseriesRow[], column: string): number {
  let n = 0;
  for (const r of rows) n += Number((r as Record<string, unknown>)[column] ?? 0) || 0;
  return n;
}

export function recordGlobal(s: Scenario): GlobalRun {
  let engine: Engine | null = null;
  const acked: AckedWrite[] = [];
  const failed = new Map<string, Map<string, number>>();
  const rows: TimeseriesRow[] = [];
  const events: SimEvent[] = [];
  const clientAz: string[] = [];
  const regionOfClient = (name: string) => regionOfAz(s.region, clientAz[Number(name.slice('client-'.length)) - 1]) ?? '';
  for (const p of s.workload.clients) for (let i = 0; i < p.count; i++) clientAz.push(p.az);
  const r = runScenario(s, {
    sinks: {
      engine: (e) => (engine = e),
      timeseries: (row) => rows.push(row),
      event: (e) => events.push(e),
      history: (e: HistoryEvent, client: string) => {
        if (e.op.kind !== 'write' || e.type === 'invoke') return;
        const region = regionOfClient(client);
        if (e.type === 'ok') return void acked.push({ value: e.op.value!, keyIndex: e.op.keyIndex, region, invokeUs: e.op.invokeUs });
        const byError = failed.get(region) ?? new Map<string, number>();
        byError.set(e.error ?? '?', (byError.get(e.error ?? '?') ?? 0) + 1);
        failed.set(region, byError);
      },
    },
  });
  const table = engine as unknown as DynamoTable;
  if (!(table instanceof DynamoTable)) throw new Error('not a DynamoDB table');
  const logs = table.copies.map((c) => {
    const out = new Map<number, Set<number>>();
    c.partitions.forEach((_, p) => {
      for (const [k, values] of c.durableValues(p)) out.set(k, new Set(values));
    });
    return out;
  });
  const finals = table.copies.map((c) => {
    const out = new Map<number, number | null>();
    for (let k = 0; k < s.workload.keyCount; k++) out.set(k, c.authoritative(table.partitionOf(k)).log.read(k));
    return out;
  });
  return { summary: r.summary, rows, events, acked, failed, logs, finals, regions: table.copies.map((c) => c.parts.region), conflictsLost: r.conflictsLost, lags: table.global!.lagByRegion };
}

export { regionsYaml } from '../../test/regions.ts';
