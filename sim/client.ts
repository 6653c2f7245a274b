// A client: an application process placed in an AZ that runs operations through an engine's
// driver, with a timeout per attempt and retries with capped exponential backoff and full jitter.
// Every operation lands in the history as invoke then ok | fail | info: fail when no attempt can
// have taken effect, info when one may have (a timeout after the request left, or a reset).
// Leaves out: client crashes (clients in a failed AZ are marked down and take no new work).

import type { Endpoint } from './endpoint.ts';
import { Attempt, type AttemptResult, type Consistency, type Driver, type Operation, type OpKind } from './operation.ts';
import type { History } from './history.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import { fullJitterUs } from './backoff.ts';

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

export class SimClient implements Endpoint {
  id = -1;
  readonly kind = 'client' as const;
  readonly incarnation = 0;
  /** False while the client's AZ is out: it starts no new operations. */
  up = true;
  driver!: Driver;

  constructor(
    readonly name: string,
    readonly az: string,
    readonly index: number,
  ) {}

  gate(fn: (arg: any) => void, arg: unknown): void {
    fn(arg);
  }
}

/** One operation in progress: its attempts, timeout and retries. */
export class RunningOp implements Operation {
  process = -1;
  invokeUs = 0;
  attempt = 0;
  /** Some attempt may have taken effect. */
  uncertain = false;
  private current: Attempt | null = null;

  constructor(
    readonly id: number,
    readonly kind: OpKind,
    readonly keyIndex: number,
    readonly key: string,
    readonly value: number | null,
    readonly consistency: Consistency,
    readonly sizeBytes: number,
    readonly clientIndex: number,
    private readonly runner: OpRunner,
    readonly client: SimClient,
    readonly onDone: (op: RunningOp) => void,
  ) {}

  start(): void {
    this.attempt++;
    const a = new Attempt(this, this.attempt, onAttemptResult);
    this.current = a;
    this.runner.timeouts.arm(a);
    this.client.driver.start(a);
  }

  result(a: Attempt, r: AttemptResult): void {
    // The attempt is finished now, so its pending timeout will be skipped.
    if (a !== this.current) return;
    if (r.ok) return this.runner.complete(this, 'ok', this.kind === 'read' ? r.value : this.value);
    if (r.maybeApplied) this.uncertain = true;
    this.runner.observer?.(this, r.error);
    this.retryOrGiveUp(r.error);
  }

  timedOut(a: Attempt): void {
    if (a !== this.current || a.finished) return;
    a.finished = true;
    if (a.sent) this.uncertain = true;
    this.client.driver.abandon(a);
    this.runner.observer?.(this, 'timeout');
    this.retryOrGiveUp('timeout');
  }

  private retryOrGiveUp(error: string): void {
    this.current = null;
    const p = this.runner.policy;
    if (this.attempt < p.attempts) {
      const delay = fullJitterUs(p.backoffUs, p.maxBackoffUs, this.attempt, this.runner.rng);
      this.runner.scheduler.after(delay, restart, this);
      return;
    }
    this.runner.complete(this, this.uncertain ? 'info' : 'fail', this.value, error);
  }
}

function onAttemptResult(a: Attempt, r: AttemptResult): void {
  (a.op as RunningOp).result(a, r);
}
function restart(op: RunningOp): void {
  op.start();
}

/** Runs operations: assigns process ids, records the history, and applies the retry policy. */
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
    this.timeouts = new TimeoutQueue(scheduler, policy.timeoutUs);
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

/**
 * Attempt timeouts. Every attempt waits the same `timeoutUs`, so deadlines come due in the order
 * attempts started: a FIFO with one scheduler event for its head replaces one heap entry (and
 * one cancellation) per attempt. An attempt that finished before its deadline is skipped.
 */
export class TimeoutQueue {
  private queue: Attempt[] = [];
  private head = 0;
  private armedFor = -1;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly timeoutUs: number,
  ) {}

  arm(a: Attempt): void {
    a.deadlineUs = this.scheduler.now + this.timeoutUs;
    this.queue.push(a);
    if (this.armedFor < 0) this.wake(a.deadlineUs);
  }

  private wake(atUs: number): void {
    this.armedFor = atUs;
    this.scheduler.at(atUs, expire, this);
  }

  /** Times out every due attempt still waiting, then waits for the next deadline. */
  expire(): void {
    // Invariant: one wake-up pending at a time; attempts armed while expiring do not add one.
    this.armedFor = Infinity;
    const now = this.scheduler.now;
    while (this.head < this.queue.length) {
      const a = this.queue[this.head];
      if (!a.finished && a.deadlineUs > now) break;
      this.head++;
      if (!a.finished) (a.op as RunningOp).timedOut(a);
    }
    this.armedFor = -1;
    if (this.head < this.queue.length) this.wake(this.queue[this.head].deadlineUs);
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

function expire(q: TimeoutQueue): void {
  q.expire();
}
