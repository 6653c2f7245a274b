// Runs a client population's operations: assigns each a process id (a process has at most one
// operation in flight, as in Jepsen histories), records invoke and completion in the history,
// holds the retry policy and the attempt timeouts every operation shares.
// Leaves out: admission control (the workload decides when an operation starts).

import type { History } from './history.ts';
import type { Attempt, Operation } from './operation.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import type { RunningOp } from './running-op.ts';
import { TimeoutQueue } from './timeout-queue.ts';

export interface RetryPolicy {
  /** Per attempt. */
  timeoutUs: number;
  /** Total attempts, the first included. */
  attempts: number;
  backoffUs: number;
  maxBackoffUs: number;
}

/** Sees every failed attempt (to count throttling, for instance). */
export type AttemptObserver = (op: Operation, error: string) => void;

export class OpRunner {
  private freeProcesses: number[] = [];
  private nextProcess = 0;
  readonly timeouts: TimeoutQueue;

  constructor(
    readonly scheduler: Scheduler,
    readonly history: History,
    readonly policy: RetryPolicy,
    readonly rng: Rng,
    readonly observer?: AttemptObserver,
  ) {
    this.timeouts = new TimeoutQueue(scheduler, policy.timeoutUs, timedOut);
  }

  run(op: RunningOp): void {
    // A process has at most one operation in flight (as in Jepsen histories).
    op.process = this.freeProcesses.length > 0 ? this.freeProcesses.pop()! : this.nextProcess++;
    op.invokeUs = this.scheduler.now;
    this.history.invoke(op);
    op.start();
  }

  complete(op: RunningOp, type: 'ok' | 'fail' | 'info', value: number | null, error?: string): void {
    this.history.complete(op, type, value, op.attempt, error);
    // An info operation may still take effect later, so its process is never reused.
    if (type !== 'info') this.freeProcesses.push(op.process);
    op.onDone(op);
  }
}

/** Every attempt a runner starts belongs to one of its RunningOps. */
function timedOut(a: Attempt): void {
  (a.op as RunningOp).timedOut(a);
}
