// Aurora Serverless v2 capacity of one DB instance, in Aurora capacity units (ACUs, 0.5 steps,
// between the cluster's minimum and maximum). The capacity sets the instance's service workers
// (`workersPerAcu` each), so a burst queues until the capacity catches up.
// Models: once a second the platform measures the instance's load (the work it served and the work
// waiting, in worker-seconds) and sets the capacity that would run it at `targetUtilization`,
// rising at most `scaleUpPerS` of the current capacity a second (AWS: the higher the current
// capacity, the faster an instance scales up) and at least one 0.5 ACU step, falling at most
// `scaleDownPerS` of it; readers in promotion tiers 0 and 1 keep at least the writer's capacity (AWS:
// they scale with the writer, so one can take over at the writer's size). With a minimum of 0 the
// instance pauses after `autoPauseAfterUs` without a request and, once a request waits, resumes at
// the minimum non-zero capacity after `resumeUs` (AWS: about 15 seconds).
// Leaves out: memory (the buffer cache that grows with capacity), connections as a scaling signal,
// and the platform's own nodes (the controller is not a node: faults do not reach it).

import type { Scheduler } from '../../sim/scheduler.ts';
import type { ServiceQueue } from '../../sim/service-queue.ts';

export interface ServerlessConfig {
  minAcu: number;
  maxAcu: number;
  workersPerAcu: number;
  targetUtilization: number;
  /** Largest rise (and fall) in one second, as a fraction of the current capacity. */
  scaleUpPerS: number;
  scaleDownPerS: number;
  /** The service time a request takes on average (what a served or waiting request costs). */
  meanServiceUs: number;
  autoPauseAfterUs: number;
  resumeUs: number;
}

/** The platform measures and adjusts every second. */
export const SCALE_INTERVAL_US = 1_000_000;
const STEP_ACU = 0.5;

/** Rounds up to the next 0.5 ACU. */
const steps = (acu: number) => Math.ceil(acu / STEP_ACU - 1e-9) * STEP_ACU;

export class ServerlessCapacity {
  /** Current capacity. Invariant: 0 only while paused; else within [max(min, 0.5), max], a multiple of 0.5. */
  acu: number;
  paused = false;
  private resuming = false;
  private lastCompleted: number;
  private idleSinceUs = 0;

  constructor(
    private readonly cfg: ServerlessConfig,
    private readonly queue: ServiceQueue,
    private readonly scheduler: Scheduler,
    /** The least capacity to keep (the writer's, for a tier 0-1 reader); 0 for none. */
    private readonly floorAcu: () => number,
  ) {
    this.acu = Math.max(cfg.minAcu, STEP_ACU);
    this.lastCompleted = queue.completed;
    this.apply();
  }

  private get lowest(): number {
    return Math.max(this.cfg.minAcu, STEP_ACU);
  }

  private apply(): void {
    this.queue.setWorkers(this.paused ? 0 : Math.max(1, Math.round(this.acu * this.cfg.workersPerAcu)));
  }

  /** One measurement: the new capacity from the last second's load. */
  tick(): void {
    const c = this.cfg;
    const now = this.scheduler.now;
    const served = this.queue.completed - this.lastCompleted;
    this.lastCompleted = this.queue.completed;
    const waiting = this.queue.queued;
    if (this.paused) {
      if (waiting > 0 && !this.resuming) {
        this.resuming = true;
        this.scheduler.after(c.resumeUs, resume, this);
      }
      return;
    }
    if (served > 0 || waiting > 0 || this.queue.busy > 0) this.idleSinceUs = now;
    else if (c.minAcu === 0 && now - this.idleSinceUs >= c.autoPauseAfterUs) {
      this.paused = true;
      this.acu = 0;
      this.apply();
      return;
    }
    // Worker-seconds of work per second: what was served plus what waits, at the mean service time.
    const loadWorkers = ((served + waiting) * c.meanServiceUs) / SCALE_INTERVAL_US;
    const wanted = Math.max(loadWorkers / (c.workersPerAcu * c.targetUtilization), this.floorAcu());
    // Whole 0.5 ACU steps, and at least one a second when capacity moves at all.
    const target = steps(wanted);
    let next = this.acu;
    if (target > this.acu) next = Math.min(target, this.acu + Math.max(STEP_ACU, steps(this.acu * c.scaleUpPerS)));
    else if (target < this.acu) next = Math.max(target, this.acu - Math.max(STEP_ACU, Math.floor((this.acu * c.scaleDownPerS) / STEP_ACU) * STEP_ACU));
    next = Math.min(c.maxAcu, Math.max(this.lowest, next));
    if (next !== this.acu) {
      this.acu = next;
      this.apply();
    }
  }

  resumed(): void {
    this.resuming = false;
    this.paused = false;
    this.acu = this.lowest;
    this.idleSinceUs = this.scheduler.now;
    this.lastCompleted = this.queue.completed;
    this.apply();
  }
}

function resume(c: ServerlessCapacity): void {
  c.resumed();
}
