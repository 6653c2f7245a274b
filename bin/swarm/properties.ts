// The properties a swarm run is judged by, from what its worker sends back (the summary row,
// the writes of the liveness phase, a broken simulator invariant). Per engine (tolerance.ts):
// strong reads linearizable; no acknowledged write lost (synchronous engines) or losses within
// the stated span per fault (Redis); no SimInvariantError; every write of the liveness window succeeds.
// A history that is not linearizable only because a retried write applied twice (the summary's
// `anomaly` column says `duplicate-apply`, where that column exists) is what the real services
// do, so it is labelled, not failed.

import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import type { SwarmDone } from '../sweep/protocol.ts';
import type { Property, Tolerance } from './tolerance.ts';

export interface Verdict {
  /** The first property that failed, or null. */
  failed: Property | null;
  /** The figures behind it, in words. */
  detail: string;
  /** `duplicate-apply` when that label excused a non-linearizable history. */
  label: string;
  /** What `faultline run` would exit with on the reproducing file (3 for a broken invariant). */
  exitCode: number;
}

export interface JudgeContext {
  tolerance: Tolerance;
  /** Redis's loss bound for this scenario, seconds. */
  lossBoundS: number | null;
}

/** Summary columns the verdict reads (also written to swarm.csv). */
export const VERDICT_COLUMNS = ['lost_writes', 'rpo_s', 'linearizable', 'stale_reads', 'write_outage_s'] as const;

export function cellOf(cells: readonly string[], column: string): string | undefined {
  const i = (SUMMARY_COLUMNS as readonly string[]).indexOf(column);
  return i < 0 ? undefined : cells[i];
}

/** Every anomaly the `anomaly` column names is a duplicate apply (and there is at least one). */
function onlyDuplicateApplies(cells: readonly string[]): boolean {
  const text = cellOf(cells, 'anomaly');
  if (text === undefined || text.trim() === '') return false;
  const parts = text.split(/[;,|\s]+/).filter((p) => p !== '');
  return parts.length > 0 && parts.every((p) => p === 'duplicate-apply');
}

export function judge(cells: readonly string[], swarm: SwarmDone, ctx: JudgeContext): Verdict {
  const ok = (label = ''): Verdict => ({ failed: null, detail: '', label, exitCode: 0 });
  const bad = (failed: Property, detail: string, exitCode = 1): Verdict => ({ failed, detail, label: '', exitCode });
  if (swarm.invariant !== null) return bad('invariant', swarm.invariant.replace(/\s*\n\s*/g, ' '), 3);
  const lost = Number(cellOf(cells, 'lost_writes') ?? 0);
  const rpo = Number(cellOf(cells, 'rpo_s') || 0);
  if (ctx.tolerance.noLostWrites && lost > 0) return bad('no-lost-writes', `lost_writes=${lost} rpo_s=${rpo}`);
  if (ctx.lossBoundS !== null && lost > 0) {
    // The bound is per failover: two faults a minute apart may each lose writes, and the run's
    // rpo_s then spans both. What is judged is the widest span charged to one fault.
    if (swarm.faultLossSpanS > ctx.lossBoundS) return bad('bounded-loss', `a fault's rpo_s=${swarm.faultLossSpanS} > ${ctx.lossBoundS} (lost_writes=${lost}, run rpo_s=${rpo})`);
    if (swarm.faultLostWrites === 0) return bad('bounded-loss', `lost_writes=${lost} that no fault accounts for`);
  }
  let label = '';
  // Where losing writes is within the promise (Redis), a read after a lost write sees an older
  // value: the history cannot be linearizable, and the loss is judged by its bound instead.
  if (ctx.lossBoundS !== null && lost > 0) label = 'lost-within-bound';
  else if (cellOf(cells, 'linearizable') === 'false') {
    if (onlyDuplicateApplies(cells)) label = 'duplicate-apply';
    else return bad('linearizable', `linearizable=false stale_reads=${cellOf(cells, 'stale_reads')}`);
  }
  if (swarm.livenessWritesFailed > 0) return bad('liveness', `${swarm.livenessWritesFailed} of ${swarm.livenessWrites} writes failed in the liveness window`);
  if (swarm.livenessWrites === 0) return bad('liveness', 'no write was attempted in the liveness window');
  return ok(label);
}
