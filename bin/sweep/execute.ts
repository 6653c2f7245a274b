// A sweep from its arguments to its exit status: check every input (exit 2), run this shard's
// runs on the worker pool, stop at a broken invariant or a determinism mismatch (exit 3, with the
// run's seed and the command that reproduces it), then write sweep.csv, aggregate.csv and
// sweep.json atomically and print the failed expectations with their replay commands (exit 1
// when there is one, 0 otherwise). Used by `faultline sweep` and by bench/sweep.ts.

import { describeCombination, assignmentText } from '../../scenarios/sweep/set-grid.ts';
import { ExitCode, fail } from '../exit.ts';
import { InputError } from '../scenario-files.ts';
import { runPool, type WorkerStats } from './pool.ts';
import { planSweep, faultlineVersion, formatSeeds, setTexts, verifySampled, type SweepArgs, type SweepPlan } from './plan.ts';
import { SweepProgress } from './progress.ts';
import { replayCommand } from './replay.ts';
import { MANIFEST_FORMAT, sweepColumns, writeSweep, type Failure, type SweepManifest, type SweepTable } from './outputs.ts';
import { shardText } from './shard.ts';
import { sweepReport } from './report.ts';
import { sweepReportHtml } from '../report/sweep-report.ts';
import { OutputDir } from '../output-dir.ts';
import type { ResiliencyPolicy } from '../../reports/policy/resiliency-policy.ts';
import type { RunPolicyFigures } from '../../reports/policy/sweep-compliance.ts';
import { judgePolicy, type PolicyVerdict } from './policy-verdict.ts';
import type { FaultCompliance } from '../../reports/policy/fault-compliance.ts';
import { onInterrupt } from '../interrupt.ts';
import { findEngine } from '../../engines/registry.ts';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import { comboCells, setColumnNames, setSpecOf } from './param-columns.ts';

export interface SweepResult {
  code: number;
  /** Per worker: runs and peak heap. */
  stats: WorkerStats[];
  /** Wall time of the runs (workers started to last result), seconds. */
  runsS: number;
  /** With a policy: per parameter combination, each fault judged on the chosen quantile (what `compare` tabulates). */
  policyJudged?: FaultCompliance[][];
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

export function isInputError(e: unknown): boolean {
  const name = (e as Error)?.name;
  return e instanceof InputError || name === 'SweepInputError' || name === 'ScenarioError' || name === 'InputError';
}

export interface ExecuteOptions {
  /** Where the report goes (stdout). */
  write?(text: string): void;
  /** The worker script (tests substitute a stand-in). */
  workerUrl?: URL;
}

export async function executeSweep(args: SweepArgs, opts: ExecuteOptions = {}): Promise<SweepResult> {
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  let plan: SweepPlan;
  try {
    plan = planSweep(args);
  } catch (e) {
    if (isInputError(e)) return { code: fail(ExitCode.BadInput, (e as Error).message), stats: [], runsS: 0 };
    throw e;
  }
  // The folder is taken before the first run, so that a folder another run holds (or a bad
  // --out) is refused before hours of runs; the signals are listened to before it is taken.
  let out: OutputDir | null = null;
  const stopListening = onInterrupt(() => {
    out?.abort();
    return out === null ? 'nothing was written' : `stopped the sweep; removed the unfinished ${plan.out}`;
  });
  try {
    try {
      out = new OutputDir(plan.out);
    } catch (e) {
      if (isInputError(e)) return { code: fail(ExitCode.BadInput, (e as Error).message), stats: [], runsS: 0 };
      throw e;
    }
    const r = await sweepInto(plan, out, write, opts);
    if (r.code === ExitCode.SimulatorBug) out.abort();
    return r;
  } catch (e) {
    out?.abort();
    throw e;
  } finally {
    stopListening();
  }
}

async function sweepInto(plan: SweepPlan, out: OutputDir, write: (text: string) => void, opts: ExecuteOptions): Promise<SweepResult> {
  const combos = plan.grid.combos;
  const replay = (combo: number, seed: number) => replayCommand(plan.scenarioArg, seed, combos[combo].combo, plan.check);
  const where = (combo: number, seed: number) => {
    const c = describeCombination(combos[combo].combo);
    return `seed ${seed}${c === '' ? '' : ` with ${c}`}`;
  };

  const progress = new SweepProgress(`sweep ${plan.name}${plan.shard.count > 1 ? ` shard ${shardText(plan.shard)}` : ''}`);
  const t0 = performance.now();
  let outcome;
  try {
    outcome = await runPool({ file: plan.shown, text: plan.grid.text, combos: combos.map((c) => c.combo), check: plan.check, ...(plan.policyOverride === undefined ? {} : { policy: plan.policyOverride }) }, plan.jobs, {
      workers: plan.workers,
      verify: plan.verify ? (j) => verifySampled(j.index) : undefined,
      progress: (done, total) => progress.update(done, total),
      workerUrl: opts.workerUrl,
    });
  } finally {
    progress.done();
  }
  const runsS = (performance.now() - t0) / 1000;

  if (outcome.error !== undefined) {
    const { job, error } = outcome.error;
    const repro = `reproduce: ${replay(job.combo, job.seed)}`;
    if (error.name === 'SimInvariantError') {
      return { code: fail(ExitCode.SimulatorBug, `simulator invariant broken in run ${job.index} (${where(job.combo, job.seed)}): ${oneLine(error.message)} (${repro})`), stats: outcome.stats, runsS };
    }
    process.stderr.write(`faultline: internal error in run ${job.index} (${where(job.combo, job.seed)}; ${repro}): ${error.stack}\n`);
    return { code: ExitCode.SimulatorBug, stats: outcome.stats, runsS };
  }
  if (outcome.mismatch !== undefined) {
    const { job, difference, firstWorker, rerunWorker } = outcome.mismatch;
    const how = firstWorker === rerunWorker ? `both on worker ${firstWorker}` : `first on worker ${firstWorker}, again on worker ${rerunWorker}`;
    return {
      code: fail(ExitCode.SimulatorBug, `determinism check failed: run ${job.index} (${where(job.combo, job.seed)}) gave different outputs when run twice (${how}): ${difference} (reproduce: ${replay(job.combo, job.seed)})`),
      stats: outcome.stats,
      runsS,
    };
  }

  const rows: string[][] = [];
  const failures: Failure[] = [];
  // The parameter columns in their units (bin/sweep/param-columns.ts); the manifest keeps the flags' text.
  const specOf = setSpecOf(findEngine(plan.engine)?.options ?? {}, plan.grid.flags);
  const setColumns = setColumnNames(plan.grid.flags.map((f) => f.key), specOf, SUMMARY_COLUMNS);
  plan.jobs.forEach((job, pos) => {
    const r = outcome.results[pos]!;
    const combo = combos[job.combo].combo;
    rows.push([...comboCells(combo, combos[job.combo].loaded.scenario.engine.options, specOf), ...r.cells]);
    if (!r.passed) failures.push({ run: job.index, seed: job.seed, set: combo.map(assignmentText), failed: r.failed, replay: replay(job.combo, job.seed) });
  });
  const manifest: SweepManifest = {
    format: MANIFEST_FORMAT,
    faultline: faultlineVersion(),
    scenario: plan.scenarioArg,
    scenario_name: plan.name,
    scenario_sha256: plan.sha256,
    seeds: formatSeeds(plan.seeds),
    set: setTexts(plan),
    set_columns: setColumns,
    check: plan.check,
    runs: plan.runs,
    shard: shardText(plan.shard),
    runs_in_shard: plan.jobs.length,
    failures,
  };
  const table: SweepTable = { manifest, columns: sweepColumns(setColumns), rows };
  const policy = plan.policy === undefined ? null : sweepPolicy(plan, plan.policy, outcome.results.map((r) => r!.policy));
  const files = writeSweep(out, table, [{ name: 'report.html', text: await sweepReportHtml(table) }, ...(policy?.files ?? [])]);
  const workers = Math.max(1, Math.min(plan.workers, plan.jobs.length));
  const report = sweepReport(table, { workers, elapsedS: runsS, files, verified: plan.verify ? outcome.verified : undefined });
  write(report.text);
  if (policy !== null) write(policy.text);
  // A breached policy fails the sweep as a failed expectation does (exit 1), never hiding worse.
  const code = policy?.breached === true && report.code === ExitCode.Ok ? ExitCode.ExpectationFailed : report.code;
  return { code, stats: outcome.stats, runsS, ...(policy === null ? {} : { policyJudged: policy.judged }) };
}

/** Per combination, the policy judged on the chosen quantile of each fault's figures over the seeds (bin/sweep/policy-verdict.ts). */
function sweepPolicy(plan: SweepPlan, policy: ResiliencyPolicy, figures: readonly (RunPolicyFigures | undefined)[]): PolicyVerdict {
  const groups = plan.grid.combos.map((c, ci) => ({
    set: describeCombination(c.combo),
    runs: plan.jobs.flatMap((j, pos) => (j.combo === ci && figures[pos] !== undefined ? [{ seed: j.seed, figures: figures[pos] }] : [])),
  }));
  return judgePolicy(policy, plan.policyPercent, groups);
}
