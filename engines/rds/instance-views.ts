// What the RDS control plane last heard of each instance, and how it sends them commands: a view
// changes only by what arrives (a health answer, a report, an answer to a command) or by what
// the control plane itself decided (a role it assigned). A command nobody answers marks the
// instance silent (no failover target) until it is heard again. It also judges when the positions
// heard are final: after a failed writer's silence, or after a running writer answered a stop.
// Leaves out: the decisions (control-plane.ts) and the choice of a target (failover-target.ts).

import { sendCommand } from '../../sim/command.ts';
import type { Network } from '../../sim/network.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DbInstance } from './instance.ts';
import type { InstanceCommand as Command } from './instance-messages.ts';
import type { HealthAnswer, InstanceRole } from './control-messages.ts';
import type { InstanceView } from './failover-target.ts';
import type { RdsOptions } from './options.ts';

const COMMAND_BYTES = 64;

export class InstanceViews {
  private readonly views = new Map<DbInstance, InstanceView>();
  /** When (on this host's clock) a health answer last said an instance was an available writer. */
  private writingHeardUs = 0;
  /** When a running writer's answer to a stop arrived (an operator's failover); null once a writer is named. */
  private stopAnsweredUs: number | null = null;
  private readonly timeoutUs: number;
  private readonly settleUs: number;

  constructor(
    private readonly network: Network,
    /** The control plane's host: what it heard is timed on its clock. */
    private readonly node: SimNode,
    opts: Pick<RdsOptions, 'healthCheckIntervalUs' | 'healthCheckTimeoutUs'>,
    /** The control-plane host serving an instance's region: its commands leave from it (their timeouts run on its clock). */
    private readonly hostOf: (inst: DbInstance) => SimNode = () => node,
  ) {
    this.timeoutUs = opts.healthCheckTimeoutUs;
    this.settleUs = opts.healthCheckIntervalUs + opts.healthCheckTimeoutUs;
  }

  /** The topology as the cluster built it: every instance available in its role. */
  init(instances: readonly DbInstance[], roles: ReadonlyMap<DbInstance, InstanceRole>): void {
    for (const i of instances) this.views.set(i, { role: roles.get(i)!, status: 'available', persistedLsn: 0, appliedLsn: 0, heardUs: -Infinity, silent: false, steppingDown: false, starting: false });
  }

  of(inst: DbInstance): InstanceView {
    return this.views.get(inst)!;
  }

  /** Records a health answer; returns the view it updated. */
  heard(a: HealthAnswer<DbInstance>): InstanceView {
    const v = this.of(a.from);
    v.heardUs = this.node.localNow();
    if (a.role === 'writer' && a.status === 'available') this.writingHeardUs = v.heardUs;
    v.role = a.role;
    v.status = a.status;
    v.persistedLsn = a.persistedLsn;
    v.appliedLsn = a.appliedLsn;
    v.silent = false;
    return v;
  }

  /**
   * Did `inst`'s last health answer leave it after every writer stopped? A failed writer's next
   * check went unanswered, so an answer that arrives a check interval and timeout after the last
   * one saying "writer" was sent after that (one-way delays are far below the timeout).
   */
  positionSettled(inst: DbInstance): boolean {
    const heardUs = this.of(inst).heardUs;
    // A writer stopped by a command it answered: only an answer probed after that answer arrived
    // counts (an answer comes within the timeout of its probe, else it is not heard). Its silence
    // before the stop proves nothing: it was running, and an answer of it may have been lost.
    if (this.stopAnsweredUs !== null) return heardUs - this.stopAnsweredUs > this.timeoutUs;
    return heardUs - this.writingHeardUs >= this.settleUs;
  }

  /** The writer answered a stop: it commits nothing more, so positions reported after now are final. */
  writerStopped(): void {
    this.stopAnsweredUs = this.node.localNow();
  }

  /** A writer was named: a stop of an earlier one says nothing of its positions. */
  writerNamed(): void {
    this.stopAnsweredUs = null;
  }

  /**
   * Sends `cmd` to `inst`; `answered` gets whether it was carried out, `unanswered` runs if no
   * answer arrives within the health-check timeout (the command is then taken as not carried out).
   */
  command(inst: DbInstance, cmd: Command<DbInstance>, unanswered?: () => void, answered?: (obeyed: boolean) => void): void {
    const v = this.of(inst);
    sendCommand(this.network, this.hostOf(inst), inst.node, COMMAND_BYTES, inst.onCommand, cmd, this.timeoutUs, { settled: (heard) => (v.silent = !heard), answered, unanswered });
  }
}
