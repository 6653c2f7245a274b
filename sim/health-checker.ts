// Health checking from a monitor node: the monitor probes each watched node every `interval`; a
// probe fails when no answer arrives within `timeout`, or when the answer says the node is
// unhealthy; `failures` consecutive failed probes declare the node failed, and a failed node that
// passes a probe again is declared healthy. Each node's probes start at a random phase, so
// detection time = failures x interval (minus the phase) + timeout, and a crashed, frozen (paused)
// or cut-off node is detected alike: probes are messages, so partitions and crashes apply to them.
// Leaves out: the monitor's own failures, and OS-level metrics (only what the node answers counts).

import { call, type Call } from './rpc.ts';
import type { Network } from './network.ts';
import type { SimNode } from './node.ts';
import type { Rng } from './rng.ts';

/** A probe's request (-1: a health check, as opposed to a request the answering handler also serves). */
export const HEALTH_PROBE = -1;

export interface HealthSettings {
  intervalUs: number;
  timeoutUs: number;
  failures: number;
  /** Size of a probe and of its answer on the network. */
  probeBytes: number;
}

export interface HealthListener<T> {
  failed(target: T, failures: number): void;
  healthy(target: T): void;
  /** A probe passed while the target was not failed (optional). */
  passed?(target: T): void;
}

/** The watched node's answer to a probe; `healthy` judges it (by default, any answer is healthy). */
export type HealthAnswer<R> = (c: Call<number, R>) => void;

interface Watch<T, R> {
  target: T;
  node: SimNode;
  answer: HealthAnswer<R>;
  failures: number;
  failed: boolean;
  seq: number;
}

export class HealthChecker<T, R = unknown> {
  private readonly watches: Watch<T, R>[] = [];

  constructor(
    private readonly network: Network,
    readonly monitor: SimNode,
    private readonly rng: Rng,
    private readonly settings: HealthSettings,
    private readonly listener: HealthListener<T>,
    private readonly healthy: (reply: R) => boolean = () => true,
  ) {}

  /** Starts checking `node` (once start() ran), which answers through `answer`. */
  watch(target: T, node: SimNode, answer: HealthAnswer<R>): void {
    this.watches.push({ target, node, answer, failures: 0, failed: false, seq: 0 });
  }

  /** Arms each watch's first probe at a random phase within one interval, in watch order. */
  start(): void {
    for (const w of this.watches) {
      const phase = Math.round(this.rng.uniform() * this.settings.intervalUs);
      this.monitor.setTimer(phase, this.check, w);
    }
  }

  isFailed(target: T): boolean {
    return this.watches.find((w) => w.target === target)?.failed ?? false;
  }

  private readonly check = (w: Watch<T, R>): void => {
    const seq = ++w.seq;
    let answered = false;
    call<number, R>(this.network, this.monitor, w.node, this.settings.probeBytes, w.answer, HEALTH_PROBE, (reply) => {
      if (seq !== w.seq || answered) return;
      answered = true;
      this.result(w, this.healthy(reply));
    });
    this.monitor.setTimer(this.settings.timeoutUs, () => {
      if (answered || seq !== w.seq) return;
      answered = true;
      this.result(w, false);
    });
    this.monitor.setTimer(this.settings.intervalUs, this.check, w);
  };

  private result(w: Watch<T, R>, ok: boolean): void {
    if (ok) {
      w.failures = 0;
      if (w.failed) {
        w.failed = false;
        this.listener.healthy(w.target);
      } else this.listener.passed?.(w.target);
      return;
    }
    w.failures++;
    if (!w.failed && w.failures >= this.settings.failures) {
      w.failed = true;
      this.listener.failed(w.target, w.failures);
    }
  }
}
