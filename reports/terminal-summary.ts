// The run's summary as a terminal shows it: the headline figures, each fault's detection,
// failover and outage, and every expectation with a tick or a cross. Colour is the caller's
// choice (off when not a TTY or when NO_COLOR is set); the text is the same either way.

import { Chalk } from 'chalk';
import type { SummaryRow } from './summary-columns.ts';
import type { FaultRecord } from './measure/fault-timeline.ts';
import { describeExpectation, type ExpectationResult } from './expectations.ts';
import { breachReason, type FaultCompliance } from './policy/fault-compliance.ts';
import type { Compliance, ResiliencyPolicy } from './policy/resiliency-policy.ts';

const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : 'n/a');
const num = (v: unknown, unit = '', digits = 1) => (typeof v === 'number' ? `${v.toFixed(digits)}${unit}` : 'n/a');
const bytes = (v: unknown) => {
  if (typeof v !== 'number') return 'n/a';
  if (v >= 1024 * 1024 * 1024) return `${(v / 1024 ** 3).toFixed(2)} GB`;
  if (v >= 1024 * 1024) return `${(v / 1024 ** 2).toFixed(1)} MB`;
  return `${(v / 1024).toFixed(1)} KB`;
};
const s = (us: number | null) => (us === null ? 'n/a' : `${(us / 1e6).toFixed(1)} s`);

export interface TerminalSummaryInput {
  row: SummaryRow;
  faults: readonly FaultRecord[];
  /** faults.csv's rows, when known: a partition's line then shows its availability by side and CAP verdict. */
  faultRows?: readonly Record<string, unknown>[];
  expectations: readonly ExpectationResult[];
  outDir: string | null;
  color: boolean;
  /**
   * Writes a duration in the user's units (the scenario format's own, `2s`, `20ms`); the caller
   * passes it since reports do not import the scenario format. Default: microseconds as recorded.
   */
  formatUs?: (us: number) => string;
  /** With `regions:`: each region's own row (summary.csv's `<scenario>@<region>`), and the bytes sent between regions. */
  regions?: { rows: readonly SummaryRow[]; crossRegionBytes: number };
  /** A global table's acknowledged writes lost to last writer wins (absent for other engines). */
  conflictsLost?: number;
  /** The run judged against a resiliency policy (absent or null: none was given). */
  policy?: { policy: ResiliencyPolicy; compliance: Compliance; faults: readonly FaultCompliance[] } | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A fault's description with each `<n>us` the simulator recorded written in the user's units. */
export function inUserUnits(detail: string, formatUs: (us: number) => string): string {
  return detail.replace(/(^|[\s+(])(-?\d+)us\b/g, (_m, before: string, n: string) => `${before}${formatUs(Number(n))}`);
}

/** The domain and fault of the run's longest write outage: the fault that saw an outage that long. */
function outageWhere(r: SummaryRow, faults: readonly FaultRecord[]): string {
  const longestS = r.write_outage_s;
  if (typeof longestS !== 'number' || longestS === 0) return '';
  const f = faults.find((x) => x.longestOutageUs !== null && x.longestOutageDomain !== undefined && Math.abs(x.longestOutageUs / 1e6 - longestS) < 1e-6);
  return f === undefined ? '' : ` (${f.longestOutageDomain}, fault #${f.index})`;
}

export function renderSummary(x: TerminalSummaryInput): string {
  const formatUs = x.formatUs ?? ((us: number) => `${us}us`);
  const c = new Chalk({ level: x.color ? 1 : 0 });
  const r = x.row;
  const lines: string[] = [];
  lines.push(`${c.bold('faultline')} ${c.cyan(String(r.scenario))}  engine ${r.engine}  seed ${r.seed}`);
  lines.push(`  ops        ${r.ops} invoked, ${r.ops_ok} ok, ${r.ops_failed} failed, ${r.ops_unknown} unknown; ${num(r.throughput_ops_s, ' ops/s', 0)}`);
  lines.push(`  writes     availability ${pct(r.availability_write)}  longest outage ${num(r.write_outage_s, ' s')}${outageWhere(r, x.faults)}  latency p50 ${num(r.write_latency_ms_p50, ' ms', 2)} p99 ${num(r.write_latency_ms_p99, ' ms', 2)} max ${num(r.write_latency_ms_max, ' ms', 0)}`);
  lines.push(`  reads      availability ${pct(r.availability_read)}  stale ${r.stale_reads ?? 'n/a'} (p99 age ${num(r.staleness_ms_p99, ' ms')})  latency p50 ${num(r.read_latency_ms_p50, ' ms', 2)} p99 ${num(r.read_latency_ms_p99, ' ms', 2)}`);
  lines.push(`  failover   detection ${num(r.detection_s, ' s')}  failover ${num(r.failover_s, ' s')}`);
  lines.push(`  lag        replication p50 ${num(r.replication_lag_ms_p50, ' ms', 2)} p99 ${num(r.replication_lag_ms_p99, ' ms', 2)} max ${num(r.replication_lag_ms_max, ' ms', 1)}`);
  const lost = typeof r.lost_writes === 'number' && r.lost_writes > 0 ? c.red(`lost writes ${r.lost_writes}`) : `lost writes ${r.lost_writes}`;
  // The anomaly names what kind of violation it is (details in violation.txt).
  const verdict = r.linearizable === false && typeof r.anomaly === 'string' ? `false (${r.anomaly})` : `${r.linearizable ?? 'not checked'}`;
  const conflicts = x.conflictsLost === undefined ? '' : `  conflicts lost ${x.conflictsLost}`;
  lines.push(`  data       ${lost}  rpo ${num(r.rpo_s, ' s', 3)}${conflicts}  linearizable ${verdict}`);
  if (typeof r.cache_hit_ratio === 'number') lines.push(`  cache      hit ratio ${num(r.cache_hit_ratio, '', 3)}`);
  const crossRegion = x.regions === undefined ? '' : `, ${bytes(x.regions.crossRegionBytes)} cross-region`;
  lines.push(`  network    ${bytes(r.network_bytes)} (${bytes(r.network_bytes_cross_az)} cross-AZ${crossRegion}), ${num(r.replication_bytes_per_write, ' B', 0)} between nodes per committed write`);
  for (const g of x.regions?.rows ?? []) {
    const name = String(g.scenario).slice(String(r.scenario).length + 1);
    lines.push(`  region     ${name}: writes ${pct(g.availability_write)} (longest outage ${num(g.write_outage_s, ' s')}, p50 ${num(g.write_latency_ms_p50, ' ms', 2)}), reads ${pct(g.availability_read)} (stale ${g.stale_reads ?? 'n/a'}, p50 ${num(g.read_latency_ms_p50, ' ms', 2)})`);
  }
  if (x.faults.length > 0) {
    lines.push(`  faults     ${plural(x.faults.length, 'fault')}`);
    for (const f of x.faults) {
      // Every fault with a duration has ended by now (the run heals them); the others were instantaneous.
      const end = f.endUs === null ? '(instantaneous)' : `until ${s(f.endUs)}`;
      const row = x.faultRows?.find((fr) => fr.fault === f.index && fr.start_s === f.startUs / 1e6);
      const cap = row?.cap_during_partition == null ? '' : `; availability by side ${String(row.availability_by_side)}, CAP ${String(row.cap_during_partition)}`;
      lines.push(`    #${f.index} ${inUserUnits(f.detail, formatUs)} at ${s(f.startUs)} ${end}: detection ${s(f.detectionUs)}, failover ${s(f.failoverUs)}, longest write outage ${s(f.longestOutageUs)}${f.longestOutageDomain === undefined ? '' : ` (${f.longestOutageDomain})`}${cap}`);
    }
  }
  if (x.policy != null) {
    const v = x.policy;
    const verdict = v.compliance === 'PolicyBreached' ? c.red(v.compliance) : v.compliance === 'PolicyMet' ? c.green(v.compliance) : v.compliance;
    lines.push(`  policy     ${v.policy.policyName} (${v.policy.tier}): ${verdict}`);
    for (const f of v.faults) {
      const objective = f.policyRtoS === null ? 'no objective' : `objective RTO ${f.policyRtoS} s RPO ${f.policyRpoS} s`;
      const why = f.compliance === 'PolicyBreached' ? `: ${breachReason(f)}` : '';
      // The same marks as expectations, so --quiet (which keeps only marked lines) shows the verdict.
      const mark = f.compliance === 'PolicyMet' ? c.green('✓') : f.compliance === 'PolicyBreached' ? c.red('✗') : '-';
      lines.push(`    ${mark} fault #${f.fault} ${f.disruptionType}: RTO ${s(f.rtoUs)} RPO ${(f.rpoUs / 1e6).toFixed(3)} s, ${objective}, ${f.compliance}${why}`);
    }
  }
  if (x.expectations.length > 0) {
    lines.push('  expect');
    for (const e of x.expectations) lines.push(`    ${e.ok ? c.green('✓') : c.red('✗')} ${describeExpectation(e)}`);
  }
  if (x.outDir !== null) lines.push(`  outputs    ${x.outDir}`);
  return lines.join('\n') + '\n';
}
