import { describe, expect, it } from 'vitest';
import type { FaultRecord } from '../measure/fault-timeline.ts';
import { breachReason, complianceCells, judgeFault, overallCompliance, policyComplianceRows } from './fault-compliance.ts';
import type { ResiliencyPolicy } from './resiliency-policy.ts';

const fault = (index: number, lost: [number, number] | null = null): FaultRecord => ({
  index,
  detail: 'crash role=writer',
  kind: 'crash',
  startUs: 40e6,
  endUs: 70e6,
  detectionUs: null,
  failoverUs: null,
  longestOutageUs: null,
  staleReads: 0,
  lostWrites: lost === null ? 0 : 1,
  lostFromUs: lost?.[0] ?? null,
  lostToUs: lost?.[1] ?? null,
});

const policy: ResiliencyPolicy = { policyName: 'p', tier: 'Critical', policy: { Software: { rtoInSecs: 35, rpoInSecs: 1 } } };

describe('reports', () => {
  describe('fault compliance with a resiliency policy', () => {
    it('is met when the measured RTO and RPO are within the objectives, the bounds included', () => {
      expect(judgeFault(fault(0), 35e6, 'Software', policy).compliance).toBe('PolicyMet');
      expect(judgeFault(fault(0, [41e6, 42e6]), 20e6, 'Software', policy).compliance).toBe('PolicyMet');
    });

    it('is breached by an RTO over the objective, an RPO over it, or writes that never came back', () => {
      const slow = judgeFault(fault(0), 35e6 + 1, 'Software', policy);
      expect(slow.compliance).toBe('PolicyBreached');
      expect(breachReason(slow)).toBe('RTO 35.0 s > 35 s');
      const lossy = judgeFault(fault(0, [41e6, 43e6]), 10e6, 'Software', policy);
      expect(lossy.compliance).toBe('PolicyBreached');
      expect(breachReason(lossy)).toBe('RPO 2.000 s > 1 s');
      expect(judgeFault(fault(0), null, 'Software', policy).compliance).toBe('PolicyBreached');
    });

    it('is not applicable to a disruption type the policy sets no objective for', () => {
      const c = judgeFault(fault(0), 500e6, 'AZ', policy);
      expect(c.compliance).toBe('NotApplicable');
      expect(complianceCells(c)).toEqual({ disruption_type: 'AZ', current_rto_s: 500, current_rpo_s: 0, policy_rto_s: null, policy_rpo_s: null, compliance: 'NotApplicable' });
    });

    it('judges the run breached when any fault is, met when one is and none breached', () => {
      const rows = policyComplianceRows([fault(0), fault(1)], [10e6, 90e6], ['Software', 'Software'], policy);
      expect(rows.map((r) => r.compliance)).toEqual(['PolicyMet', 'PolicyBreached']);
      expect(overallCompliance(rows)).toBe('PolicyBreached');
      expect(overallCompliance([{ compliance: 'PolicyMet' }, { compliance: 'NotApplicable' }])).toBe('PolicyMet');
      expect(overallCompliance([{ compliance: 'NotApplicable' }])).toBe('NotApplicable');
      expect(overallCompliance([])).toBe('NotApplicable');
    });
  });
});
