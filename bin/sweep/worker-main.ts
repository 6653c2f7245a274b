// One sweep worker: runs the jobs it is sent, one at a time, exactly as `faultline run` would
// (same loading, same options, linearizability checked unless the sweep said --no-check), and
// answers with the formatted summary row, the failed expectations and, when asked, digests of the
// files `faultline run` would have written.

import { parentPort, workerData } from 'node:worker_threads';
import v8 from 'node:v8';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { runScenario, type RunSinks } from '../../scenarios/run.ts';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import { formatCell } from '../../reports/format-number.ts';
import { describeExpectation } from '../../reports/expectations.ts';
import { csvHeader, csvRows } from '../../reports/csv.ts';
import { historyLine } from '../../reports/history-jsonl.ts';
import { EVENT_COLUMNS, eventRow } from '../../reports/events-table.ts';
import { TIMESERIES_COLUMNS } from '../../reports/timeseries-columns.ts';
import { FAULT_COLUMNS } from '../../reports/fault-table.ts';
import { StreamHasher, type RunDigest } from './digest.ts';
import type { JobDone, JobFailed, JobRequest, WorkerInit, WorkerMessage } from './protocol.ts';

const init = workerData as WorkerInit;
const port = parentPort!;

function post(m: WorkerMessage): void {
  port.postMessage(m);
}

/** Sinks that hash what `faultline run` writes to each file, byte for byte. */
function digestSinks(): { sinks: RunSinks; finish(faultRows: Record<string, unknown>[], violation: string | null): RunDigest['streams'] } {
  const history = new StreamHasher('history.jsonl');
  const ts = new StreamHasher('timeseries.csv');
  const ev = new StreamHasher('events.csv');
  let tsColumns: readonly string[] | null = null;
  ev.add(csvHeader(EVENT_COLUMNS));
  return {
    sinks: {
      history: (e, client) => history.add(historyLine(e, client)),
      timeseries: (row) => {
        const columns = tsColumns ?? [...TIMESERIES_COLUMNS, ...Object.keys(row).filter((k) => !TIMESERIES_COLUMNS.includes(k))];
        if (tsColumns === null) ts.add(csvHeader(columns));
        tsColumns = columns;
        ts.add(csvRows(columns, [row]));
      },
      event: (e) => ev.add(csvRows(EVENT_COLUMNS, [eventRow(e)])),
    },
    finish(faultRows, violation) {
      const faults = new StreamHasher('faults.csv');
      faults.add(csvHeader(FAULT_COLUMNS));
      faults.add(csvRows(FAULT_COLUMNS, faultRows));
      const out = [history.finish(), ts.finish(), ev.finish(), faults.finish()];
      if (violation !== null) {
        const v = new StreamHasher('violation.txt');
        v.add(violation);
        out.push(v.finish());
      }
      return out;
    },
  };
}

function runJob(job: JobRequest): JobDone {
  const { scenario } = prepareScenario(init.texts[job.combo], init.file, { seedOverride: job.seed });
  const d = job.digest ? digestSinks() : null;
  const result = runScenario(scenario, { checkLinearizability: init.check, sinks: d?.sinks });
  const cells = SUMMARY_COLUMNS.map((c) => formatCell(result.summary[c]));
  const heap = v8.getHeapStatistics();
  return {
    type: 'done',
    index: job.index,
    cells,
    passed: result.passed,
    failed: result.expectations.filter((e) => !e.ok).map(describeExpectation),
    digest: d === null ? null : { summary: cells, streams: d.finish(result.faultRows, result.violation) },
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
