// A swarm from its arguments to its exit status: check every input (exit 2), generate each seed's
// schedule, run this shard's seeds on the sweep's worker pool, judge each run, write the
// reproducing file of each failing seed, shrink the first few, then write swarm.csv and
// swarm.json and print the counts (runs, failing seeds, exit codes, wall time). Exit 1 when any
// seed failed, 0 otherwise.

import path from 'node:path';
import { ExitCode, fail } from '../exit.ts';
import { runPool } from '../sweep/pool.ts';
import { faultlineVersion, formatSeeds } from '../sweep/plan.ts';
import { isInputError } from '../sweep/execute.ts';
import { SweepProgress } from '../sweep/progress.ts';
import { shardText } from '../sweep/shard.ts';
import type { JobDone } from '../sweep/protocol.ts';
import { planSwarm, type SwarmArgs, type SwarmPlan } from './plan.ts';
import { describeSchedule, fitsTolerance, generateSchedule, LIVENESS_WINDOW_US, type GenFault } from './schedule.ts';
import { scenarioText, type RunShape } from './scenario-text.ts';
import { cellOf, judge, type Verdict } from './properties.ts';
import { shrink } from './shrink.ts';
import { SWARM_FORMAT, writeSwarm, type SwarmFailure, type SwarmManifest } from './outputs.ts';
import { swarmReport } from './report.ts';

export interface SwarmResult {
  code: number;
  runsS: number;
}

export interface SwarmOptions {
  write?(text: string): void;
  /** Where shrinking reports progress (stderr). */
  note?(text: string): void;
}

const S = 1_000_000;

/** The `faultline swarm` command that reruns one seed. */
function swarmReplay(plan: SwarmPlan, seed: number): string {
  const faults = plan.faultsArg === undefined ? '' : ` --faults ${plan.faultsArg}`;
  return `faultline swarm ${plan.scenarioArg} --seeds ${seed}${plan.within ? ' --within-tolerance' : ''}${faults}`;
}

function expectOf(plan: SwarmPlan): Record<string, unknown> {
  const e: Record<string, unknown> = { linearizable: true };
  if (plan.tolerance.noLostWrites) e.lost_writes = '== 0';
  if (plan.lossBoundS !== null) e.rpo_s = `<= ${plan.lossBoundS}`;
  return e;
}

function textOf(plan: SwarmPlan, shape: RunShape, header: string[]): string {
  return scenarioText(plan.base, shape, expectOf(plan), header);
}

const livenessFromUs = (plan: SwarmPlan, shape: RunShape) => (shape.durationUs ?? plan.scenario.durationUs) - LIVENESS_WINDOW_US;

/** Runs shapes on the pool; each one's verdict, in order. */
async function runShapes(plan: SwarmPlan, shapes: RunShape[], progress?: (done: number, total: number) => void): Promise<{ verdicts: Verdict[]; results: JobDone[] }> {
  const jobs = shapes.map((shape, index) => ({ index, combo: 0, seed: shape.seed, swarm: { text: textOf(plan, shape, []), livenessFromUs: livenessFromUs(plan, shape) } }));
  const outcome = await runPool({ file: plan.shown, text: '', combos: [], check: true }, jobs, { workers: plan.workers, progress });
  if (outcome.error !== undefined) {
    const { job, error } = outcome.error;
    throw Object.assign(new Error(`swarm run of seed ${job.seed} failed: ${error.stack}`), { swarmInternal: true });
  }
  const results = outcome.results.map((r) => r!);
  return { results, verdicts: results.map((r) => judge(r.cells, r.swarm!, { tolerance: plan.tolerance, lossBoundS: plan.lossBoundS })) };
}

export async function executeSwarm(args: SwarmArgs, opts: SwarmOptions = {}): Promise<SwarmResult> {
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  const note = opts.note ?? ((t: string) => process.stderr.write(t));
  let plan: SwarmPlan;
  try {
    plan = planSwarm(args);
  } catch (e) {
    if (isInputError(e)) return { code: fail(ExitCode.BadInput, (e as Error).message), runsS: 0 };
    throw e;
  }
  const t0 = performance.now();
  const shapes: RunShape[] = plan.jobs.map((j) => ({ seed: j.seed, faults: generateSchedule(j.seed, plan.topology, plan.kinds, plan.limits, plan.within ? plan.tolerance : null).faults }));
  const bar = new SweepProgress(`swarm ${plan.scenario.name}${plan.shard.count > 1 ? ` shard ${shardText(plan.shard)}` : ''}`);
  let ran;
  try {
    ran = await runShapes(plan, shapes, (done, total) => bar.update(done, total));
  } finally {
    bar.done();
  }
  const rows: string[][] = [];
  const failures: SwarmFailure[] = [];
  const files = new Map<string, string>();
  const codes = new Map<number, number>();
  shapes.forEach((shape, k) => {
    const v = ran.verdicts[k];
    const r = ran.results[k];
    codes.set(v.exitCode, (codes.get(v.exitCode) ?? 0) + 1);
    const sw = r.swarm!;
    const kinds = [...new Set(shape.faults.map((f) => f.kind))].join('+');
    rows.push([
      String(shape.seed),
      String(shape.faults.length),
      kinds,
      v.failed === null ? 'pass' : 'fail',
      v.failed ?? '',
      String(v.exitCode),
      v.detail,
      v.label,
      ...['lost_writes', 'rpo_s', 'linearizable', 'stale_reads', 'write_outage_s'].map((c) => cellOf(r.cells, c) ?? ''),
      String(sw.livenessWrites),
      String(sw.livenessWritesFailed),
      describeSchedule(shape.faults),
    ]);
    if (v.failed === null) return;
    const file = `seed-${shape.seed}.yaml`;
    files.set(file, textOf(plan, shape, header(plan, shape, v, 'the run the swarm generated')));
    failures.push({ seed: shape.seed, property: v.failed, detail: v.detail, file, replay: `faultline run ${path.join(plan.out, file)}` });
  });

  // Shrink the first failing seeds, each against the property it failed.
  for (const f of failures.slice(0, plan.shrink)) {
    const start = shapes.find((s) => s.seed === f.seed)!;
    const clients = plan.scenario.workload.clients.reduce((n, c) => n + c.count, 0);
    const tailUs = plan.scenario.durationUs - plan.limits.untilUs;
    const admits = plan.within ? (faults: readonly GenFault[]) => fitsTolerance(faults, plan.tolerance, plan.limits.minDownUs) : undefined;
    const result = await shrink(start, { durationUs: plan.scenario.durationUs, warmupUs: plan.scenario.warmupUs, clients, tailUs, admits }, {
      budget: plan.shrinkRuns,
      // Batches of a few runs per pool: fewer worker start-ups, few runs past the first that fails.
      batch: Math.max(4, plan.workers),
      failsSame: async (cands) => (await runShapes(plan, cands)).verdicts.map((v) => v.failed === f.property),
      progress: (runs, cur) => note(`swarm: shrinking seed ${f.seed} (${f.property}): ${runs} runs, now ${cur.faults.length} fault${cur.faults.length === 1 ? '' : 's'}, ${cur.clients ?? clients} clients, ${(cur.durationUs ?? plan.scenario.durationUs) / S} s\n`),
    });
    const min = result.shape;
    const { verdicts } = await runShapes(plan, [min]);
    f.min_file = `seed-${f.seed}-min.yaml`;
    f.min_faults = min.faults.length;
    files.set(f.min_file, textOf(plan, min, header(plan, min, verdicts[0], `shrunk in ${result.runs} runs (${result.steps} steps) from ${start.faults.length} faults`)));
  }
  const runsS = (performance.now() - t0) / 1000;

  const manifest: SwarmManifest = {
    format: SWARM_FORMAT,
    faultline: faultlineVersion(),
    scenario: plan.scenarioArg,
    scenario_name: plan.scenario.name,
    scenario_sha256: plan.sha256,
    engine: plan.scenario.engine.type,
    seeds: formatSeeds(plan.seeds),
    faults: plan.kinds,
    within_tolerance: plan.within,
    runs: plan.seeds.length,
    shard: shardText(plan.shard),
    runs_in_shard: plan.jobs.length,
    failures,
  };
  const written = writeSwarm(plan.out, { manifest, rows, files });
  const report = swarmReport(manifest, { out: plan.out, elapsedS: runsS, workers: Math.min(plan.workers, plan.jobs.length), codes, promise: plan.within ? plan.tolerance.promise : null, files: written.slice(0, 2), swarmReplay: (seed) => swarmReplay(plan, seed) });
  write(report.text);
  return { code: report.code, runsS };
}

function header(plan: SwarmPlan, shape: RunShape, v: Verdict, how: string): string[] {
  const lines = [
    `faultline swarm: ${plan.scenario.name} seed ${shape.seed}, ${how}.`,
    v.failed === null ? 'This run passes every property (the shrinker kept it for the fault it needs).' : `Fails ${v.failed}: ${v.detail}`,
    `Replay: faultline run <this file>; regenerate: ${swarmReplay(plan, shape.seed)}`,
  ];
  if (v.failed === 'liveness') lines.push(`Liveness is not an expectation: look at the writes of the last ${LIVENESS_WINDOW_US / S} s in timeseries.csv.`);
  return lines;
}

export type { GenFault };
