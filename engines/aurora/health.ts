// Health checking from the control plane: a process outside the AZs checks each watched node
// every `interval`; a check fails when no answer arrives within `timeout`, or when the node answers
// that it is unhealthy (an instance that cannot reach a read quorum of its volume); `failures` consecutive
// failures declare the node failed, and a failed node that answers again is declared healthy.
// Each node's checks start at a random phase. Used for the instances (writer, replicas) and, with
// its own settings, for the storage nodes.
// Models: detection time = failures x interval (minus the phase) + timeout, so a crashed, frozen
// (paused) or cut-off node is detected alike. Leaves out: the control plane's own failures.

import { call, type Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Sim } from '../../sim/sim.ts';
import { CONTROL_BYTES } from './redo.ts';

export interface HealthSettings {
  intervalUs: number;
  timeoutUs: number;
  failures: number;
}

export interface HealthListener<T> {
  failed(target: T, failures: number): void;
  healthy(target: T): void;
}

interface Watch<T> {
  target: T;
  node: SimNode;
  answer: (c: Call<number, number>) => void;
  failures: number;
  failed: boolean;
  seq: number;
}

export class HealthChecker<T> {
  private readonly watches: Watch<T>[] = [];

  constructor(
    private readonly sim: Sim,
    readonly monitor: SimNode,
    private readonly rngName: string,
    private readonly settings: HealthSettings,
    private readonly listener: HealthListener<T>,
  ) {}

  /** Starts checking `node`, which answers through `answer`: a negative answer reports itself unhealthy. */
  watch(target: T, node: SimNode, answer: (c: Call<number, number>) => void): void {
    this.watches.push({ target, node, answer, failures: 0, failed: false, seq: 0 });
  }

  start(): void {
    const rng = this.sim.rng(this.rngName);
    for (const w of this.watches) {
      const phase = Math.round(rng.uniform() * this.settings.intervalUs);
      this.monitor.setTimer(phase, this.check, w);
    }
  }

  isFailed(target: T): boolean {
    return this.watches.find((w) => w.target === target)?.failed ?? false;
  }

  private readonly check = (w: Watch<T>): void => {
    const seq = ++w.seq;
    let answered = false;
    call<number, number>(this.sim.network, this.monitor, w.node, CONTROL_BYTES, w.answer, -1, (status) => {
      if (seq !== w.seq || answered) return;
      answered = true;
      this.result(w, status >= 0);
    });
    this.monitor.setTimer(this.settings.timeoutUs, () => {
      if (answered || seq !== w.seq) return;
      answered = true;
      this.result(w, false);
    });
    this.monitor.setTimer(this.settings.intervalUs, this.check, w);
  };

  private result(w: Watch<T>, ok: boolean): void {
    if (ok) {
      w.failures = 0;
      if (w.failed) {
        w.failed = false;
        this.listener.healthy(w.target);
      }
      return;
    }
    w.failures++;
    if (!w.failed && w.failures >= this.settings.failures) {
      w.failed = true;
      this.listener.failed(w.target, w.failures);
    }
  }
}
