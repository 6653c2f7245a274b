// RDS health monitoring: a control-plane process outside the AZs checks every instance each
// `health_check_interval`; a check fails when no answer arrives within `health_check_timeout`;
// `health_check_failures` consecutive failures declare the instance failed. A failed instance
// that answers again is declared healthy. Each instance's checks start at a random phase.
// Models: detection time = failures x interval (minus the phase) + timeout, so a crashed,
// frozen (paused) or cut-off instance is detected alike. Leaves out: OS-level metrics.

import { call, type Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DbInstance, InstanceStatus } from './instance.ts';
import type { RdsCluster } from './cluster.ts';

const CHECK_BYTES = 64;

interface Watch {
  inst: DbInstance;
  failures: number;
  failed: boolean;
  seq: number;
}

export class HealthMonitor {
  private watches: Watch[] = [];

  constructor(
    private readonly cluster: RdsCluster,
    readonly node: SimNode,
  ) {}

  start(instances: readonly DbInstance[]): void {
    const rng = this.cluster.sim.rng('engine/rds/monitor');
    for (const inst of instances) {
      const w: Watch = { inst, failures: 0, failed: false, seq: 0 };
      this.watches.push(w);
      const phase = Math.round(rng.uniform() * this.cluster.opts.healthCheckIntervalUs);
      this.node.setTimer(phase, () => this.check(w));
    }
  }

  isFailed(inst: DbInstance): boolean {
    return this.watches.find((w) => w.inst === inst)?.failed ?? false;
  }

  private check(w: Watch): void {
    const { opts, sim } = this.cluster;
    const seq = ++w.seq;
    let answered = false;
    call<null, InstanceStatus>(sim.network, this.node, w.inst.node, CHECK_BYTES, answer(w.inst), null, () => {
      if (seq !== w.seq || answered) return;
      answered = true;
      this.result(w, true);
    });
    this.node.setTimer(opts.healthCheckTimeoutUs, () => {
      if (answered || seq !== w.seq) return;
      answered = true;
      this.result(w, false);
    });
    this.node.setTimer(opts.healthCheckIntervalUs, () => this.check(w));
  }

  private result(w: Watch, ok: boolean): void {
    if (ok) {
      w.failures = 0;
      if (w.failed) {
        w.failed = false;
        this.cluster.control.instanceHealthy(w.inst);
      } else this.cluster.control.retryFailover();
      return;
    }
    w.failures++;
    if (!w.failed && w.failures >= this.cluster.opts.healthCheckFailures) {
      w.failed = true;
      this.cluster.sim.events.emit('failure-detected', { node: w.inst.name, domain: 'db', detail: `${w.failures} health checks failed (${w.inst.role})` });
      this.cluster.control.instanceFailed(w.inst);
    }
  }
}

/** The instance's host agent answers with the instance's status (only while the process runs). */
function answer(inst: DbInstance): (c: Call<null, InstanceStatus>) => void {
  return (c) => c.respond(CHECK_BYTES, inst.status);
}
