// Which charts a run's report draws, from which timeseries.csv columns: throughput by outcome,
// availability, latency, replication lag, stale reads, throttling, network traffic and the
// engine's own counters (every column after the standard ones). A chart whose series have no
// figure at all is left out and named in a note, so every chart drawn has marks.
// Leaves out availability per failure domain and lag per replica: timeseries.csv has no such
// columns yet (the per-fault table gives availability by side for partitions).

import { TIMESERIES_COLUMNS } from '../../reports/timeseries-columns.ts';
import { downsample, type Aggregate } from './downsample.ts';
import type { Row, Table } from './run-folder.ts';
import { type FaultWindow, type Series, type TimeChart } from './time-chart.ts';
import { timeChartVega } from './vega-time-chart.ts';
import type { VegaLiteSpec } from './vega-svg.ts';

/** Points per chart at most: a 10-hour run at 1 s intervals still draws in under 1 MB per chart. */
export const MAX_POINTS = 1200;

export interface ChartPlan {
  id: string;
  spec: VegaLiteSpec;
}

interface Want {
  id: string;
  title: string;
  yTitle: string;
  series: Series[];
  how: Aggregate;
  style?: TimeChart['style'];
  yScale?: TimeChart['yScale'];
  /** Whether all-zero series still make a chart (a flat availability of 1 says something). */
  zeroIsNews?: boolean;
}

const s = (field: string, label: string): Series => ({ field, label });

/** The interval of the series, seconds (the gap between the first two rows; 1 for a single row). */
export function intervalS(rows: readonly Row[]): number {
  const a = rows[0]?.t_s;
  const b = rows[1]?.t_s;
  return typeof a === 'number' && typeof b === 'number' && b > a ? b - a : 1;
}

/** Per-second rates of the throughput chart, derived from the counts of each interval. */
function withRates(rows: readonly Row[], perS: number): Row[] {
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return rows.map((r) => {
    const ok = n(r.reads_ok) + n(r.writes_ok);
    const invoked = n(r.reads) + n(r.writes);
    const unknown = typeof r.ops_unknown === 'number' ? r.ops_unknown : null;
    const failed = typeof r.ops_failed === 'number' ? r.ops_failed : unknown === null ? invoked - ok : null;
    return {
      ...r,
      rate_ok: ok / perS,
      rate_failed: failed === null ? null : failed / perS,
      rate_unknown: unknown === null ? null : unknown / perS,
      mb_s: n(r.network_bytes) / perS / 1e6,
      mb_s_cross: n(r.network_bytes_cross_az) / perS / 1e6,
    };
  });
}

function wants(t: Table): Want[] {
  const hasUnknown = t.columns.includes('ops_unknown');
  const counters = t.columns.filter((c) => !TIMESERIES_COLUMNS.includes(c) && !['phase', 'ops_failed', 'ops_unknown'].includes(c));
  return [
    {
      id: 'throughput',
      title: 'Throughput by outcome',
      yTitle: 'operations/s',
      series: hasUnknown ? [s('rate_ok', 'ok'), s('rate_failed', 'failed'), s('rate_unknown', 'unknown')] : [s('rate_ok', 'ok'), s('rate_failed', 'failed or unknown')],
      how: 'mean',
      style: 'stacked-area',
      zeroIsNews: true,
    },
    { id: 'availability', title: 'Availability', yTitle: 'ok / invoked', series: [s('availability_read', 'reads'), s('availability_write', 'writes')], how: 'min', zeroIsNews: true },
    {
      id: 'latency',
      title: 'Latency of successful operations',
      yTitle: 'ms (symlog)',
      series: [s('read_latency_ms_p50', 'read p50'), s('read_latency_ms_p99', 'read p99'), s('write_latency_ms_p50', 'write p50'), s('write_latency_ms_p99', 'write p99')],
      how: 'max',
      yScale: 'symlog',
    },
    { id: 'replication-lag', title: 'Replication lag (all followers)', yTitle: 'ms (symlog)', series: [s('replication_lag_ms_p50', 'p50'), s('replication_lag_ms_p99', 'p99'), s('replication_lag_ms_max', 'max')], how: 'max', yScale: 'symlog' },
    { id: 'stale-reads', title: 'Stale reads', yTitle: 'reads per interval', series: [s('stale_reads', 'stale reads')], how: 'mean' },
    { id: 'throttled', title: 'Throttled requests', yTitle: 'per interval', series: [s('throttled', 'throttled')], how: 'mean' },
    { id: 'network', title: 'Network traffic', yTitle: 'MB/s', series: [s('mb_s', 'all'), s('mb_s_cross', 'cross-AZ')], how: 'mean', zeroIsNews: true },
    ...(counters.length === 0 ? [] : [{ id: 'engine-counters', title: "The engine's own counters", yTitle: 'per interval', series: counters.map((c) => s(c, c)), how: 'mean' as const }]),
  ];
}

function hasFigure(rows: readonly Row[], series: readonly Series[], zeroIsNews: boolean): boolean {
  return rows.some((r) => series.some((x) => typeof r[x.field] === 'number' && (zeroIsNews || r[x.field] !== 0)));
}

export interface RunCharts {
  charts: ChartPlan[];
  /** Charts left out, in words (`no stale reads`). */
  omitted: string[];
  /** Intervals per point; 1 when the series were short enough. */
  factor: number;
}

export function runCharts(t: Table, faults: readonly FaultWindow[], endS: number, maxPoints = MAX_POINTS): RunCharts {
  const perS = intervalS(t.rows);
  const rows = withRates(t.rows, perS);
  const charts: ChartPlan[] = [];
  const omitted: string[] = [];
  let factor = 1;
  for (const w of wants(t)) {
    const present = w.series.filter((x) => hasFigure(rows, [x], w.zeroIsNews === true));
    if (present.length === 0) {
      omitted.push(`${w.title.toLowerCase()}: none in this run`);
      continue;
    }
    const d = downsample(rows, 't_s', Object.fromEntries(w.series.map((x) => [x.field, w.how])), maxPoints);
    factor = d.factor;
    const subtitle = d.factor === 1 ? `one point per ${perS} s interval` : `one point per ${d.factor * perS} s (${w.how} of ${d.factor} intervals)`;
    charts.push({
      id: w.id,
      spec: timeChartVega({ title: w.title, subtitle, yTitle: w.yTitle, rows: d.rows, timeField: 't_s', series: w.zeroIsNews === true ? w.series : present, faults, endS, style: w.style ?? 'line', yScale: w.yScale }),
    });
  }
  return { charts, omitted, factor };
}
