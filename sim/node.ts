// A simulated server process on a host in an AZ.
// Models: crash (volatile state lost: timers, queued work and in-flight messages to it are dropped;
// durable state is the engine's to keep), restart, pause (a frozen process: its timers, messages
// and work wait and run in order on resume), a local clock that timers are armed on, and roles and
// labels that engines assign and fault targets match. Leaves out: partial failures inside a process.

import type { Endpoint } from './endpoint.ts';
import type { Scheduler } from './scheduler.ts';
import { NodeClock } from './clock.ts';

export type NodeState = 'up' | 'crashed' | 'paused';

export interface NodeHooks {
  /** The process died: drop volatile state. */
  onCrash?(): void;
  /** The process starts again (after a crash): run recovery before serving. */
  onRestart?(): void;
  /** A clock fault moved this node's clock (processes hosted on it share the machine's clock). */
  onClockAdjust?(jumpUs: number, driftPpm?: number): void;
}

interface Gated {
  node: SimNode;
  inc: number;
  fn: (arg: any) => void;
  arg: unknown;
}

interface LocalTimer extends Gated {
  id: number;
  deadlineLocalUs: number;
  handle: number;
}

export class SimNode implements Endpoint {
  id = -1;
  readonly kind = 'node' as const;
  state: NodeState = 'up';
  incarnation = 0;
  /** Roles the engine gives this node now (writer, standby, replica, storage, leader, ...). */
  roles: string[];
  /** Numeric labels targets can match (shard, partition). */
  labels: Record<string, number> = {};
  hooks: NodeHooks = {};
  readonly clock: NodeClock;

  private pausedWork: Gated[] = [];
  private timers = new Map<number, LocalTimer>();
  private nextTimerId = 1;

  constructor(
    private readonly scheduler: Scheduler,
    readonly name: string,
    readonly az: string,
    roles: string[],
    clockOffsetUs = 0,
    clockDriftPpm = 0,
  ) {
    this.roles = roles;
    this.clock = new NodeClock(clockOffsetUs, clockDriftPpm);
  }

  get isUp(): boolean {
    return this.state === 'up';
  }

  hasRole(role: string): boolean {
    return this.roles.includes(role);
  }

  /** The local clock's reading now. */
  localNow(): number {
    return this.clock.localAt(this.scheduler.now);
  }

  gate(fn: (arg: any) => void, arg: unknown, inc: number): void {
    if (inc !== this.incarnation || this.state === 'crashed') return;
    if (this.state === 'paused') {
      this.pausedWork.push({ node: this, inc, fn, arg });
      return;
    }
    fn(arg);
  }

  /** Runs `fn(arg)` after `delayUs` of true time unless the process crashes first. */
  defer(delayUs: number, fn: (arg: any) => void, arg?: unknown): void {
    const g: Gated = { node: this, inc: this.incarnation, fn, arg };
    this.scheduler.after(delayUs, runGated, g);
  }

  /** Arms a timer for `localDelayUs` on the local clock; a clock fault moves it. Returns its id. */
  setTimer(localDelayUs: number, fn: (arg: any) => void, arg?: unknown): number {
    const id = this.nextTimerId++;
    const deadlineLocalUs = this.localNow() + localDelayUs;
    const t: LocalTimer = { node: this, inc: this.incarnation, fn, arg, id, deadlineLocalUs, handle: -1 };
    t.handle = this.scheduler.at(this.clock.trueWhen(deadlineLocalUs, this.scheduler.now), fireTimer, t);
    this.timers.set(id, t);
    return id;
  }

  cancelTimer(id: number): void {
    const t = this.timers.get(id);
    if (t === undefined) return;
    this.scheduler.cancel(t.handle);
    this.timers.delete(id);
  }

  /** Clock fault: jump and/or new drift; every armed timer is moved to its new true time. */
  adjustClock(jumpUs: number, driftPpm?: number): void {
    this.clock.adjust(this.scheduler.now, jumpUs, driftPpm);
    for (const t of this.timers.values()) {
      if (t.handle === -1) continue; // already due, waiting for the pause to end
      this.scheduler.cancel(t.handle);
      t.handle = this.scheduler.at(this.clock.trueWhen(t.deadlineLocalUs, this.scheduler.now), fireTimer, t);
    }
    this.hooks.onClockAdjust?.(jumpUs, driftPpm);
  }

  crash(): void {
    if (this.state === 'crashed') return;
    this.state = 'crashed';
    this.incarnation++;
    for (const t of this.timers.values()) this.scheduler.cancel(t.handle);
    this.timers.clear();
    this.pausedWork = [];
    this.hooks.onCrash?.();
  }

  restart(): void {
    if (this.state !== 'crashed') return;
    this.state = 'up';
    // A new process: messages and work addressed to the host while it was down are not for it.
    this.incarnation++;
    this.hooks.onRestart?.();
  }

  pause(): void {
    if (this.state === 'up') this.state = 'paused';
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'up';
    const work = this.pausedWork;
    this.pausedWork = [];
    for (const g of work) {
      // Work queued in the pause runs in order, unless a crash during it made it stale.
      if (this.state !== 'up') {
        if (this.state === 'paused') this.pausedWork.push(g);
        continue;
      }
      if (g.inc === this.incarnation) g.fn(g.arg);
    }
  }

  /** Called when a timer fires (it leaves the armed set). */
  timerFired(t: LocalTimer): void {
    if (this.state === 'paused' && t.inc === this.incarnation) {
      // A timer that comes due while the process is frozen stays armed in the pause queue
      // (handle -1 = due, so a clock fault leaves it alone) and runs only if nothing cancelled it
      // meanwhile: work that runs before it on resume (a heartbeat resetting an election timer)
      // must be able to cancel it.
      t.handle = -1;
      this.pausedWork.push({ node: this, inc: t.inc, fn: this.runDueTimer, arg: t });
      return;
    }
    this.timers.delete(t.id);
    this.gate(t.fn, t.arg, t.inc);
  }

  private readonly runDueTimer = (t: LocalTimer): void => {
    if (this.timers.get(t.id) !== t) return; // cancelled while it waited out the pause
    this.timers.delete(t.id);
    t.fn(t.arg);
  };
}

function runGated(g: Gated): void {
  g.node.gate(g.fn, g.arg, g.inc);
}

function fireTimer(t: LocalTimer): void {
  t.node.timerFired(t);
}
