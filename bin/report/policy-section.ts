// report.html's policy block, shown right after the verdict when the run was judged against a
// resiliency policy: the policy's name, tier and overall compliance, then one row per fault with
// its disruption type, RTO and RPO measured against the objective, and why a breached fault
// breached. Read from the folder alone (summary.csv's policy cells, faults.csv's policy
// columns), so `faultline report` shows it too. A run without a policy gets no block.

import { breachReason, POLICY_FAULT_COLUMNS, type FaultCompliance } from '../../reports/policy/fault-compliance.ts';
import type { Compliance, DisruptionType } from '../../reports/policy/resiliency-policy.ts';
import { esc, htmlTable } from './html-page.ts';
import type { Cell, Row, RunFolder } from './run-folder.ts';

const num = (v: Cell): number | null => (typeof v === 'number' ? v : null);
const secs = (v: Cell, digits: number) => (num(v) === null ? 'n/a' : `${num(v)!.toFixed(digits)} s`);
/** An objective as the policy states it (whole seconds, usually). */
const target = (v: Cell) => (num(v) === null ? 'none' : `${num(v)} s`);

/** A faults.csv row with the policy columns read back as the judgement it was written from. */
export function complianceOf(r: Row): FaultCompliance {
  const rto = num(r.current_rto_s);
  return {
    fault: num(r.fault) ?? 0,
    disruptionType: String(r.disruption_type) as DisruptionType,
    rtoUs: rto === null ? null : rto * 1e6,
    rpoUs: (num(r.current_rpo_s) ?? 0) * 1e6,
    policyRtoS: num(r.policy_rto_s),
    policyRpoS: num(r.policy_rpo_s),
    compliance: String(r.compliance) as Compliance,
  };
}

export function policySection(f: RunFolder): string {
  const s = f.summary;
  if (s.policy_compliance === undefined || s.policy_compliance === null) return '';
  if (!POLICY_FAULT_COLUMNS.every((c) => f.faults.columns.includes(c))) return '';
  const overall = String(s.policy_compliance);
  const cls = overall === 'PolicyBreached' ? 'fail' : overall === 'PolicyMet' ? 'pass' : 'none';
  const judged = f.faults.rows.map((r) => ({ r, c: complianceOf(r) }));
  const breached = judged.filter((j) => j.c.compliance === 'PolicyBreached');
  const head =
    overall === 'PolicyBreached'
      ? `Policy ${s.policy_name} (${s.policy_tier}) breached by ${breached.length} of ${judged.length} fault${judged.length === 1 ? '' : 's'}`
      : overall === 'PolicyMet'
        ? `Policy ${s.policy_name} (${s.policy_tier}) met`
        : `Policy ${s.policy_name} (${s.policy_tier}) sets no objective for the disruptions of this run`;
  const why = breached.map((j) => `<li class="bad">✗ fault #${j.c.fault} ${esc(j.r.kind)} (${esc(j.c.disruptionType)}): ${esc(breachReason(j.c))}</li>`).join('');
  const table = htmlTable(
    ['fault', 'kind', 'disruption', 'RTO measured', 'RTO target', 'RPO measured', 'RPO target', 'compliance'],
    judged.map(({ r, c }) => [c.fault, String(r.kind ?? ''), c.disruptionType, secs(r.current_rto_s, 1), target(r.policy_rto_s), secs(r.current_rpo_s, 3), target(r.policy_rpo_s), c.compliance]),
    'policy',
  );
  return `<div class="verdict ${cls}" id="policy"><strong>${esc(head)}</strong>${why === '' ? '' : `<ul>${why}</ul>`}</div>\n${table}`;
}
