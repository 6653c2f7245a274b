// One sweep worker: runs the jobs it is sent, one at a time, exactly as `faultline run` would
// (same loading, same options, linearizability checked unless the sweep said --no-check), and
// answers with the formatted summary row, the failed expectations and, when asked, digests of the
// files `faultline run` would have written. A swarm job brings its own scenario text; it answers
// with the writes of its liveness phase too, and a broken simulator invariant is its verdict
// rather than the end of the swarm.

import { parentPort, workerData } from 'node:worker_threads';
import v8 from 'node:v8';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { prepareCombination } from '../../scenarios/sweep/set-values.ts';
import { runScenario, type RunSinks } from '../../scenarios/run.ts';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import { formatCell } from '../../reports/format-number.ts';
import { describeExpectation } from '../../reports/expectations.ts';
import { StreamHasher, type RunDigest } from './digest.ts';
import { runOutputs } from '../run-outputs.ts';
import { FULL_HISTORY } from '../history-mode.ts';
import { withoutUncheckedExpectations } from '../unchecked-expectations.ts';
import type { JobDone, JobFailed, JobRequest, SwarmJob, WorkerInit, WorkerMessage } from './protocol.ts';
import type { TimeseriesRow } from '../../reports/measure/timeseries.ts';
import { SimInvariantError } from '../../sim/invariant.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';

const init = workerData as WorkerInit;
const port = parentPort!;

function post(m: WorkerMessage): void {
  port.postMessage(m);
}

/** Sinks that hash what `faultline run` writes to each file, byte for byte. */
function digestSinks(): { sinks: RunSinks; finish(faultRows: Record<string, unknown>[], violation: string | null, faultColumns: readonly string[]): RunDigest['streams'] } {
  const hashers: StreamHasher[] = [];
  const outputs = runOutputs((name) => {
    const h = new StreamHasher(name);
    hashers.push(h);
    return { write: (text) => h.add(text) };
  }, FULL_HISTORY);
  return {
    sinks: outputs.sinks,
    finish(faultRows, violation, faultColumns) {
      outputs.finish(faultRows, violation, faultColumns);
      return hashers.map((h) => h.finish());
    },
  };
}

/** A swarm run: counts the writes of its liveness phase, and a broken invariant is its verdict. */
function runSwarmJob(job: JobRequest, swarm: SwarmJob): JobDone {
  const { scenario } = prepareScenario(swarm.text, init.file, { seedOverride: job.seed });
  let writes = 0;
  let writesOk = 0;
  const timeseries = (row: TimeseriesRow) => {
    if (row.t_s * 1e6 < swarm.livenessFromUs) return;
    writes += row.writes;
    writesOk += row.writes_ok;
  };
  const heap = () => v8.getHeapStatistics();
  try {
    const result = runScenario(scenario, { checkLinearizability: init.check, sinks: { timeseries } });
    const h = heap();
    const cells = SUMMARY_COLUMNS.map((c) => formatCell(result.summary[c]));
    const spans = result.faultRows.map((r) => Number(r.rpo_s ?? 0));
    const faultLostWrites = result.faultRows.reduce((n, r) => n + Number(r.lost_writes ?? 0), 0);
    const swarmDone = { livenessWrites: writes, livenessWritesFailed: writes - writesOk, invariant: null, faultLossSpanS: Math.max(0, ...spans), faultLostWrites };
    return { type: 'done', index: job.index, cells, passed: result.passed, failed: [], digest: null, heapUsed: h.used_heap_size, heapTotal: h.total_heap_size, swarm: swarmDone };
  } catch (e) {
    if (!(e instanceof SimInvariantError)) throw e;
    const h = heap();
    return { type: 'done', index: job.index, cells: [], passed: false, failed: [], digest: null, heapUsed: h.used_heap_size, heapTotal: h.total_heap_size, swarm: { livenessWrites: writes, livenessWritesFailed: writes - writesOk, invariant: e.message, faultLossSpanS: 0, faultLostWrites: 0 } };
  }
}

/** Each combination's scenario as loaded for its first seed: a seed changes nothing else in it. */
const loaded = new Map<number, Scenario>();

/** The combination's scenario with this seed, loaded (and checked) once per combination. */
function scenarioFor(combo: number, seed: number): Scenario {
  const first = loaded.get(combo);
  // A seed the loader would refuse goes through it, to be refused with its message.
  if (first !== undefined && Number.isSafeInteger(seed) && seed >= 0) return { ...first, seed };
  // As `faultline run --set ... --seed` loads it (the replay command a sweep prints).
  const s = prepareCombination(init.text, init.file, init.combos[combo], seed).loaded.scenario;
  loaded.set(combo, s);
  return s;
}

function runJob(job: JobRequest): JobDone {
  if (job.swarm !== undefined) return runSwarmJob(job, job.swarm);
  const prepared = scenarioFor(job.combo, job.seed);
  const { scenario } = withoutUncheckedExpectations(init.policy === undefined ? prepared : { ...prepared, policy: init.policy }, init.check);
  const d = job.digest ? digestSinks() : null;
  const result = runScenario(scenario, { checkLinearizability: init.check, sinks: d?.sinks });
  const cells = SUMMARY_COLUMNS.map((c) => formatCell(result.summary[c]));
  const heap = v8.getHeapStatistics();
  return {
    type: 'done',
    index: job.index,
    cells,
    // A policy is judged over the seeds (a quantile), so one seed's breach does not fail its run.
    passed: result.expectations.every((e) => e.ok),
    failed: result.expectations.filter((e) => !e.ok).map(describeExpectation),
    ...(result.policy === null ? {} : { policy: { rtoUs: result.policy.faults.map((f) => f.rtoUs), rpoUs: result.policy.faults.map((f) => f.rpoUs), types: result.policy.faults.map((f) => f.disruptionType) } }),
    digest: d === null ? null : { summary: cells, streams: d.finish(result.faultRows, result.violation, result.faultColumns) },
    heapUsed: heap.used_heap_size,
    heapTotal: heap.total_heap_size,
  };
}

port.on('message', (job: JobRequest) => {
  try {
    post(runJob(job));
  } catch (e) {
    const err = e as Error;
    const failed: JobFailed = { type: 'failed', index: job.index, error: { name: String(err?.name ?? 'Error'), message: String(err?.message ?? err), stack: String(err?.stack ?? err) } };
    post(failed);
  }
});
post({ type: 'ready' });
