// Attempt timeouts. Every attempt waits the same `timeoutUs`, so deadlines come due in the order
// attempts started: a FIFO with one scheduler event for its head replaces one heap entry (and one
// cancellation) per attempt. An attempt that finished before its deadline is skipped.
// Leaves out: per-attempt timeouts that differ (a client's policy has one timeout).

import type { Attempt } from './operation.ts';
import type { Scheduler } from './scheduler.ts';

export class TimeoutQueue {
  private queue: Attempt[] = [];
  private head = 0;
  private armedFor = -1;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly timeoutUs: number,
    /** Told of each attempt still unfinished at its deadline. */
    private readonly timedOut: (a: Attempt) => void,
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
      if (!a.finished) this.timedOut(a);
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
