// A storage node: one host in an AZ that holds replicas of many partitions. Its replicas share its
// CPU (one service queue) and its log device (one WAL: records complete in the order written,
// each after a latency drawn from `wal_latency`). The host is a node of its own (role `storage`),
// and each replica on it is a process node: a crash of the host crashes every replica on it and
// its restart restarts them; a pause of the host freezes them (their work waits on the host's gate);
// a clock fault on the host moves every replica's clock by the same jump and drift, as they run on
// the machine's clock (target one replica, e.g. { role: leader, partition: 3 }, to skew only it).
// Leaves out: replicas starting with the host's clock reading (each draws its own offset and drift
// within the region's bounds), disk and network bandwidth, and host replacement.

import type { SimNode } from '../../sim/node.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { Sim } from '../../sim/sim.ts';
import type { DynamoOptions } from './options.ts';
import type { Replica } from './replica.ts';

export class StorageHost {
  readonly replicas: Replica[] = [];
  readonly service: ServiceQueue;
  private readonly walLatency: Sampler;
  private walLastUs = 0;

  constructor(
    private readonly sim: Sim,
    readonly node: SimNode,
    opts: DynamoOptions,
  ) {
    const rng = sim.rng(`engine/dynamodb/${node.name}`);
    this.service = new ServiceQueue(node, opts.service.workers, sampler(opts.service.time, rng));
    this.walLatency = sampler(opts.walLatency, rng);
    node.hooks = {
      onCrash: () => {
        for (const r of this.replicas) r.node.crash();
      },
      onRestart: () => {
        for (const r of this.replicas) r.node.restart();
      },
      onClockAdjust: (jumpUs, driftPpm) => {
        for (const r of this.replicas) r.node.adjustClock(jumpUs, driftPpm);
      },
    };
  }

  /**
   * Makes something durable on the host's WAL device: `done(arg)` runs once it is, on the host's
   * gate (not if the host crashed meanwhile; later if it is paused). Completions keep write order.
   */
  persist(done: (arg: any) => void, arg: unknown): void {
    const now = this.sim.scheduler.now;
    let t = now + Math.round(this.walLatency());
    if (t < this.walLastUs) t = this.walLastUs;
    this.walLastUs = t;
    this.node.defer(t - now, done, arg);
  }
}
