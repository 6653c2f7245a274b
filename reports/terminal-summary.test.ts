import { describe, expect, it } from 'vitest';
import { inUserUnits, renderSummary } from './terminal-summary.ts';
import type { FaultRecord } from './measure/fault-timeline.ts';
import { SUMMARY_COLUMNS, type SummaryRow } from './summary-columns.ts';

const row = (values: Partial<SummaryRow>): SummaryRow => ({ ...(Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, null])) as SummaryRow), ...values });

describe('reports', () => {
  describe('terminal summary', () => {
    it('shows figures that do not apply as n/a, and the same text with colour on or off', () => {
      const input = {
        row: row({ scenario: 's', engine: 'e', seed: 1, ops: 10, ops_ok: 9, ops_failed: 1, ops_unknown: 0, availability_write: 0.9, write_outage_s: 1.25, lost_writes: 0 }),
        faults: [],
        expectations: [],
        outDir: null,
      };
      const plain = renderSummary({ ...input, color: false });
      expect(plain).toContain('writes     availability 90.00%  longest outage 1.3 s');
      expect(plain).toContain('reads      availability n/a');
      expect(plain).toContain('failover   detection n/a  failover n/a');
      const coloured = renderSummary({ ...input, color: true });
      expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
    });

    it('prints the anomaly with a false verdict, and nothing more otherwise', () => {
      const input = { faults: [], expectations: [], outDir: null, color: false };
      expect(renderSummary({ ...input, row: row({ linearizable: false, anomaly: 'duplicate-apply' }) })).toContain('linearizable false (duplicate-apply)\n');
      expect(renderSummary({ ...input, row: row({ linearizable: true, anomaly: null }) })).toContain('linearizable true\n');
      expect(renderSummary({ ...input, row: row({ linearizable: null, anomaly: null }) })).toContain('linearizable not checked\n');
    });

    it('names the domain of the longest outage, counts the faults in words and echoes them in the user units', () => {
      const fault: FaultRecord = { index: 0, detail: 'latency +2000000us [az-a] <-> [az-b]', kind: 'latency', startUs: 40e6, endUs: 70e6, detectionUs: null, failoverUs: null, longestOutageUs: 15_500_000, longestOutageDomain: 'shard-0', staleReads: 0, lostWrites: 0, lostFromUs: null, lostToUs: null };
      const units = (us: number) => (us % 1e6 === 0 ? `${us / 1e6}s` : `${us / 1e3}ms`);
      const text = renderSummary({ row: row({ write_outage_s: 15.5 }), faults: [fault], expectations: [], outDir: null, color: false, formatUs: units });
      expect(text).toContain('longest outage 15.5 s (shard-0, fault #0)');
      expect(text).toContain('  faults     1 fault\n');
      expect(text).toContain('    #0 latency +2s [az-a] <-> [az-b] at 40.0 s');
      expect(text).toContain('longest write outage 15.5 s (shard-0)');
      expect(renderSummary({ row: row({}), faults: [fault, { ...fault, index: 1 }], expectations: [], outDir: null, color: false })).toContain('  faults     2 faults\n');
      expect(inUserUnits('clock role=leader offset -20000us drift 5ppm', units)).toBe('clock role=leader offset -20ms drift 5ppm');
    });

    it('shows the cache hit ratio only for a run with a cache', () => {
      const input = { faults: [], expectations: [], outDir: null, color: false };
      expect(renderSummary({ ...input, row: row({ cache_hit_ratio: null }) })).not.toContain('cache');
      expect(renderSummary({ ...input, row: row({ cache_hit_ratio: 0.8766 }) })).toContain('  cache      hit ratio 0.877\n');
    });

    it('shows the policy verdict and, per fault, a mark and which objective a breach missed', () => {
      const input = { row: row({}), faults: [], expectations: [], outDir: null, color: false };
      const policy = { policyName: 'gold', tier: 'Critical' as const, policy: { Software: { rtoInSecs: 35, rpoInSecs: 0 } } };
      const faults = [
        { fault: 0, disruptionType: 'Software' as const, rtoUs: 86_200_000, rpoUs: 0, policyRtoS: 35, policyRpoS: 0, compliance: 'PolicyBreached' as const },
        { fault: 1, disruptionType: 'AZ' as const, rtoUs: 0, rpoUs: 0, policyRtoS: null, policyRpoS: null, compliance: 'NotApplicable' as const },
      ];
      const text = renderSummary({ ...input, policy: { policy, compliance: 'PolicyBreached', faults } });
      expect(text).toContain('  policy     gold (Critical): PolicyBreached\n');
      expect(text).toContain('    ✗ fault #0 Software: RTO 86.2 s RPO 0.000 s, objective RTO 35 s RPO 0 s, PolicyBreached: RTO 86.2 s > 35 s\n');
      expect(text).toContain('    - fault #1 AZ: RTO 0.0 s RPO 0.000 s, no objective, NotApplicable\n');
      expect(renderSummary(input)).not.toContain('policy');
    });

    it("shows a partition's availability on each side and its CAP verdict on the partition's line", () => {
      const fault = { index: 0, detail: 'partition [az-a] | [az-b az-c]', kind: 'partition', startUs: 40e6, endUs: 80e6, detectionUs: null, failoverUs: null, longestOutageUs: 2e6, staleReads: 0, lostWrites: 0, lostFromUs: null, lostToUs: null };
      const base = { row: row({ scenario: 's', engine: 'e', seed: 1 }), faults: [fault], expectations: [], outDir: null, color: false };
      const text = renderSummary({ ...base, faultRows: [{ fault: 0, start_s: 40, availability_by_side: 'az-a:0.1|az-b+az-c:0.95', cap_during_partition: 'neither' }] });
      expect(text).toContain('longest write outage 2.0 s; availability by side az-a:0.1|az-b+az-c:0.95, CAP neither\n');
      expect(renderSummary(base)).toContain('longest write outage 2.0 s\n');
    });
  });
});
