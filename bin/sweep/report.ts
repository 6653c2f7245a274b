// What a sweep (or a merge) prints: a headline, the distribution of a few headline figures per
// parameter combination (whole sweeps only), the runs whose expectations failed with the command
// that replays each, the failing seeds, and the files written. Also the exit status it implies.

import { aggregateRows } from '../../reports/aggregate.ts';
import { ExitCode } from '../exit.ts';
import { METRIC_COLUMNS, paramColumns, type SweepTable } from './outputs.ts';
import { parseShard } from './shard.ts';
import { uncheckedNote } from '../unchecked-expectations.ts';

/** Durations shown as a distribution, and counts shown as how many runs had any. */
const HEADLINE_DISTRIBUTIONS = ['write_outage_s', 'failover_s'];
const HEADLINE_COUNTS = ['lost_writes', 'stale_reads'];
/** Beyond this many combinations the figures are left to aggregate.csv. */
const HEADLINE_MAX_GROUPS = 8;
/** Failed runs listed with their replay commands; sweep.json has them all. */
export const MAX_LISTED_FAILURES = 20;
/** Failing seeds listed per combination on one line. */
const MAX_LISTED_SEEDS = 100;

const short = (v: unknown) => (typeof v === 'number' ? String(Number(v.toFixed(3))) : 'n/a');

/** A few figures per combination: the distribution of the outage and failover, and how many runs lost writes or read stale values. */
function headline(t: SweepTable, params: string[]): string[] {
  const metrics = [...HEADLINE_DISTRIBUTIONS, ...HEADLINE_COUNTS].filter((h) => METRIC_COLUMNS.includes(h));
  const agg = aggregateRows({ columns: t.columns, rows: t.rows, groupBy: params, metrics });
  const groups = agg.length / metrics.length;
  if (groups > HEADLINE_MAX_GROUPS) return [`  ${groups} parameter combinations: figures per combination in aggregate.csv`];
  const out: string[] = [];
  const indent = params.length > 0 ? '    ' : '  ';
  const paramIdx = params.map((p) => t.columns.indexOf(p));
  for (let g = 0; g < groups; g++) {
    const rows = agg.slice(g * metrics.length, (g + 1) * metrics.length);
    const key = params.map((p) => String(rows[0][p]));
    if (params.length > 0) out.push(`  ${params.map((p, i) => `${p}=${key[i]}`).join(' ')}`);
    const mine = t.rows.filter((r) => paramIdx.every((c, i) => r[c] === key[i]));
    for (const r of rows) {
      const metric = String(r.metric);
      if (r.count === 0) continue;
      if (HEADLINE_COUNTS.includes(metric)) {
        const c = t.columns.indexOf(metric);
        const any = mine.filter((row) => Number(row[c]) > 0).length;
        out.push(`${indent}${metric.padEnd(16)} > 0 in ${any} of ${r.count} runs (max ${short(r.max)})`);
      } else {
        out.push(`${indent}${metric.padEnd(16)} p50 ${short(r.p50)}  p90 ${short(r.p90)}  p99 ${short(r.p99)}  max ${short(r.max)}  mean ${short(r.mean)} (${r.count} runs)`);
      }
    }
  }
  return out;
}

/** The first seeds of a long list, and how many more there are. */
function capped(seeds: readonly number[]): string {
  const shown = seeds.slice(0, MAX_LISTED_SEEDS).join(', ');
  return seeds.length > MAX_LISTED_SEEDS ? `${shown} ... and ${seeds.length - MAX_LISTED_SEEDS} more` : shown;
}

export interface ReportContext {
  workers?: number;
  elapsedS?: number;
  files: string[];
  verified?: number;
}

export function sweepReport(t: SweepTable, ctx: ReportContext): { text: string; code: number } {
  const m = t.manifest;
  const shard = parseShard(m.shard);
  const params = paramColumns(m);
  const lines: string[] = [];
  let head = `faultline sweep ${m.scenario_name}  seeds ${m.seeds}  ${m.runs} runs`;
  if (params.length > 0) head += ` (${m.set.join(' x ')})`;
  if (shard.count > 1) head += `  shard ${m.shard}: ${m.runs_in_shard} runs`;
  if (ctx.workers !== undefined) head += `  ${ctx.workers} worker${ctx.workers === 1 ? '' : 's'}`;
  if (ctx.elapsedS !== undefined) head += `  ${ctx.elapsedS.toFixed(1)} s`;
  lines.push(head);
  if (!m.check) lines.push(`  ${uncheckedNote('linearizable')}: the linearizable column is empty and an expectation on it is skipped`);
  if (shard.count === 1 && t.rows.length > 0) lines.push(...headline(t, params));
  if (ctx.verified !== undefined) lines.push(`  determinism: ${ctx.verified} sampled run${ctx.verified === 1 ? '' : 's'} rerun on another worker, identical outputs`);
  if (m.failures.length === 0) {
    lines.push(`  expect held in all ${m.runs_in_shard} runs`);
  } else {
    lines.push(`  expect failed in ${m.failures.length} of ${m.runs_in_shard} runs:`);
    for (const f of m.failures.slice(0, MAX_LISTED_FAILURES)) {
      lines.push(`    seed ${f.seed}${f.set.length > 0 ? ` [${f.set.join(' ')}]` : ''}: ${f.failed.join('; ')}`);
      lines.push(`      replay: ${f.replay}`);
    }
    if (m.failures.length > MAX_LISTED_FAILURES) lines.push(`    ... and ${m.failures.length - MAX_LISTED_FAILURES} more (every one in sweep.json)`);
    const bySet = new Map<string, number[]>();
    for (const f of m.failures) {
      const k = f.set.join(' ');
      bySet.set(k, [...(bySet.get(k) ?? []), f.seed]);
    }
    for (const [k, seeds] of bySet) lines.push(`  failing seeds${k === '' ? '' : ` [${k}]`}: ${capped(seeds)}`);
  }
  if (ctx.files.length > 0) lines.push(`  wrote ${ctx.files.join(', ')}`);
  return { text: lines.join('\n') + '\n', code: m.failures.length > 0 ? ExitCode.ExpectationFailed : ExitCode.Ok };
}
