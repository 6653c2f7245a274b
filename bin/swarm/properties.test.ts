import { describe, expect, it } from 'vitest';
import { judge } from './properties.ts';
import { toleranceOf } from './tolerance.ts';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import type { SwarmDone } from '../sweep/protocol.ts';

/** A summary row with these cells set and every other one empty. */
function row(set: Record<string, string>): string[] {
  return SUMMARY_COLUMNS.map((c) => set[c] ?? '');
}

const live: SwarmDone = { livenessWrites: 100, livenessWritesFailed: 0, invariant: null, faultLossSpanS: 0, faultLostWrites: 0 };
const redis = { tolerance: toleranceOf('redis-cluster')!, lossBoundS: 24.5 };
const rds = { tolerance: toleranceOf('rds-multi-az')!, lossBoundS: null };

describe('swarm > properties', () => {
  it('judge Redis loss per fault: two failovers a minute apart each within the bound pass, though the run rpo_s spans both', () => {
    const cells = row({ lost_writes: '95', rpo_s: '96.04', linearizable: 'false' });
    const v = judge(cells, { ...live, faultLossSpanS: 16.95, faultLostWrites: 95 }, redis);
    expect(v.failed).toBeNull();
    expect(v.label).toBe('lost-within-bound');
  });

  it('fail bounded-loss when one fault loses writes over a longer span than the bound', () => {
    const v = judge(row({ lost_writes: '40', rpo_s: '30' }), { ...live, faultLossSpanS: 30, faultLostWrites: 40 }, redis);
    expect(v.failed).toBe('bounded-loss');
    expect(v.detail).toContain('30 > 24.5');
  });

  it('fail bounded-loss when writes are lost that no fault accounts for', () => {
    const v = judge(row({ lost_writes: '3', rpo_s: '1' }), { ...live, faultLossSpanS: 0, faultLostWrites: 0 }, redis);
    expect(v.failed).toBe('bounded-loss');
  });

  it('fail a synchronous engine on any lost write', () => {
    expect(judge(row({ lost_writes: '1', rpo_s: '0' }), { ...live, faultLostWrites: 1 }, rds).failed).toBe('no-lost-writes');
  });

  it('label a history that is not linearizable only through duplicate applies, and fail any other anomaly', () => {
    expect(judge(row({ lost_writes: '0', linearizable: 'false', anomaly: 'duplicate-apply' }), live, rds)).toMatchObject({ failed: null, label: 'duplicate-apply' });
    expect(judge(row({ lost_writes: '0', linearizable: 'false', anomaly: 'stale-read' }), live, rds).failed).toBe('linearizable');
  });

  it('fail liveness when a write of the liveness window fails, and a broken invariant before anything else', () => {
    expect(judge(row({ lost_writes: '0' }), { ...live, livenessWritesFailed: 2 }, rds).failed).toBe('liveness');
    expect(judge(row({ lost_writes: '5' }), { ...live, invariant: 'two writers in epoch 3' }, rds)).toMatchObject({ failed: 'invariant', exitCode: 3 });
  });
});
