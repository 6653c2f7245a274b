// Judging each fault of a run against a resiliency policy: the fault's disruption type picks an
// objective; the fault's measured RTO (write-recovery.ts) and RPO (the span of the acknowledged
// writes it lost, as faults.csv's rpo_s) are compared with it. PolicyMet when both are within
// their objective, PolicyBreached when either is over (or writes never came back before the
// workload ended), NotApplicable when the policy sets no objective for that type. The run as a
// whole is breached when any fault is, met when at least one fault is met and none breached.
// `policyComplianceRows` is the hook other reports (report.html, `compare`) take rows from.
// Leaves out: Resilience Hub's own estimates, and judging a fault with no policy at all.

import type { FaultRecord } from '../measure/fault-timeline.ts';
import type { Compliance, DisruptionType, ResiliencyPolicy } from './resiliency-policy.ts';

export interface FaultCompliance {
  fault: number;
  disruptionType: DisruptionType;
  /** Measured recovery time in microseconds; null when writes never came back. */
  rtoUs: number | null;
  /** Measured recovery point (span of lost acknowledged writes) in microseconds; 0 when none was lost. */
  rpoUs: number;
  policyRtoS: number | null;
  policyRpoS: number | null;
  compliance: Compliance;
}

/** The columns faults.csv gains when a policy is given, after its own. */
export const POLICY_FAULT_COLUMNS = ['disruption_type', 'current_rto_s', 'current_rpo_s', 'policy_rto_s', 'policy_rpo_s', 'compliance'] as const;
/** The columns summary.csv gains when a policy is given, after its own. */
export const POLICY_SUMMARY_COLUMNS = ['policy_name', 'policy_tier', 'policy_compliance'] as const;

/** The RPO faults.csv reports for a fault: 0 when it lost nothing. */
export function rpoUsOf(f: FaultRecord): number {
  return f.lostFromUs === null || f.lostToUs === null ? 0 : f.lostToUs - f.lostFromUs;
}

export function judgeFault(f: FaultRecord, rtoUs: number | null, type: DisruptionType, policy: ResiliencyPolicy): FaultCompliance {
  return judgeFigures(f.index, type, rtoUs, rpoUsOf(f), policy);
}

/** A fault's measured figures (or a quantile of them over seeds) against the policy. */
export function judgeFigures(fault: number, type: DisruptionType, rtoUs: number | null, rpoUs: number, policy: ResiliencyPolicy): FaultCompliance {
  const objective = policy.policy[type];
  const base = { fault, disruptionType: type, rtoUs, rpoUs };
  if (objective === undefined) return { ...base, policyRtoS: null, policyRpoS: null, compliance: 'NotApplicable' };
  const met = rtoUs !== null && rtoUs <= objective.rtoInSecs * 1e6 && rpoUs <= objective.rpoInSecs * 1e6;
  return { ...base, policyRtoS: objective.rtoInSecs, policyRpoS: objective.rpoInSecs, compliance: met ? 'PolicyMet' : 'PolicyBreached' };
}

/**
 * Every fault judged: the rows report.html and `compare` show. `rtoUs[i]` and `types[i]` belong
 * to `faults[i]`.
 */
export function policyComplianceRows(faults: readonly FaultRecord[], rtoUs: readonly (number | null)[], types: readonly DisruptionType[], policy: ResiliencyPolicy): FaultCompliance[] {
  return faults.map((f, i) => judgeFault(f, rtoUs[i], types[i], policy));
}

export function overallCompliance(rows: readonly { compliance: Compliance }[]): Compliance {
  if (rows.some((r) => r.compliance === 'PolicyBreached')) return 'PolicyBreached';
  return rows.some((r) => r.compliance === 'PolicyMet') ? 'PolicyMet' : 'NotApplicable';
}

/** summary.csv's policy cells for a run judged against `v` (none without a policy). */
export function policySummaryCells(v: { policy: ResiliencyPolicy; compliance: Compliance } | null): Record<string, unknown> {
  return v === null ? {} : { policy_name: v.policy.policyName, policy_tier: v.policy.tier, policy_compliance: v.compliance };
}

/** A judged fault as faults.csv cells. */
export function complianceCells(c: FaultCompliance): Record<(typeof POLICY_FAULT_COLUMNS)[number], unknown> {
  return {
    disruption_type: c.disruptionType,
    current_rto_s: c.rtoUs === null ? null : c.rtoUs / 1e6,
    current_rpo_s: c.rpoUs / 1e6,
    policy_rto_s: c.policyRtoS,
    policy_rpo_s: c.policyRpoS,
    compliance: c.compliance,
  };
}

/** Why a fault breached, in words: which objective it missed and by how much. */
export function breachReason(c: FaultCompliance): string {
  const why: string[] = [];
  if (c.rtoUs === null) why.push('writes never came back before the workload ended');
  else if (c.policyRtoS !== null && c.rtoUs > c.policyRtoS * 1e6) why.push(`RTO ${(c.rtoUs / 1e6).toFixed(1)} s > ${c.policyRtoS} s`);
  if (c.policyRpoS !== null && c.rpoUs > c.policyRpoS * 1e6) why.push(`RPO ${(c.rpoUs / 1e6).toFixed(3)} s > ${c.policyRpoS} s`);
  return why.join(', ');
}
