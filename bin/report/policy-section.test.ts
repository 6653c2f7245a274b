import { describe, expect, it } from 'vitest';
import { policySection } from './policy-section.ts';
import { tableOf, type RunFolder } from './run-folder.ts';

const FAULTS_HEAD = 'fault,kind,detail,start_s,end_s,disruption_type,current_rto_s,current_rpo_s,policy_rto_s,policy_rpo_s,compliance';

function folder(faultLines: string[], compliance: string | null): RunFolder {
  const summary = tableOf(`scenario,policy_name,policy_tier,policy_compliance\nx,orders,Critical,${compliance ?? ''}\n`, 'summary.csv');
  return {
    dir: '',
    summary: summary.rows[0],
    summaryColumns: summary.columns,
    timeseries: tableOf('t_s\n0\n', 't'),
    events: tableOf('time_s,kind\n', 'e'),
    faults: tableOf([FAULTS_HEAD, ...faultLines].join('\n') + '\n', 'faults.csv'),
    violation: null,
  };
}

describe('report > policy section', () => {
  it('names the breached fault and its RTO measured against the target', () => {
    const html = policySection(folder(['0,crash,crash role=writer,40,70,Software,86.171875,0,35,0,PolicyBreached', '1,pause,pause,90,95,Software,2,0,35,0,PolicyMet'], 'PolicyBreached'));
    expect(html).toContain('breached by 1 of 2 faults');
    expect(html).toContain('fault #0 crash (Software): RTO 86.2 s &gt; 35 s');
    expect(html).toContain('<td>86.2 s</td><td>35 s</td>');
    expect(html).not.toContain('fault #1 pause (Software)');
  });

  it('says the policy was met, and draws nothing for a run without a policy', () => {
    expect(policySection(folder(['0,pause,pause,90,95,Software,2,0,35,0,PolicyMet'], 'PolicyMet'))).toContain('Policy orders (Critical) met');
    expect(policySection(folder([], null))).toBe('');
  });
});
