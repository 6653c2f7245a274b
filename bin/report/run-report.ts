// report.html of one run: the verdict first (expectations, lost writes, RPO, longest outage,
// linearizability, CAP verdict), then the charts over simulated time with every fault window
// shaded, the event timeline on the same axis, the per-fault table, the violating window as
// per-client operation bars when the history is not linearizable, and every summary figure.
// Built from the run's output folder alone (plus the expectation results when the caller has
// them), so `faultline run` and `faultline report` draw the same page.

import { describeExpectation, type ExpectationResult } from '../../reports/expectations.ts';
import { eventTimelineSpec, timelineEvents } from './event-timeline.ts';
import { esc, figure, htmlTable, page, tiles } from './html-page.ts';
import { opBarsSpec, windowOps } from './op-bars.ts';
import { intervalS, MAX_POINTS, runCharts } from './run-charts.ts';
import { domainCharts } from './domain-charts.ts';
import type { DomainRow } from '../../reports/measure/timeseries-domains.ts';
import type { Cell, RunFolder } from './run-folder.ts';
import type { FaultWindow } from './time-chart.ts';
import { renderSvg } from './vega-svg.ts';
import { policySection } from './policy-section.ts';

/** Rows of the event table at most (the timeline draws up to its own limit, events.csv has all). */
export const MAX_EVENT_ROWS = 500;

export interface RunReportOptions {
  /** The expectation results, when known (a run knows them; `faultline report` with --scenario). */
  expectations?: readonly ExpectationResult[];
  /** Notes on expectations set aside (--no-check). */
  notes?: readonly string[];
  /** Availability per failure domain and lag per replica (a run has them; a folder does not). */
  domainSeries?: readonly DomainRow[];
}

const num = (v: Cell): number | null => (typeof v === 'number' ? v : null);
const secs = (v: Cell) => (num(v) === null ? 'n/a' : `${num(v)!.toFixed(1)} s`);
const pct = (v: Cell) => (num(v) === null ? 'n/a' : `${(num(v)! * 100).toFixed(2)}%`);

/** The end of the x axis: the last interval's end. */
export function runEndS(f: RunFolder): number {
  const rows = f.timeseries.rows;
  const last = num(rows[rows.length - 1]?.t_s ?? null) ?? 0;
  const ends = f.faults.rows.map((r) => num(r.end_s) ?? 0);
  return Math.max(last + intervalS(rows), ...ends, 1);
}

/** Fault windows from faults.csv; one without length (an operator failover) is drawn thin but visible. */
export function faultWindows(f: RunFolder, endS: number): FaultWindow[] {
  return f.faults.rows.map((r) => {
    const startS = num(r.start_s) ?? 0;
    const endOf = num(r.end_s) ?? endS;
    return { label: `#${r.fault} ${r.kind}`, startS, endS: Math.max(endOf, startS + endS / 300) };
  });
}

// What the clients saw against what the engine logged: the two can differ either way (see
// docs/metrics.md), so each tile says which it is.
const WRITE_OUTAGE_TITLE =
  'What clients saw: the longest span in which every write invoked to one failure domain failed or timed out, ' +
  'from the first failing write\'s invocation to the invocation of the next write that succeeded. ' +
  'It can be shorter than failover: writes that were not refused (in flight, retried into the new writer) do not count.';
const FAILOVER_TITLE =
  'What the engine logged: for the worst fault, from its start to the first event that restores writes (promoted, leader, recovered) after a detection. ' +
  'Clients may write again before it (a retry that reaches the new writer) or after it (DNS still names the old one).';

function verdictSection(f: RunFolder, o: RunReportOptions): string {
  const s = f.summary;
  const results = o.expectations;
  let head: string;
  let cls: string;
  if (results === undefined || results.length === 0) {
    cls = 'none';
    head = results === undefined ? 'Expectations not evaluated here (run `faultline report` with --scenario to check them)' : 'The scenario states no expectations';
  } else {
    const failed = results.filter((r) => !r.ok).length;
    cls = failed === 0 ? 'pass' : 'fail';
    head = failed === 0 ? `All ${results.length} expectation${results.length === 1 ? '' : 's'} held` : `${failed} of ${results.length} expectation${results.length === 1 ? '' : 's'} failed`;
  }
  const list =
    results === undefined || results.length === 0
      ? ''
      : `<ul>${results.map((r) => `<li class="${r.ok ? 'ok' : 'bad'}">${r.ok ? '✓' : '✗'} ${esc(describeExpectation(r))}</li>`).join('')}</ul>`;
  const notes = (o.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('');
  const lin = s.linearizable === null ? 'not checked' : String(s.linearizable) + (s.anomaly === null ? '' : ` (${s.anomaly})`);
  const figures = tiles([
    { label: 'lost writes', value: String(s.lost_writes ?? 'n/a'), bad: num(s.lost_writes) !== null && num(s.lost_writes)! > 0 },
    { label: 'RPO', value: secs(s.rpo_s) },
    { label: 'longest write outage', value: secs(s.write_outage_s), title: WRITE_OUTAGE_TITLE },
    { label: 'failover', value: secs(s.failover_s), title: FAILOVER_TITLE },
    { label: 'linearizable', value: lin, bad: s.linearizable === 'false' },
    { label: 'CAP during partition', value: String(s.cap_during_partition ?? 'no partition') },
    { label: 'write availability', value: pct(s.availability_write) },
    { label: 'read availability', value: pct(s.availability_read) },
  ]);
  return `<div class="verdict ${cls}"><strong>${esc(head)}</strong>${list}${notes}</div>\n${figures}`;
}

function faultTable(f: RunFolder): string {
  if (f.faults.rows.length === 0) return '<p>No faults were injected.</p>';
  return htmlTable(
    f.faults.columns,
    f.faults.rows.map((r) => f.faults.columns.map((c) => r[c] ?? '')),
  );
}

function eventTable(f: RunFolder): string {
  const rows = f.events.rows;
  const shown = rows.slice(0, MAX_EVENT_ROWS);
  const more = rows.length > shown.length ? `<p class="note">The first ${shown.length} of ${rows.length} events; events.csv has them all.</p>` : '';
  return htmlTable(f.events.columns, shown.map((r) => f.events.columns.map((c) => r[c] ?? ''))) + more;
}

export async function runReportHtml(f: RunFolder, o: RunReportOptions = {}): Promise<string> {
  const s = f.summary;
  const endS = runEndS(f);
  const faults = faultWindows(f, endS);
  const charts = runCharts(f.timeseries, faults, endS);
  const parts: string[] = [];
  parts.push(`<h1>${esc(s.scenario)}</h1>`);
  parts.push(`<p class="meta">engine ${esc(s.engine)} · seed ${esc(s.seed)} · ${esc(s.ops)} operations · ${f.faults.rows.length} fault${f.faults.rows.length === 1 ? '' : 's'}</p>`);
  parts.push('<h2>Verdict</h2>', verdictSection(f, o));
  const policy = policySection(f);
  if (policy !== '') parts.push('<h2>Resiliency policy</h2>', policy);
  parts.push('<h2>Over simulated time</h2>');
  parts.push('<p class="note">Shaded: the fault windows, labelled with the fault\'s number in the per-fault table.</p>');
  for (const c of charts.charts) parts.push(figure(c.id, await renderSvg(c.spec)));
  if (o.domainSeries !== undefined) {
    const byDomain = domainCharts(o.domainSeries, intervalS(f.timeseries.rows), faults, endS, MAX_POINTS);
    for (const c of byDomain.charts) parts.push(figure(c.id, await renderSvg(c.spec)));
    charts.omitted.push(...byDomain.omitted);
  } else charts.omitted.push('availability per failure domain and lag per replica: drawn by `faultline run` only (not in timeseries.csv)');
  if (charts.omitted.length > 0) parts.push(`<p class="note">Not drawn: ${esc(charts.omitted.join('; '))}.</p>`);
  const timeline = eventTimelineSpec(f.events.rows, faults, endS);
  parts.push('<h2>Events</h2>');
  if (timeline !== null) parts.push(figure('events', await renderSvg(timeline)));
  else if (timelineEvents(f.events.rows).length === 0) parts.push('<p>No detection, election, promotion or DNS change happened.</p>');
  parts.push(eventTable(f));
  parts.push('<h2>Per fault</h2>', faultTable(f));
  if (f.violation !== null) {
    parts.push('<h2>Not linearizable: the violating window</h2>');
    const bars = opBarsSpec(windowOps(f.violation));
    if (bars !== null) parts.push(figure('violation', await renderSvg(bars)));
    parts.push(`<pre>${esc(f.violation)}</pre>`);
  }
  parts.push('<h2>Every summary figure</h2>');
  parts.push(htmlTable(['column', 'value'], f.summaryColumns.map((c) => [c, s[c] ?? ''])));
  parts.push(`<p class="note">Written by faultline from ${esc(['summary.csv', 'timeseries.csv', 'events.csv', 'faults.csv', ...(f.violation === null ? [] : ['violation.txt'])].join(', '))}.</p>`);
  return page(`${s.scenario} seed ${s.seed}: faultline report`, parts.join('\n'));
}
