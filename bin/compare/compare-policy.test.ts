import { describe, expect, it } from 'vitest';
import type { FaultCompliance } from '../../reports/policy/fault-compliance.ts';
import { comparePolicyCells, worstFault } from './compare-policy.ts';

const fault = (n: number, rtoS: number | null, compliance: FaultCompliance['compliance']): FaultCompliance => ({
  fault: n,
  disruptionType: 'Software',
  rtoUs: rtoS === null ? null : rtoS * 1e6,
  rpoUs: 0,
  policyRtoS: compliance === 'NotApplicable' ? null : 35,
  policyRpoS: compliance === 'NotApplicable' ? null : 0,
  compliance,
});

describe('compare > policy', () => {
  it('takes the first breached fault as the worst, even when a met one recovered more slowly', () => {
    expect(worstFault([fault(0, 10, 'PolicyMet'), fault(1, 40, 'PolicyBreached'), fault(2, 90, 'PolicyBreached')])?.fault).toBe(1);
  });

  it('takes the longest recovery among met faults, a fault whose writes never came back counting as longest', () => {
    expect(worstFault([fault(0, 10, 'PolicyMet'), fault(1, 30, 'PolicyMet'), fault(2, 500, 'NotApplicable')])?.fault).toBe(1);
    expect(worstFault([fault(0, null, 'NotApplicable'), fault(1, 30, 'NotApplicable')])?.fault).toBe(0);
  });

  it('writes the verdict and the worst fault against its objective, and empty cells without a policy', () => {
    const policy = { policyName: 'p', tier: 'Critical' as const, policy: { Software: { rtoInSecs: 35, rpoInSecs: 0 } } };
    expect(comparePolicyCells({ policy, percent: 99, faults: [fault(0, 40, 'PolicyBreached')] })).toEqual({
      policy_name: 'p',
      policy_tier: 'Critical',
      policy_quantile: 'p99',
      policy_compliance: 'PolicyBreached',
      worst_fault: 0,
      worst_fault_disruption_type: 'Software',
      worst_fault_rto_s: 40,
      policy_rto_s: 35,
      worst_fault_rpo_s: 0,
      policy_rpo_s: 0,
    });
    expect(Object.values(comparePolicyCells(undefined)).every((v) => v === null)).toBe(true);
  });
});
