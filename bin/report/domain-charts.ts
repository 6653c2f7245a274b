// The report's charts by failure domain and by replica, from the per-interval figures the run
// keeps in memory (reports/measure/timeseries-domains.ts): availability of each domain (shard,
// partition, writer) and the largest replication lag each replica reported. Drawn by `faultline
// run` only: the figures are not in timeseries.csv, so `faultline report` on a folder has none.
// At most MAX_LINES lines per chart, the worst first (lowest availability, largest lag), so a
// table of 100 partitions stays readable; the subtitle says how many were left out.

import type { DomainRow } from '../../reports/measure/timeseries-domains.ts';
import { downsample, type Aggregate } from './downsample.ts';
import type { ChartPlan } from './run-charts.ts';
import type { Row } from './run-folder.ts';
import { timeChartVega } from './vega-time-chart.ts';
import { type FaultWindow } from './time-chart.ts';

export const MAX_LINES = 8;

interface DomainWant {
  id: string;
  title: string;
  yTitle: string;
  pick: (r: DomainRow) => Record<string, number>;
  how: Aggregate;
  /** Orders the names worst first from each one's figures. */
  worst: (values: number[]) => number;
  /** Fewest names for the chart to say more than the run-wide one. */
  minNames: number;
  yScale?: 'symlog';
}

const WANTS: readonly DomainWant[] = [
  { id: 'availability-by-domain', title: 'Availability per failure domain', yTitle: 'ok / completed', pick: (r) => r.availability, how: 'min', worst: (v) => Math.min(...v), minNames: 2 },
  { id: 'lag-by-replica', title: 'Replication lag per replica (largest per interval)', yTitle: 'ms (symlog)', pick: (r) => r.lagMs, how: 'max', worst: (v) => -Math.max(...v), minNames: 1, yScale: 'symlog' },
];

export function domainCharts(series: readonly DomainRow[], perS: number, faults: readonly FaultWindow[], endS: number, maxPoints: number): { charts: ChartPlan[]; omitted: string[] } {
  const charts: ChartPlan[] = [];
  const omitted: string[] = [];
  for (const w of WANTS) {
    const byName = new Map<string, number[]>();
    for (const r of series) for (const [name, v] of Object.entries(w.pick(r))) (byName.get(name) ?? byName.set(name, []).get(name)!).push(v);
    if (byName.size < w.minNames) {
      omitted.push(`${w.title.toLowerCase()}: ${byName.size === 0 ? 'none in this run' : 'one domain only (the availability chart above)'}`);
      continue;
    }
    // Worst first, then by name, so the pick is the same in every run of the same figures.
    const names = [...byName.keys()].sort((a, b) => w.worst(byName.get(a)!) - w.worst(byName.get(b)!) || (a < b ? -1 : 1));
    const shown = names.slice(0, MAX_LINES).sort();
    const rows: Row[] = series.map((r) => {
      const row: Row = { t_s: r.t_s };
      const v = w.pick(r);
      for (const n of shown) row[n] = v[n] ?? null;
      return row;
    });
    const d = downsample(rows, 't_s', Object.fromEntries(shown.map((n) => [n, w.how])), maxPoints);
    const point = d.factor === 1 ? `one point per ${perS} s interval` : `one point per ${d.factor * perS} s (${w.how} of ${d.factor} intervals)`;
    const left = names.length > shown.length ? `; the ${shown.length} worst of ${names.length}` : '';
    charts.push({
      id: w.id,
      spec: timeChartVega({ title: w.title, subtitle: point + left, yTitle: w.yTitle, rows: d.rows, timeField: 't_s', series: shown.map((n) => ({ field: n, label: n })), faults, endS, style: 'line', yScale: w.yScale }),
    });
  }
  return { charts, omitted };
}
