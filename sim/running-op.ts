// One operation in progress: its attempts, each with a timeout, and its retries with capped
// exponential backoff and full jitter. It ends ok on the first successful attempt; when attempts
// run out it ends fail if no attempt can have taken effect, info if one may have (a timeout after
// the request left, or a reply saying so).
// Leaves out: hedged or parallel attempts (one attempt at a time), and retry budgets shared
// between operations.

import { Attempt, type AttemptResult, type Consistency, type Driver, type Operation, type OpKind } from './operation.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import { fullJitterUs } from './backoff.ts';

/** The runner as an operation uses it (op-runner.ts). */
export interface OpRunnerPort {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly policy: { readonly attempts: number; readonly backoffUs: number; readonly maxBackoffUs: number };
  readonly timeouts: { arm(a: Attempt): void };
  readonly observer?: (op: Operation, error: string) => void;
  complete(op: RunningOp, type: 'ok' | 'fail' | 'info', value: number | null, error?: string): void;
}

export class RunningOp implements Operation {
  process = -1;
  invokeUs = 0;
  attempt = 0;
  /** Some attempt may have taken effect. */
  uncertain = false;
  /** A query by index key (operation.ts); set by the workload before the operation runs. */
  index?: boolean;
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
    private readonly runner: OpRunnerPort,
    /** The client running it: its attempts go through the client's driver. */
    readonly client: { readonly driver: Driver },
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
    if (r.final === true) {
      this.current = null;
      return this.runner.complete(this, this.uncertain ? 'info' : 'fail', this.value, r.error);
    }
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
