// `faultline run` once its input is valid: takes the output folder, simulates on a worker thread
// (bin/run-worker-main.ts) that writes the files into the folder's temporary sibling, and on
// success puts the folder in place and prints the summary. On Ctrl-C or SIGTERM it stops the
// thread and removes everything the run began (bin/interrupt.ts); on an error it removes it too
// and lets the error reach bin/report-error.ts with the command that reproduces it.

import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenarios/format/scenario.ts';
import { renderSummary } from '../reports/terminal-summary.ts';
import { formatDuration } from '../scenarios/format/units.ts';
import { OutputDir } from './output-dir.ts';
import { InputError } from './scenario-files.ts';
import { colorWanted, ExitCode } from './exit.ts';
import { Progress } from './progress.ts';
import { onInterrupt } from './interrupt.ts';
import { withoutUncheckedExpectations } from './unchecked-expectations.ts';
import type { RunRequest, RunWorkerMessage } from './run-protocol.ts';
import { workerScript } from './build-layout.ts';
import { prepareRunReport } from './report/run-report-prepare.ts';
import { readRunFolder } from './report/run-folder.ts';
import { runReportHtml } from './report/run-report.ts';
import type { HistoryMode } from './history-mode.ts';

const RUN_WORKER_URL = workerScript(import.meta.url, 'run-worker');

export interface RunPlan {
  scenario: Scenario;
  intervalUs: number;
  history: HistoryMode;
  check: boolean;
  quiet: boolean;
  /** Write report.html (--no-report skips it). */
  report: boolean;
  outDir: string;
  /** For the reproduce hint of an error: the scenario as named, and the --set flags. */
  scenarioArg: string;
  sets: readonly string[];
}

type Done = Extract<RunWorkerMessage, { type: 'done' }>;

/** An error as the worker reported it, rebuilt with its name, so report-error classifies it. */
function rebuilt(e: Extract<RunWorkerMessage, { type: 'failed' }>['error']): Error {
  const err = e.name === 'InputError' ? new InputError(e.message) : new Error(e.message);
  if (e.name !== 'InputError') Object.defineProperty(err, 'name', { value: e.name });
  err.stack = e.stack;
  return err;
}

function simulate(worker: Worker, progress: Progress): Promise<Done> {
  return new Promise<Done>((resolve, reject) => {
    worker.on('message', (m: RunWorkerMessage) => {
      if (m.type === 'progress') progress.update(m.fraction);
      else if (m.type === 'done') resolve(m);
      else reject(rebuilt(m.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the simulation thread stopped before the run finished (exit code ${code})`)));
  });
}

/** Lines of the summary with the notes of expectations set aside put after the expectations. */
function withNotes(text: string, notes: readonly string[], quiet: boolean): string {
  const lines = text.split('\n');
  if (quiet) return [...lines.filter((l) => /[✓✗]/.test(l)), ...notes.map((n) => `    - ${n}`)].map((l) => l + '\n').join('');
  if (notes.length === 0) return text;
  const at = lines.findIndex((l) => l.startsWith('  outputs'));
  const block = [...(lines.includes('  expect') ? [] : ['  expect']), ...notes.map((n) => `    - ${n}`)];
  lines.splice(at < 0 ? lines.length - 1 : at, 0, ...block);
  return lines.join('\n');
}

export async function executeRun(p: RunPlan): Promise<number> {
  const { scenario: s, notes } = withoutUncheckedExpectations(p.scenario, p.check);
  const progress = new Progress(`${s.name} seed ${s.seed}`);
  // The charting libraries load, and the charts expected compile, on this thread while the
  // simulation runs on its own, so the report costs only its drawing once the run is over.
  // A failure surfaces when drawn.
  if (p.report) prepareRunReport(s, p.intervalUs).catch(() => undefined);
  let out: OutputDir | null = null;
  let worker: Worker | null = null;
  // Listening before the folder is taken: a signal in between would otherwise kill the process
  // with the lock and the temporary folder in place.
  const stopListening = onInterrupt(async () => {
    await worker?.terminate();
    progress.done();
    out?.abort();
    return out === null ? 'nothing was written' : `removed the unfinished ${p.outDir}`;
  });
  try {
    out = new OutputDir(p.outDir);
    const request: RunRequest = { scenario: s, intervalUs: p.intervalUs, history: p.history, check: p.check, outDir: p.outDir, tempDir: out.tempDir };
    worker = new Worker(RUN_WORKER_URL, { workerData: request });
    const result = await simulate(worker, progress);
    if (p.report) {
      const html = await runReportHtml(readRunFolder(out.tempDir), { expectations: result.expectations, notes, domainSeries: result.domainSeries });
      out.open('report.html').write(html);
    }
    progress.done();
    out.commit();
    const text = renderSummary({ row: result.summary, faults: result.faults, faultRows: result.faultRows, expectations: result.expectations, policy: result.policy, outDir: p.outDir, color: colorWanted(), formatUs: formatDuration,
      ...(result.regionRows.length > 0 ? { regions: { rows: result.regionRows, crossRegionBytes: result.crossRegionBytes } } : {}),
      ...(result.conflictsLost === null ? {} : { conflictsLost: result.conflictsLost }) });
    process.stdout.write(withNotes(text, notes, p.quiet));
    return result.passed ? ExitCode.Ok : ExitCode.ExpectationFailed;
  } catch (e) {
    progress.done();
    await worker?.terminate();
    out?.abort();
    if (e instanceof InputError) throw e;
    throw Object.assign(e as Error, { seed: s.seed, scenarioName: p.scenarioArg, sets: p.sets });
  } finally {
    stopListening();
  }
}
