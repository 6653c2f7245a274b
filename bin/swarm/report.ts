// What a swarm prints at the end: runs, failing seeds (each with its property, its reproducing
// file and shrunk file), the count of runs per exit code, workers and wall time; and the exit
// status (1 when a seed failed).

import path from 'node:path';
import { ExitCode } from '../exit.ts';
import type { SwarmManifest } from './outputs.ts';

export interface SwarmReportContext {
  /** The folder the files are in (for the replay commands). */
  out: string;
  elapsedS?: number;
  workers?: number;
  /** Runs per exit code (0 pass, 1 property failed, 3 simulator invariant). */
  codes?: Map<number, number>;
  promise: string | null;
  files: string[];
  swarmReplay?(seed: number): string;
}

export function swarmReport(m: SwarmManifest, ctx: SwarmReportContext): { text: string; code: number } {
  const lines: string[] = [];
  let head = `faultline swarm ${m.scenario_name}  seeds ${m.seeds}  ${m.runs} runs`;
  if (m.shard !== '1/1') head += `  shard ${m.shard}: ${m.runs_in_shard} runs`;
  if (ctx.workers !== undefined) head += `  ${ctx.workers} worker${ctx.workers === 1 ? '' : 's'}`;
  if (ctx.elapsedS !== undefined) head += `  ${ctx.elapsedS.toFixed(1)} s`;
  lines.push(head);
  lines.push(`  faults: ${m.faults.join(', ')}${m.within_tolerance ? ' (within tolerance)' : ''}`);
  if (ctx.promise !== null) lines.push(`  tolerance: ${ctx.promise}`);
  if (ctx.codes !== undefined) {
    const parts = [...ctx.codes.entries()].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${c}: ${n}`);
    lines.push(`  exit codes: ${parts.join(', ')}`);
  }
  if (m.failures.length === 0) lines.push(`  every property held in all ${m.runs_in_shard} runs`);
  else {
    const byProperty = new Map<string, number>();
    for (const f of m.failures) byProperty.set(f.property, (byProperty.get(f.property) ?? 0) + 1);
    lines.push(`  ${m.failures.length} of ${m.runs_in_shard} seeds failed (${[...byProperty].map(([p, n]) => `${p} ${n}`).join(', ')}):`);
    for (const f of m.failures.slice(0, 20)) {
      lines.push(`    seed ${f.seed}: ${f.property}: ${f.detail}`);
      lines.push(`      replay: faultline run ${path.join(ctx.out, f.file)}${ctx.swarmReplay === undefined ? '' : `  (or ${ctx.swarmReplay(f.seed)})`}`);
      if (f.min_file !== undefined) lines.push(`      shrunk to ${f.min_faults} fault${f.min_faults === 1 ? '' : 's'}: faultline run ${path.join(ctx.out, f.min_file)}`);
    }
    if (m.failures.length > 20) lines.push(`    ... and ${m.failures.length - 20} more in swarm.csv`);
    lines.push(`  failing seeds: ${m.failures.map((f) => f.seed).join(', ')}`);
  }
  if (ctx.files.length > 0) lines.push(`  wrote ${ctx.files.join(', ')}`);
  return { text: lines.join('\n') + '\n', code: m.failures.length > 0 ? ExitCode.ExpectationFailed : ExitCode.Ok };
}
