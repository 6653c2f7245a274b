// A node's service queue: N workers and a service-time distribution, FIFO.
// Models: queueing delay and saturation emerging from load (M/M/c when arrivals are Poisson and
// service exponential); a crash empties the queue, a pause holds the workers.
// Leaves out: priorities, admission limits and per-request-type service times (callers pick
// the sampler per submit if they need different costs).

import type { SimNode } from './node.ts';
import type { Sampler } from './distribution.ts';
import { wholeUs } from './time.ts';

interface Job {
  q: ServiceQueue;
  inc: number;
  fn: (arg: any) => void;
  arg: unknown;
  serviceUs: number;
}

export class ServiceQueue {
  busy = 0;
  /** Jobs completed (for utilisation figures). */
  completed = 0;
  private waiting: Job[] = [];
  private head = 0;
  /** The process incarnation this queue's contents belong to. */
  private inc: number;

  constructor(
    readonly node: SimNode,
    /** Workers serving at once; setWorkers changes it (Aurora Serverless v2 capacity). */
    public workers: number,
    private readonly serviceTime: Sampler,
  ) {
    this.inc = node.incarnation;
  }

  /** Changes the number of workers from now on: more start waiting jobs at once; fewer let running jobs finish. */
  setWorkers(n: number): void {
    this.workers = n;
    if (this.inc !== this.node.incarnation) return;
    while (this.busy < this.workers && this.head < this.waiting.length) this.start(this.waiting[this.head++]);
  }

  get queued(): number {
    return this.waiting.length - this.head;
  }

  /** Queues `fn(arg)`; it runs when a worker has spent a service time on it. */
  submit(fn: (arg: any) => void, arg?: unknown, serviceUs?: number): void {
    // Invariant: a queue only holds work of the current process; a crash empties it.
    if (this.inc !== this.node.incarnation) this.reset();
    const job: Job = { q: this, inc: this.node.incarnation, fn, arg, serviceUs: serviceUs ?? -1 };
    // A free worker takes the new job only when nobody waits: a job submitted from a completion
    // callback (a worker is free for that moment) must not jump the queue.
    if (this.busy < this.workers && this.head === this.waiting.length) this.start(job);
    else this.waiting.push(job);
  }

  /** Drops every queued job and frees the workers (the process died). */
  reset(): void {
    this.inc = this.node.incarnation;
    this.busy = 0;
    this.waiting = [];
    this.head = 0;
  }

  private start(job: Job): void {
    this.busy++;
    const s = job.serviceUs >= 0 ? job.serviceUs : this.serviceTime();
    // A sampled service time is real-valued; deferring by it unrounded would make simulated time
    // (and every later timestamp on the node) fractional, against the whole-microsecond rule.
    this.node.defer(wholeUs(s), finish, job);
  }

  /** A worker finished `job`: run it, then take the next waiting job. */
  finished(job: Job): void {
    if (job.inc !== this.node.incarnation) return;
    this.busy--;
    this.completed++;
    job.fn(job.arg);
    // The job's work may have crashed the process; what waits belonged to the dead one and
    // must not start under the new incarnation.
    if (job.inc !== this.node.incarnation) return;
    if (this.busy < this.workers && this.head < this.waiting.length) {
      const next = this.waiting[this.head++];
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      this.start(next);
    }
  }
}

function finish(job: Job): void {
  job.q.finished(job);
}
