// A stand-in sweep worker for pool tests: answers without simulating. A seed of 1000 or more
// fails (as a broken invariant would) after (seed - 1000) ms; any other seed takes (seed % 100) ms.
// Digests are equal for every run unless workerData.unstable is set or the seed is in 500..999,
// when they name the worker thread, so a rerun on another worker disagrees.
import { parentPort, threadId, workerData } from 'node:worker_threads';

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

parentPort.on('message', (job) => {
  if (job.seed >= 1000) {
    sleep(job.seed - 1000);
    parentPort.postMessage({ type: 'failed', index: job.index, error: { name: 'SimInvariantError', message: `broken at seed ${job.seed}`, stack: 'stack' } });
    return;
  }
  sleep(job.seed % 100);
  const digest = job.digest ? { summary: [workerData.unstable || (job.seed >= 500 && job.seed < 1000) ? `thread ${threadId}` : 'same'], streams: [] } : null;
  parentPort.postMessage({ type: 'done', index: job.index, cells: [String(job.seed), `worker ${threadId}`], passed: true, failed: [], digest, heapUsed: 1, heapTotal: 2 });
});
parentPort.postMessage({ type: 'ready' });
