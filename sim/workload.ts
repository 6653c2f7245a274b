// The load generator: open loop (Poisson arrivals at a total rate) or closed loop (a fixed number
// of concurrent callers, each starting its next operation when the last one ends), a read/write
// mix, key choice, and unique written values. Each operation goes to a client picked at random
// among those that are up, the way a load balancer spreads requests over the application tier,
// so an AZ outage moves load to the surviving clients instead of failing it.
// Leaves out: think time, per-client rates, and diurnal load shapes.

import type { Consistency } from './operation.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import { type KeyChooser, keyName } from './key-chooser.ts';
import { RunningOp, type OpRunner, type SimClient } from './client.ts';

export type Load = { kind: 'open'; ratePerS: number } | { kind: 'closed'; concurrency: number };

export interface WorkloadSpec {
  load: Load;
  /** Fraction of operations that are reads, in [0, 1]. */
  readFraction: number;
  consistency: Consistency;
  valueSizeBytes: number;
  /** No operation is invoked at or after this time. */
  endUs: number;
}

/** How often a closed-loop caller with no client up looks again. */
const IDLE_POLL_US = 10_000;

export class Workload {
  invoked = 0;
  private nextOpId = 0;
  private nextValue = 1;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly runner: OpRunner,
    private readonly clients: SimClient[],
    private readonly spec: WorkloadSpec,
    private readonly chooseKey: KeyChooser,
    private readonly arrivals: Rng,
    private readonly ops: Rng,
  ) {}

  start(): void {
    const load = this.spec.load;
    if (load.kind === 'open') {
      if (load.ratePerS > 0) this.scheduler.after(this.interArrivalUs(load.ratePerS), openArrival, this);
    } else {
      for (let i = 0; i < load.concurrency; i++) this.scheduler.after(0, closedCaller, this);
    }
  }

  private interArrivalUs(ratePerS: number): number {
    return Math.max(1, Math.round(this.arrivals.exponential(1e6 / ratePerS)));
  }

  /** One open-loop arrival: start an operation, then schedule the next arrival. */
  arrive(): void {
    if (this.scheduler.now >= this.spec.endUs) return;
    const load = this.spec.load as { kind: 'open'; ratePerS: number };
    const client = this.pickClient();
    if (client !== null) this.launch(client, noop);
    this.scheduler.after(this.interArrivalUs(load.ratePerS), openArrival, this);
  }

  /** One closed-loop caller: run an operation, and another when it ends. */
  callerNext(): void {
    if (this.scheduler.now >= this.spec.endUs) return;
    const client = this.pickClient();
    if (client === null) {
      this.scheduler.after(IDLE_POLL_US, closedCaller, this);
      return;
    }
    this.launch(client, this.closedDone);
  }

  private readonly closedDone = (): void => {
    this.scheduler.after(0, closedCaller, this);
  };

  private pickClient(): SimClient | null {
    const clients = this.clients;
    // One draw over all clients; if it lands on a down one, a second draw over the up ones.
    // Either way each up client is equally likely (1/n + (down/n)(1/up) = 1/up).
    const first = clients[this.arrivals.int(clients.length)];
    if (first.up) return first;
    let up = 0;
    for (let i = 0; i < clients.length; i++) if (clients[i].up) up++;
    if (up === 0) return null;
    let k = this.arrivals.int(up);
    for (let i = 0; i < clients.length; i++) {
      if (!clients[i].up) continue;
      if (k-- === 0) return clients[i];
    }
    return null;
  }

  private launch(client: SimClient, onDone: (op: RunningOp) => void): void {
    const isRead = this.ops.uniform() < this.spec.readFraction;
    const keyIndex = this.chooseKey();
    const op = new RunningOp(
      this.nextOpId++,
      isRead ? 'read' : 'write',
      keyIndex,
      keyName(keyIndex),
      isRead ? null : this.nextValue++,
      this.spec.consistency,
      this.spec.valueSizeBytes,
      client.index,
      this.runner,
      client,
      onDone,
    );
    this.invoked++;
    this.runner.run(op);
  }
}

function noop(): void {}
function openArrival(w: Workload): void {
  w.arrive();
}
function closedCaller(w: Workload): void {
  w.callerNext();
}
