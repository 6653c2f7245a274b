// Aurora Serverless v2 for a whole cluster: a capacity controller (serverless-capacity.ts) per
// DB instance, ticking once a second, and the counters it reports: `acu_writer_max`, the writer's
// capacity (the largest in each time-series interval), and `acu_seconds`, every instance's capacity
// summed over time (ACU-hours, what Aurora Serverless v2 bills, are their total over 3,600).
// Readers in promotion tiers 0 and 1 keep at least the writer's capacity; tier 15 ones scale alone.
// Leaves out: anything on the storage side (Aurora storage is not sized by ACUs).

import type { Scheduler } from '../../sim/scheduler.ts';
import { meanOf } from '../../sim/distribution.ts';
import type { AuroraOptions } from './options.ts';
import type { AuroraInstance } from './instance.ts';
import { SCALE_INTERVAL_US, ServerlessCapacity } from './serverless-capacity.ts';

export const SERVERLESS_COUNTERS = ['acu_writer_max', 'acu_seconds'] as const;

export class ServerlessFleet {
  private readonly capacities: { inst: AuroraInstance; capacity: ServerlessCapacity }[];

  constructor(
    o: AuroraOptions,
    instances: readonly AuroraInstance[],
    private readonly scheduler: Scheduler,
    private readonly count: (counter: string, amount: number) => void,
  ) {
    const cfg = {
      minAcu: o.serverlessMinAcu,
      maxAcu: o.serverlessMaxAcu,
      workersPerAcu: o.serverlessWorkersPerAcu,
      targetUtilization: o.serverlessTargetUtilization,
      scaleUpPerS: o.serverlessScaleUp,
      scaleDownPerS: o.serverlessScaleDown,
      meanServiceUs: meanOf(o.service.time),
      autoPauseAfterUs: o.serverlessAutoPauseAfterUs,
      resumeUs: o.serverlessResumeUs,
    };
    this.capacities = instances.map((inst) => ({ inst, capacity: new ServerlessCapacity(cfg, inst.service, scheduler, () => (inst.role !== 'writer' && inst.tier <= 1 ? this.writerAcu() : 0)) }));
    scheduler.after(SCALE_INTERVAL_US, tick, this);
  }

  private writerAcu(): number {
    return this.capacities.find((c) => c.inst.role === 'writer')?.capacity.acu ?? 0;
  }

  /** Every instance measured and resized, the writer first (so its readers follow its new size). */
  tick(): void {
    const ordered = [...this.capacities].sort((a, b) => Number(b.inst.role === 'writer') - Number(a.inst.role === 'writer'));
    let total = 0;
    for (const c of ordered) {
      c.capacity.tick();
      total += c.capacity.acu;
    }
    this.count('acu_seconds', (total * SCALE_INTERVAL_US) / 1e6);
    this.count('acu_writer_max', this.writerAcu());
    this.scheduler.after(SCALE_INTERVAL_US, tick, this);
  }
}

function tick(f: ServerlessFleet): void {
  f.tick();
}
