// report.html of a sweep: which runs failed (with the command that replays each), then the
// distribution over seeds of each headline metric, one empirical CDF per parameter combination,
// then aggregate.csv's statistics of those metrics. Built from sweep.csv and sweep.json alone,
// so `faultline sweep`, `faultline merge` and `faultline report` draw the same page.
// Leaves out time series: a sweep keeps one summary row per run, not the runs' timeseries.

import { aggregateRows, metricValue } from '../../reports/aggregate.ts';
import { paramColumns, type SweepTable } from '../sweep/outputs.ts';
import { ecdfSpec, type Distribution } from './ecdf-chart.ts';
import { esc, figure, htmlTable, page } from './html-page.ts';
import { renderSvg } from './vega-svg.ts';

/** The metrics drawn, in this order, when some run has a value for them. */
export const DISTRIBUTION_METRICS = [
  'write_outage_s',
  'detection_s',
  'failover_s',
  'availability_write',
  'availability_read',
  'lost_writes',
  'rpo_s',
  'stale_reads',
  'staleness_ms_p99',
  'replication_lag_ms_max',
  'write_latency_ms_p99',
  'read_latency_ms_p99',
  'linearizable',
];

/** Failures listed on the page; sweep.json has them all. */
export const MAX_REPORTED_FAILURES = 200;

/** Each metric's values per group: `label` names a row's group. */
export function distributions(columns: readonly string[], rows: readonly (readonly string[])[], label: (row: readonly string[]) => string, metric: string): Distribution[] {
  const c = columns.indexOf(metric);
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const g = label(r);
    if (!groups.has(g)) groups.set(g, []);
    const v = c < 0 ? null : metricValue(r[c] ?? '');
    if (v !== null) groups.get(g)!.push(v);
  }
  return [...groups].map(([group, values]) => ({ group, values }));
}

function failureSection(t: SweepTable): string {
  const f = t.manifest.failures;
  if (f.length === 0) return `<div class="verdict pass"><strong>Every expectation held in all ${t.manifest.runs_in_shard} runs</strong></div>`;
  const seeds = [...new Set(f.map((x) => x.seed))];
  const listed = f.slice(0, MAX_REPORTED_FAILURES);
  const more = f.length > listed.length ? `<p class="note">The first ${listed.length} of ${f.length} failed runs; sweep.json lists them all.</p>` : '';
  return (
    `<div class="verdict fail"><strong>${f.length} of ${t.manifest.runs_in_shard} runs failed an expectation</strong> (seeds ${esc(seeds.slice(0, 50).join(', '))}${seeds.length > 50 ? ', ...' : ''})</div>` +
    htmlTable(['seed', 'parameters', 'failed', 'replay'], listed.map((x) => [x.seed, x.set.join(' '), x.failed.join('; '), x.replay])) +
    more
  );
}

export async function sweepReportHtml(t: SweepTable): Promise<string> {
  const m = t.manifest;
  const params = paramColumns(m);
  const idx = params.map((p) => t.columns.indexOf(p));
  const label = (r: readonly string[]) => (params.length === 0 ? m.scenario_name : params.map((p, i) => `${p}=${r[idx[i]]}`).join(' '));
  const parts: string[] = [];
  parts.push(`<h1>${esc(m.scenario_name)}: sweep</h1>`);
  parts.push(`<p class="meta">${m.runs_in_shard} runs · seeds ${esc(m.seeds)}${m.set.length === 0 ? '' : ` · ${esc(m.set.join(' '))}`} · shard ${esc(m.shard)}${m.check ? '' : ' · linearizability not checked'}</p>`);
  parts.push('<h2>Verdict</h2>', failureSection(t));
  parts.push('<h2>Distributions over seeds</h2>');
  const drawn: string[] = [];
  const constant: string[] = [];
  for (const metric of DISTRIBUTION_METRICS) {
    const d = distributions(t.columns, t.rows, label, metric).filter((g) => g.values.length > 0);
    if (d.length === 0) continue;
    drawn.push(metric);
    // One value in every run: a sentence says it better than a vertical step.
    const all = d.flatMap((g) => g.values);
    if (all.every((v) => v === all[0])) constant.push(`${metric} = ${all[0]}`);
    else parts.push(figure(`ecdf-${metric}`, await renderSvg(ecdfSpec(metric, metric, d))));
  }
  if (constant.length > 0) parts.push(`<p>The same in every run: ${esc(constant.join(', '))}.</p>`);
  if (drawn.length === 0) parts.push('<p>No run has any of the headline figures.</p>');
  if (drawn.length > 0) {
    const agg = aggregateRows({ columns: t.columns, rows: t.rows, groupBy: params, metrics: drawn });
    const cols = [...params, 'metric', 'count', 'mean', 'ci95_low', 'ci95_high', 'min', 'p50', 'p90', 'max'];
    const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(6)) : (v ?? ''));
    parts.push('<h2>Statistics</h2>', htmlTable(cols, agg.map((r) => cols.map((c) => round(r[c])))), '<p class="note">All metrics, unrounded: aggregate.csv.</p>');
  }
  return page(`${m.scenario_name} sweep: faultline report`, parts.join('\n'));
}
