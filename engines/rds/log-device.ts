// An instance's durable log device (EBS): writes complete in order, each after a latency drawn
// from the storage profile, so "persisted up to LSN n" is always a prefix.
// Models: commit latency from storage; durability across crashes (what completed stays).
// Leaves out: IOPS and throughput limits, and group commit batching.

import type { Sampler } from '../../sim/distribution.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Scheduler } from '../../sim/scheduler.ts';

export class LogDevice {
  private lastCompletionUs = 0;

  constructor(
    private readonly node: SimNode,
    private readonly scheduler: Scheduler,
    private readonly latency: Sampler,
  ) {}

  /** Persists something; `done(arg)` runs when it is durable (unless the process crashed). */
  write(done: (arg: any) => void, arg: unknown): void {
    const now = this.scheduler.now;
    let t = now + Math.round(this.latency());
    if (t < this.lastCompletionUs) t = this.lastCompletionUs;
    this.lastCompletionUs = t;
    this.node.defer(t - now, done, arg);
  }
}
