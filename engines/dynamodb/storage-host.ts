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
import type { Rng } from '../../sim/rng.ts';
import type { DynamoOptions } from './options.ts';

export interface StorageHostParts {
  opts: Pick<DynamoOptions, 'service' | 'walLatency'>;
  now: () => number;
  rng: Rng;
}

export class StorageHost {
  /** The replica processes it runs, in the order they were placed on it. */
  private readonly processes: SimNode[] = [];
  readonly service: ServiceQueue;
  private readonly now: () => number;
  private readonly walLatency: Sampler;
  private walLastUs = 0;

  constructor(
    readonly node: SimNode,
    parts: StorageHostParts,
  ) {
    const { opts, rng } = parts;
    this.now = parts.now;
    this.service = new ServiceQueue(node, opts.service.workers, sampler(opts.service.time, rng));
    this.walLatency = sampler(opts.walLatency, rng);
    node.hooks = {
      onCrash: () => {
        for (const p of this.processes) p.crash();
      },
      onRestart: () => {
        for (const p of this.processes) p.restart();
      },
      onClockAdjust: (jumpUs, driftPpm) => {
        for (const p of this.processes) p.adjustClock(jumpUs, driftPpm);
      },
    };
  }

  /** Places a replica process on this host: the host's crash, restart and clock faults reach it. */
  hold(process: SimNode): void {
    this.processes.push(process);
  }

  /**
   * Makes something durable on the host's WAL device: `done(arg)` runs once it is, on the host's
   * gate (not if the host crashed meanwhile; later if it is paused). Completions keep write order.
   */
  persist(done: (arg: any) => void, arg: unknown): void {
    const now = this.now();
    let t = now + Math.round(this.walLatency());
    if (t < this.walLastUs) t = this.walLastUs;
    this.walLastUs = t;
    this.node.defer(t - now, done, arg);
  }
}
