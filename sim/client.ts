// A client: an application process placed in an AZ that runs operations through an engine's
// driver. What an operation does with its attempts (timeout, retries, backoff) is running-op.ts;
// the runner that gives operations process ids and records them in the history is op-runner.ts;
// attempt deadlines are timeout-queue.ts. Their names are exported here too, for the importers
// that know them from this file.
// Leaves out: client crashes (clients in a failed AZ are marked down and take no new work).

import type { Endpoint } from './endpoint.ts';
import type { Driver } from './operation.ts';

export { RunningOp } from './running-op.ts';
export { OpRunner, type AttemptObserver, type RetryPolicy } from './op-runner.ts';
export { TimeoutQueue } from './timeout-queue.ts';

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
