// A sweep's resiliency-policy verdict as files in its folder, so that `faultline merge` can judge
// the policy again over every shard's seeds: policy.json (the policy and the quantile),
// policy-runs.csv (each run's per-fault RTO and RPO: what the judgement is made from) and
// policy.csv (one row per combination and fault index: the quantile's figures, the objectives,
// the compliance). The terminal lines are made here too, for sweep and merge alike.
// Leaves out: the policy on report.html (the report's business).

import fs from 'node:fs';
import path from 'node:path';
import { csvHeader, csvRows } from '../../reports/csv.ts';
import { breachReason, overallCompliance, type FaultCompliance } from '../../reports/policy/fault-compliance.ts';
import type { DisruptionType, ResiliencyPolicy } from '../../reports/policy/resiliency-policy.ts';
import { judgeSweep, policyQuantileName, type RunPolicyFigures } from '../../reports/policy/sweep-compliance.ts';
import { InputError } from '../scenario-files.ts';
import { parseCsv } from './csv-read.ts';

export const POLICY_FILES = ['policy.json', 'policy-runs.csv', 'policy.csv'] as const;

/** The runs of one parameter combination (`set`: `engine.replicas=2 ...`, '' for none), in seed order. */
export interface PolicyGroup {
  set: string;
  runs: { seed: number; figures: RunPolicyFigures }[];
}

export interface PolicyVerdict {
  text: string;
  breached: boolean;
  files: { name: string; text: string }[];
  /** Per combination, in order, each fault judged on the quantile (what `compare` tabulates). */
  judged: FaultCompliance[][];
}

const RUN_COLUMNS = ['set', 'seed', 'fault', 'disruption_type', 'rto_s', 'rpo_s'];
const VERDICT_COLUMNS = ['set', 'fault', 'disruption_type', 'quantile', 'runs', 'current_rto_s', 'current_rpo_s', 'policy_rto_s', 'policy_rpo_s', 'compliance'];

export function judgePolicy(policy: ResiliencyPolicy, percent: number, groups: readonly PolicyGroup[]): PolicyVerdict {
  const q = percent === 100 ? 'the worst seed' : `p${percent}`;
  const lines: string[] = [];
  const verdictRows: Record<string, unknown>[] = [];
  const runRows: Record<string, unknown>[] = [];
  let breached = false;
  const judgedAll: FaultCompliance[][] = [];
  for (const g of groups) {
    for (const r of g.runs) {
      r.figures.rtoUs.forEach((rto, fault) => runRows.push({ set: g.set, seed: r.seed, fault, disruption_type: r.figures.types[fault], rto_s: rto === null ? null : rto / 1e6, rpo_s: r.figures.rpoUs[fault] / 1e6 }));
    }
    const judged = judgeSweep(g.runs.map((r) => r.figures), percent, policy);
    judgedAll.push(judged);
    const verdict = overallCompliance(judged);
    breached ||= verdict === 'PolicyBreached';
    const n = g.runs.length;
    lines.push(`policy ${policy.policyName} (${policy.tier})${g.set === '' ? '' : ` with ${g.set}`}, judged on ${q} of ${n} run${n === 1 ? '' : 's'}: ${verdict}`);
    for (const f of judged) {
      const mark = f.compliance === 'PolicyMet' ? '✓' : f.compliance === 'PolicyBreached' ? '✗' : '-';
      const rto = f.rtoUs === null ? 'n/a (writes never came back)' : `${(f.rtoUs / 1e6).toFixed(1)} s`;
      const objective = f.policyRtoS === null ? 'no objective' : `objective RTO ${f.policyRtoS} s RPO ${f.policyRpoS} s`;
      const why = f.compliance === 'PolicyBreached' ? `: ${breachReason(f)}` : '';
      lines.push(`  ${mark} fault #${f.fault} ${f.disruptionType}: RTO ${rto} RPO ${(f.rpoUs / 1e6).toFixed(3)} s, ${objective}, ${f.compliance}${why}`);
      verdictRows.push({ set: g.set, fault: f.fault, disruption_type: f.disruptionType, quantile: policyQuantileName(percent), runs: n, current_rto_s: f.rtoUs === null ? null : f.rtoUs / 1e6, current_rpo_s: f.rpoUs / 1e6, policy_rto_s: f.policyRtoS, policy_rpo_s: f.policyRpoS, compliance: f.compliance });
    }
  }
  return {
    text: lines.join('\n') + '\n',
    breached,
    judged: judgedAll,
    files: [
      { name: 'policy.json', text: JSON.stringify({ policy, quantile_percent: percent }, null, 2) + '\n' },
      { name: 'policy-runs.csv', text: csvHeader(RUN_COLUMNS) + csvRows(RUN_COLUMNS, runRows) },
      { name: 'policy.csv', text: csvHeader(VERDICT_COLUMNS) + csvRows(VERDICT_COLUMNS, verdictRows) },
    ],
  };
}

interface ShardPolicy {
  policy: ResiliencyPolicy;
  percent: number;
  runs: Map<string, Map<number, RunPolicyFigures>>;
}

/** A sweep folder's policy files, or null when the sweep had no policy. */
function readShardPolicy(dir: string): ShardPolicy | null {
  const jsonPath = path.join(dir, 'policy.json');
  if (!fs.existsSync(jsonPath)) return null;
  let head: { policy: ResiliencyPolicy; quantile_percent: number };
  let rows: string[][];
  try {
    head = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
    rows = parseCsv(fs.readFileSync(path.join(dir, 'policy-runs.csv'), 'utf8'));
  } catch (e) {
    throw new InputError(`${dir}: its policy files are unreadable or malformed (${(e as Error).message.split('\n')[0]})`);
  }
  const runs = new Map<string, Map<number, RunPolicyFigures>>();
  for (const [set, seed, fault, type, rto, rpo] of rows.slice(1)) {
    const bySeed = runs.get(set) ?? new Map<number, RunPolicyFigures>();
    runs.set(set, bySeed);
    const f = bySeed.get(Number(seed)) ?? { rtoUs: [], rpoUs: [], types: [] };
    bySeed.set(Number(seed), f);
    const i = Number(fault);
    f.rtoUs[i] = rto === '' ? null : Math.round(Number(rto) * 1e6);
    f.rpoUs[i] = Math.round(Number(rpo) * 1e6);
    f.types[i] = type as DisruptionType;
  }
  return { policy: head.policy, percent: head.quantile_percent, runs };
}

/** The policy judged again over the runs of every shard; null when the sweep had no policy. */
export function mergePolicy(dirs: readonly string[]): PolicyVerdict | null {
  const shards = dirs.map(readShardPolicy);
  const first = shards.find((s) => s !== null);
  if (first === undefined || first === null) return null;
  const key = (s: ShardPolicy) => JSON.stringify([s.policy, s.percent]);
  shards.forEach((s, i) => {
    if (s === null || key(s) !== key(first)) throw new InputError(`${dirs[i]}: ${s === null ? 'has no policy files, unlike' : 'was judged on another policy or quantile than'} ${dirs[shards.indexOf(first)]}`);
  });
  const groups = new Map<string, Map<number, RunPolicyFigures>>();
  for (const s of shards as ShardPolicy[]) {
    for (const [set, bySeed] of s.runs) {
      const g = groups.get(set) ?? new Map<number, RunPolicyFigures>();
      groups.set(set, g);
      for (const [seed, f] of bySeed) g.set(seed, f);
    }
  }
  // Combinations in the order the shards list them (each lists its own in the sweep's order).
  const ordered = [...groups];
  return judgePolicy(first.policy, first.percent, ordered.map(([set, bySeed]) => ({ set, runs: [...bySeed].sort(([a], [b]) => a - b).map(([seed, figures]) => ({ seed, figures })) })));
}
