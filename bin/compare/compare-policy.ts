// The resiliency-policy verdict of each topology of a comparison, for compare.csv and
// compare.html: the policy it was judged on (`--policy`, else the scenario's own `policy:`), the
// quantile over seeds (as `sweep --policy-quantile`: the worst seed by default), the overall
// compliance and the worst fault's measured RTO and RPO against the objective of its disruption
// type. The worst fault is the first breached one; with none breached, the one with the longest
// RTO (a fault whose writes never came back counts as longest).
// Leaves out the other faults' figures: each topology's sweep prints them all.

import { overallCompliance, type FaultCompliance } from '../../reports/policy/fault-compliance.ts';
import type { ResiliencyPolicy } from '../../reports/policy/resiliency-policy.ts';
import { policyQuantileName } from '../../reports/policy/sweep-compliance.ts';

export const COMPARE_POLICY_COLUMNS = [
  'policy_name',
  'policy_tier',
  'policy_quantile',
  'policy_compliance',
  'worst_fault',
  'worst_fault_disruption_type',
  'worst_fault_rto_s',
  'policy_rto_s',
  'worst_fault_rpo_s',
  'policy_rpo_s',
] as const;

export interface PolicyJudgement {
  policy: ResiliencyPolicy;
  /** The quantile in percent (100: the worst seed). */
  percent: number;
  faults: readonly FaultCompliance[];
}

const RANK = { PolicyBreached: 2, PolicyMet: 1, NotApplicable: 0 } as const;

/** The fault that decides the verdict, or undefined when the run had no fault. */
export function worstFault(faults: readonly FaultCompliance[]): FaultCompliance | undefined {
  const breached = faults.find((f) => f.compliance === 'PolicyBreached');
  if (breached !== undefined) return breached;
  const rto = (f: FaultCompliance) => f.rtoUs ?? Infinity;
  return [...faults].sort((a, b) => RANK[b.compliance] - RANK[a.compliance] || rto(b) - rto(a) || a.fault - b.fault)[0];
}

/** compare.csv's policy cells of one topology; all empty when it was judged on no policy. */
export function comparePolicyCells(j: PolicyJudgement | undefined): Record<(typeof COMPARE_POLICY_COLUMNS)[number], string | number | null> {
  const w = j === undefined ? undefined : worstFault(j.faults);
  return {
    policy_name: j?.policy.policyName ?? null,
    policy_tier: j?.policy.tier ?? null,
    policy_quantile: j === undefined ? null : policyQuantileName(j.percent),
    policy_compliance: j === undefined ? null : overallCompliance(j.faults),
    worst_fault: w?.fault ?? null,
    worst_fault_disruption_type: w?.disruptionType ?? null,
    worst_fault_rto_s: w?.rtoUs == null ? null : w.rtoUs / 1e6,
    policy_rto_s: w?.policyRtoS ?? null,
    worst_fault_rpo_s: w === undefined ? null : w.rpoUs / 1e6,
    policy_rpo_s: w?.policyRpoS ?? null,
  };
}
