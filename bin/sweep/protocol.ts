// Messages between a sweep and its worker threads.

import type { Combination } from '../../scenarios/sweep/combination.ts';
import type { RunDigest } from './digest.ts';
import type { ResiliencyPolicy } from '../../reports/policy/resiliency-policy.ts';
import type { RunPolicyFigures } from '../../reports/policy/sweep-compliance.ts';

/** workerData: what every run of the sweep shares. */
export interface WorkerInit {
  /** The scenario file as shown in messages (the loader's `file`). */
  file: string;
  /** The scenario file's text. */
  text: string;
  /** Each parameter combination (`--set` values), in grid order, applied to the text's scenario. */
  combos: Combination[];
  /** Check histories for linearizability (`--no-check` turns it off). */
  check: boolean;
  /** `--policy`: replaces each run's `policy:` section (absent: the scenario's own, if any). */
  policy?: ResiliencyPolicy;
}

export interface JobRequest {
  type: 'job';
  index: number;
  combo: number;
  seed: number;
  /** Also return digests of the run's outputs (for --verify-determinism). */
  digest: boolean;
  /** A swarm run: its own scenario text instead of `text` and `combos[combo]`. */
  swarm?: SwarmJob;
}

/** What a swarm run adds to a job: the generated scenario, and where its liveness phase starts. */
export interface SwarmJob {
  text: string;
  /** Writes invoked from here on (simulated µs) must all succeed. */
  livenessFromUs: number;
}

/** What a swarm run adds to its answer. */
export interface SwarmDone {
  /** Writes invoked in the liveness phase, and how many of them did not succeed. */
  livenessWrites: number;
  livenessWritesFailed: number;
  /** A SimInvariantError's message: for a swarm a failing seed like any other, not the end of the run. */
  invariant: string | null;
  /** The widest span of lost acknowledged writes charged to one fault (faults.csv's rpo_s), seconds. */
  faultLossSpanS: number;
  /** Lost writes charged to some fault (a write can be charged to two overlapping ones). */
  faultLostWrites: number;
}

export interface WorkerMemory {
  /** V8 heap in use after the run, and the heap's size, of this worker's isolate (bytes). */
  heapUsed: number;
  heapTotal: number;
}

export interface JobDone extends WorkerMemory {
  type: 'done';
  index: number;
  /** The summary row, formatted as summary.csv writes it (SUMMARY_COLUMNS order). */
  cells: string[];
  passed: boolean;
  /** Each failed expectation, in words. */
  failed: string[];
  digest: RunDigest | null;
  swarm?: SwarmDone;
  /** With a policy: the run's per-fault figures; the sweep judges a quantile of them, not each run. */
  policy?: RunPolicyFigures;
}

export interface JobFailed {
  type: 'failed';
  index: number;
  error: { name: string; message: string; stack: string };
}

export type WorkerMessage = { type: 'ready' } | JobDone | JobFailed;
