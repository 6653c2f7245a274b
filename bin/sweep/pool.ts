// The worker pool of a sweep: N worker threads, each running one job at a time; the next job in
// canonical order goes to whichever worker is free. Results are kept by run index, so nothing
// about them depends on which worker ran what or when it finished.
//
// Verification (--verify-determinism): a sampled run is run with digests, then run again on a
// different worker (on the same one when there is only one) and the two digests compared.
// Stopping: when a run throws, no further run is started; the runs already started finish and the
// failure with the lowest index is reported. Since runs start in index order, every run before it
// has been started, so the reported run is the first failing one whatever the timing.

import { Worker } from 'node:worker_threads';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import { firstDifference, type RunDigest } from './digest.ts';
import type { JobDone, JobFailed, JobRequest, SwarmJob, WorkerInit, WorkerMessage } from './protocol.ts';
import { workerScript } from '../build-layout.ts';

const WORKER_URL = workerScript(import.meta.url, 'worker');

export interface PoolJob {
  index: number;
  combo: number;
  seed: number;
  swarm?: SwarmJob;
}

export interface WorkerStats {
  worker: number;
  runs: number;
  /** Largest V8 heap in use measured after a run, and largest heap size, in bytes. */
  peakHeapUsed: number;
  peakHeapTotal: number;
  /** The heap in use after each run, in the order this worker ran them (bytes). */
  heapUsedAfterRun: number[];
}

export interface PoolOutcome {
  /** By position in the job list given; all present unless `error` or `mismatch` is set. */
  results: (JobDone | undefined)[];
  error?: { job: PoolJob; error: JobFailed['error'] };
  mismatch?: { job: PoolJob; difference: string; firstWorker: number; rerunWorker: number };
  /** Sampled runs whose rerun agreed. */
  verified: number;
  /** Every rerun compared: the run's index and the workers of its two runs. */
  reruns: { index: number; firstWorker: number; rerunWorker: number }[];
  stats: WorkerStats[];
}

export interface PoolOptions {
  workers: number;
  /** Whether this job is rerun to verify determinism. */
  verify?(job: PoolJob): boolean;
  /** When the first worker is ready (0 done), then after each finished run or rerun: how many are done out of how many in all. */
  progress?(done: number, total: number): void;
  /** The worker script (tests substitute their own). */
  workerUrl?: URL;
}

interface Slot {
  id: number;
  worker: Worker;
  ready: boolean;
  busy: { pos: number; rerun: boolean } | null;
  stats: WorkerStats;
}

interface Rerun {
  pos: number;
  firstWorker: number;
  digest: RunDigest;
  /** Sent to a worker already. */
  taken: boolean;
}

export function runPool(init: WorkerInit, jobs: readonly PoolJob[], opts: PoolOptions): Promise<PoolOutcome> {
  const count = Math.max(1, Math.min(opts.workers, jobs.length));
  const verify = opts.verify ?? (() => false);
  const results: (JobDone | undefined)[] = new Array(jobs.length);
  const reruns: Rerun[] = [];
  const total = jobs.length + jobs.filter((j) => verify(j)).length;
  let done = 0;
  let next = 0;
  let stopped = false;
  let verified = 0;
  const compared: PoolOutcome['reruns'] = [];
  let error: PoolOutcome['error'];
  let mismatch: PoolOutcome['mismatch'];

  if (jobs.length === 0) return Promise.resolve({ results, verified, reruns: compared, stats: [] });

  return new Promise<PoolOutcome>((resolve, reject) => {
    let settled = false;
    const slots: Slot[] = [];

    const finish = (e?: Error) => {
      if (settled) return;
      settled = true;
      const stats = slots.map((s) => s.stats);
      Promise.all(slots.map((s) => s.worker.terminate())).then(
        () => (e === undefined ? resolve({ results, error, mismatch, verified, reruns: compared.sort((a, b) => a.index - b.index), stats }) : reject(e)),
        (te: Error) => reject(e ?? te),
      );
    };

    const send = (slot: Slot, pos: number, rerun: boolean) => {
      const j = jobs[pos];
      slot.busy = { pos, rerun };
      const req: JobRequest = { type: 'job', index: j.index, combo: j.combo, seed: j.seed, digest: rerun || verify(j), swarm: j.swarm };
      slot.worker.postMessage(req);
    };

    const dispatch = () => {
      for (const slot of slots) {
        if (!slot.ready || slot.busy !== null || stopped) continue;
        const r = reruns.find((x) => !x.taken && (x.firstWorker !== slot.id || slots.length === 1));
        if (r !== undefined) {
          r.taken = true;
          send(slot, r.pos, true);
          continue;
        }
        if (next < jobs.length) send(slot, next++, false);
      }
      const idle = slots.every((s) => s.busy === null);
      if (idle && (stopped || (next === jobs.length && reruns.length === 0))) finish();
    };

    const onMessage = (slot: Slot, m: WorkerMessage) => {
      if (m.type === 'ready') {
        if (slots.every((x) => !x.ready)) opts.progress?.(0, total);
        slot.ready = true;
        dispatch();
        return;
      }
      const busy = slot.busy!;
      slot.busy = null;
      const job = jobs[busy.pos];
      if (m.type === 'failed') {
        if (error === undefined || job.index < error.job.index) error = { job, error: m.error };
        stopped = true;
      } else {
        slot.stats.runs++;
        slot.stats.peakHeapUsed = Math.max(slot.stats.peakHeapUsed, m.heapUsed);
        slot.stats.peakHeapTotal = Math.max(slot.stats.peakHeapTotal, m.heapTotal);
        slot.stats.heapUsedAfterRun.push(m.heapUsed);
        if (!busy.rerun) {
          results[busy.pos] = m;
          if (m.digest !== null) reruns.push({ pos: busy.pos, firstWorker: slot.id, digest: m.digest, taken: false });
        } else {
          const k = reruns.findIndex((r) => r.pos === busy.pos);
          const first = reruns[k];
          reruns.splice(k, 1);
          const difference = firstDifference(first.digest, m.digest!, SUMMARY_COLUMNS);
          compared.push({ index: job.index, firstWorker: first.firstWorker, rerunWorker: slot.id });
          if (difference === null) verified++;
          else {
            if (mismatch === undefined || job.index < mismatch.job.index) mismatch = { job, difference, firstWorker: first.firstWorker, rerunWorker: slot.id };
            stopped = true;
          }
        }
        done++;
        opts.progress?.(done, total);
      }
      dispatch();
    };

    for (let id = 1; id <= count; id++) {
      const worker = new Worker(opts.workerUrl ?? WORKER_URL, { workerData: init });
      const slot: Slot = { id, worker, ready: false, busy: null, stats: { worker: id, runs: 0, peakHeapUsed: 0, peakHeapTotal: 0, heapUsedAfterRun: [] } };
      slots.push(slot);
      worker.on('message', (m: WorkerMessage) => onMessage(slot, m));
      worker.on('error', (e) => finish(e));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`sweep worker ${id} exited unexpectedly (code ${code})`));
      });
    }
  });
}
