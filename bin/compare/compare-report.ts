// compare.html: topologies side by side under the same workload, faults and seeds: a table of
// each headline metric's mean and 95% interval per topology, the resiliency-policy verdict of
// each (when one was judged), the time series of each topology's first seed overlaid with the
// fault windows shaded, one chart per metric with every topology's distribution over seeds
// (empirical CDFs overlaid), then the runs that failed an expectation with their replay
// commands, and links to each topology's sweep report.

import path from 'node:path';
import { metricValue } from '../../reports/aggregate.ts';
import type { SweepTable } from '../sweep/outputs.ts';
import { ecdfSpec, type Distribution } from '../report/ecdf-chart.ts';
import { esc, figure, htmlTable, page } from '../report/html-page.ts';
import { DISTRIBUTION_METRICS } from '../report/sweep-report.ts';
import { renderSvg } from '../report/vega-svg.ts';
import { compareRow } from './compare-table.ts';
import { comparePolicyCells, type PolicyJudgement } from './compare-policy.ts';
import { overlayCharts } from './overlay-charts.ts';
import type { RunFolder } from '../report/run-folder.ts';

const short = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : 'n/a');

export interface Compared {
  table: SweepTable;
  /** The topology's sweep folder, relative to compare.html. */
  folder: string;
  /** How the comparison names it: the scenario's name, with a variant's settings. */
  label: string;
  policy?: PolicyJudgement;
  /** Its first seed's run, read back, for the charts over time. */
  firstSeed?: RunFolder;
}

const seconds = (v: unknown) => (typeof v === 'number' ? `${short(v)} s` : 'n/a');

/** The policy table: one row per topology judged on a policy. */
function policySection(all: readonly Compared[]): string[] {
  const judged = all.filter((c) => c.policy !== undefined);
  if (judged.length === 0) return [];
  const rows = judged.map((c) => {
    const p = comparePolicyCells(c.policy);
    const bad = p.policy_compliance === 'PolicyBreached';
    return [
      c.label,
      `${p.policy_name} (${p.policy_tier})`,
      p.policy_quantile === 'worst' ? 'worst seed' : p.policy_quantile,
      bad ? `✗ ${p.policy_compliance}` : p.policy_compliance === 'PolicyMet' ? `✓ ${p.policy_compliance}` : p.policy_compliance,
      p.worst_fault === null ? 'no fault' : `#${p.worst_fault} ${p.worst_fault_disruption_type}`,
      `${seconds(p.worst_fault_rto_s)} vs ${p.policy_rto_s === null ? 'no objective' : `${p.policy_rto_s} s`}`,
      `${seconds(p.worst_fault_rpo_s)} vs ${p.policy_rpo_s === null ? 'no objective' : `${p.policy_rpo_s} s`}`,
    ];
  });
  return ['<h2>Resiliency policy</h2>', htmlTable(['topology', 'policy', 'judged on', 'compliance', 'worst fault', 'RTO vs objective', 'RPO vs objective'], rows)];
}

/** The first seed of every topology over simulated time, one line per topology. */
async function overTimeSection(all: readonly Compared[], seed: number): Promise<string[]> {
  const runs = all.filter((c) => c.firstSeed !== undefined).map((c) => ({ label: c.label, folder: c.firstSeed! }));
  if (runs.length === 0) return [];
  const o = overlayCharts(runs, seed);
  const parts = ['<h2>Over simulated time (first seed)</h2>'];
  for (const c of o.charts) parts.push(figure(c.id, await renderSvg(c.spec)));
  if (o.omitted.length > 0) parts.push(`<p class="meta">Not drawn, no topology had any: ${esc(o.omitted.join(', '))}.</p>`);
  return parts;
}

function values(t: SweepTable, metric: string): number[] {
  const c = t.columns.indexOf(metric);
  return t.rows.map((r) => metricValue(r[c] ?? '')).filter((v): v is number => v !== null);
}

export async function compareReportHtml(all: readonly Compared[], note: string | null, firstSeed = 0): Promise<string> {
  const names = all.map((c) => c.label);
  const rows = all.map((c) => compareRow(c.table, c.label, c.policy));
  const parts: string[] = [];
  parts.push(`<h1>Compare: ${esc(names.join(' · '))}</h1>`);
  parts.push(`<p class="meta">seeds ${esc(all[0]?.table.manifest.seeds ?? '')} · the same region, workload and faults for each topology${note === null ? '' : ` (${esc(note)})`}</p>`);
  parts.push('<h2>Side by side</h2>');
  const metrics = DISTRIBUTION_METRICS.filter((m) => rows.some((r) => typeof r[`${m}_mean`] === 'number'));
  const cell = (r: Record<string, unknown>, m: string) => (typeof r[`${m}_mean`] === 'number' ? `${short(r[`${m}_mean`])} [${short(r[`${m}_ci95_low`])}, ${short(r[`${m}_ci95_high`])}]` : 'n/a');
  parts.push(
    htmlTable(
      ['metric (mean [95% interval])', ...names],
      [['engine', ...rows.map((r) => String(r.engine ?? ''))], ['runs failing an expectation', ...rows.map((r) => `${r.failed_runs} of ${r.runs}`)], ...metrics.map((m) => [m, ...rows.map((r) => cell(r, m))])],
    ),
  );
  parts.push(...policySection(all));
  parts.push(...(await overTimeSection(all, firstSeed)));
  parts.push('<h2>Distributions over seeds</h2>');
  const constant: string[] = [];
  for (const m of metrics) {
    const d: Distribution[] = all.map((c) => ({ group: c.label, values: values(c.table, m) })).filter((g) => g.values.length > 0);
    // One value in every run of every topology: a sentence says it better than a vertical step.
    const every = d.flatMap((g) => g.values);
    if (every.every((v) => v === every[0])) constant.push(`${m} = ${every[0]}`);
    else parts.push(figure(`ecdf-${m}`, await renderSvg(ecdfSpec(m, m, d))));
  }
  if (constant.length > 0) parts.push(`<p>The same in every run of every topology: ${esc(constant.join(', '))}.</p>`);
  const failures = all.flatMap((c) => c.table.manifest.failures.map((f) => [c.label, f.seed, f.failed.join('; '), f.replay]));
  parts.push('<h2>Failed expectations</h2>', failures.length === 0 ? '<p>Every expectation held in every run.</p>' : htmlTable(['topology', 'seed', 'failed', 'replay'], failures));
  parts.push('<h2>Each topology</h2>', `<ul>${all.map((c) => `<li><a href="${esc(path.posix.join(c.folder, 'report.html'))}">${esc(c.label)}</a>: sweep.csv, aggregate.csv, report.html</li>`).join('')}</ul>`);
  return page(`compare ${names.join(', ')}: faultline`, parts.join('\n'));
}
