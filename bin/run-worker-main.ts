// The thread a `faultline run` simulates on: it runs the scenario it is sent and writes the
// run's files into the output folder's temporary folder, then answers with what the terminal
// summary needs. It runs on its own thread so that the main thread stays free to receive Ctrl-C
// and SIGTERM (the simulation never yields), stop this thread and remove what it wrote.

import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { OutFile } from './output-dir.ts';
import { runToFiles } from './run-files.ts';
import type { RunRequest, RunWorkerMessage } from './run-protocol.ts';

const req = workerData as RunRequest;
const port = parentPort!;
const post = (m: RunWorkerMessage) => port.postMessage(m);

/** Progress is posted when it has moved by this much (a redraw needs no more). */
const PROGRESS_STEP = 0.001;

function run(): void {
  const files: OutFile[] = [];
  const open = (name: string) => {
    const f = new OutFile(path.join(req.outDir, name), path.join(req.tempDir, name));
    files.push(f);
    return f;
  };
  let posted = 0;
  const result = runToFiles(req.scenario, {
    intervalUs: req.intervalUs,
    history: req.history,
    check: req.check,
    progress: (f) => {
      if (f - posted < PROGRESS_STEP) return;
      posted = f;
      post({ type: 'progress', fraction: f });
    },
  }, open);
  for (const f of files) f.close();
  post({ type: 'done', summary: result.summary, faults: result.faults, faultRows: result.faultRows, expectations: result.expectations, passed: result.passed, policy: result.policy, domainSeries: result.domainSeries, regionRows: result.regionRows, crossRegionBytes: result.crossRegionBytes, conflictsLost: result.conflictsLost });
}

try {
  run();
} catch (e) {
  const err = e as Error & { code?: string };
  post({ type: 'failed', error: { name: String(err?.name ?? 'Error'), message: String(err?.message ?? err), stack: String(err?.stack ?? err), code: err?.code } });
}
