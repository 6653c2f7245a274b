// For tests only: runs a scenario and keeps what the Redis tests look at: the summary, the
// per-fault records, the event log, the time series, and per shard the write outages clients
// saw (computed from the history as the measurement does) and the lost writes' times.

import { runScenario, type RunResult } from '../../scenarios/run.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import type { TimeseriesRow } from '../../reports/measure/timeseries.ts';
import { WriteOutages, type OutageSpan } from '../../reports/measure/write-outage.ts';
import { readOptions } from './options.ts';
import { keyShardTable } from './slots.ts';

export const S = 1_000_000;
export const MS = 1_000;

export interface Recorded {
  result: RunResult;
  summary: RunResult['summary'];
  events: SimEvent[];
  rows: TimeseriesRow[];
  /** Longest write outage of each shard (us), from the history. */
  shardOutageUs: number[];
  /** Every write outage span. */
  spans: OutageSpan[];
  /** Acknowledged writes (value -> ack time) and failed or unknown ones, per shard. */
  writesOk: number[];
  writesFailed: number[];
  /** Failed or unknown operations by kind and final error ('write:oom', 'read:clusterdown', ...). */
  errors: Map<string, number>;
}

export function record(s: Scenario, opts: { check?: boolean } = {}): Recorded {
  const shards = readOptions(s.engine.options, s.region.azs).shards;
  const shardOf = keyShardTable(s.workload.keyCount, shards);
  const spans: OutageSpan[] = [];
  const outages = new WriteOutages((span) => spans.push(span));
  const pending = new Map<number, ReturnType<WriteOutages['invoked']>>();
  const events: SimEvent[] = [];
  const rows: TimeseriesRow[] = [];
  const writesOk = new Array<number>(shards).fill(0);
  const writesFailed = new Array<number>(shards).fill(0);
  const errors = new Map<string, number>();
  const result = runScenario(s, {
    checkLinearizability: opts.check ?? false,
    sinks: {
      event: (e) => events.push(e),
      timeseries: (row) => rows.push(row),
      history: (e) => {
        if (e.error !== undefined) errors.set(`${e.op.kind}:${e.error}`, (errors.get(`${e.op.kind}:${e.error}`) ?? 0) + 1);
        if (e.op.kind !== 'write' || e.op.invokeUs < s.warmupUs) return;
        const domain = `shard-${shardOf[e.op.keyIndex]}`;
        if (e.type === 'invoke') {
          pending.set(e.op.id, outages.invoked(domain, e.timeUs));
          return;
        }
        const p = pending.get(e.op.id)!;
        pending.delete(e.op.id);
        outages.completed(domain, p, e.type === 'ok');
        if (e.type === 'ok') writesOk[shardOf[e.op.keyIndex]]++;
        else writesFailed[shardOf[e.op.keyIndex]]++;
      },
    },
  });
  outages.finish(s.durationUs);
  const shardOutageUs = Array.from({ length: shards }, (_, i) => Math.max(0, ...spans.filter((x) => x.domain === `shard-${i}`).map((x) => x.endUs - x.startUs)));
  return { result, summary: result.summary, events, rows, shardOutageUs, spans, writesOk, writesFailed, errors };
}

/** How many failed or unknown operations of this kind ended with an error starting with `prefix`. */
export function errorCount(r: Recorded, kind: 'read' | 'write', prefix: string): number {
  let n = 0;
  for (const [k, v] of r.errors) if (k.startsWith(`${kind}:${prefix}`)) n += v;
  return n;
}

/** The sum of one time-series column. */
export function columnTotal(r: Recorded, column: string): number {
  return r.rows.reduce((sum, row) => sum + (Number((row as Record<string, unknown>)[column]) || 0), 0);
}

/** Events of one kind (optionally of one shard), in order. */
export function eventsOf(r: Recorded, kind: string, shard?: number): SimEvent[] {
  return r.events.filter((e) => e.kind === kind && (shard === undefined || e.domain === `shard-${shard}`));
}

/** Seconds from `fromUs` to the first event of this kind in the shard at or after it, or null. */
export function secondsTo(r: Recorded, kind: string, shard: number, fromUs: number): number | null {
  const e = eventsOf(r, kind, shard).find((x) => x.timeUs >= fromUs);
  return e === undefined ? null : (e.timeUs - fromUs) / S;
}
