import { describe, expect, it } from 'vitest';
import { judgeSweep, parsePolicyQuantile, type RunPolicyFigures } from './sweep-compliance.ts';
import type { ResiliencyPolicy } from './resiliency-policy.ts';

const policy: ResiliencyPolicy = { policyName: 'p', tier: 'Critical', policy: { Software: { rtoInSecs: 35, rpoInSecs: 0 } } };
const run = (rtoS: number | null, rpoS = 0): RunPolicyFigures => ({ rtoUs: [rtoS === null ? null : rtoS * 1e6], rpoUs: [rpoS * 1e6], types: ['Software'] });

describe('reports', () => {
  describe('sweep compliance on a quantile over seeds', () => {
    it('reads p50, p99.9 and worst, and refuses other words', () => {
      expect(parsePolicyQuantile('p99')).toBe(99);
      expect(parsePolicyQuantile('p99.9')).toBe(99.9);
      expect(parsePolicyQuantile('worst')).toBe(100);
      expect(() => parsePolicyQuantile('p0')).toThrow(/--policy-quantile/);
      expect(() => parsePolicyQuantile('99')).toThrow(/--policy-quantile/);
    });

    it('is breached by the worst seed by default, and met on a median the slow seed does not reach', () => {
      const runs = [run(20), run(24), run(30), run(80)];
      expect(judgeSweep(runs, 100, policy)[0]).toMatchObject({ rtoUs: 80e6, compliance: 'PolicyBreached' });
      expect(judgeSweep(runs, 50, policy)[0]).toMatchObject({ rtoUs: 24e6, compliance: 'PolicyMet' });
    });

    it('counts a seed whose writes never came back as worse than any measured RTO', () => {
      const judged = judgeSweep([run(10), run(null)], 100, policy)[0];
      expect(judged.rtoUs).toBeNull();
      expect(judged.compliance).toBe('PolicyBreached');
      expect(judgeSweep([run(10), run(10, 2)], 100, policy)[0]).toMatchObject({ rpoUs: 2e6, compliance: 'PolicyBreached' });
    });
  });
});
