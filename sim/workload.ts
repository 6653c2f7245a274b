// The load generator: open loop (Poisson arrivals at a total rate) or closed loop (a fixed number
// of concurrent callers, each starting its next operation when the last one ends), a read/write
// mix, key choice, and unique written values. Each operation goes to a client picked at random
// among those that are up, the way a load balancer spreads requests over the application tier,
// so an AZ outage moves load to the surviving clients instead of failing it. A workload may have
// phases (load-phases.ts): its rate, concurrency, mix and key choice then change over time. A
// run may have several workloads, each with its own clients and keys; they share one numbering
// of operations and written values, so values stay unique over the run.
// Leaves out: think time, per-client rates, and curved (diurnal) load shapes.

import type { Consistency } from './operation.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import { type KeyChooser, keyName } from './key-chooser.ts';
import { RunningOp, type OpRunner, type SimClient } from './client.ts';
import { nextArrivalUs, segmentIndexAt, type PhaseSegment } from './load-phases.ts';

export type Load = { kind: 'open'; ratePerS: number } | { kind: 'closed'; concurrency: number };

export interface WorkloadSpec {
  load: Load;
  /** Fraction of operations that are reads, in [0, 1]. */
  readFraction: number;
  /** Fraction of operations that are queries by index key (reads of a secondary index), after the reads; absent = 0. */
  queryFraction?: number;
  /** The consistency a query asks for: eventual (a GSI's only kind; the default), or the reads' own (an LSI's may be strong). */
  queryConsistency?: Consistency;
  consistency: Consistency;
  valueSizeBytes: number;
  /** No operation is invoked at or after this time. */
  endUs: number;
  /** Load that changes over time (then `load` is unused), with each phase's own key chooser (null: the workload's). */
  phases?: { segments: PhaseSegment[]; choosers: (KeyChooser | null)[] };
  /** Added to every chosen key index: a workload's keys start here (0 for one workload). */
  keyOffset?: number;
}

/** Operation ids and written values, shared by the workloads of a run so both stay unique. */
export class OpNumbering {
  nextOpId = 0;
  nextValue = 1;
}

/** How often a closed-loop caller with no client up looks again. */
const IDLE_POLL_US = 10_000;

export class Workload {
  invoked = 0;
  /** Phased load: the segment of the last look-up (time only moves forward), and the callers running. */
  private segIndex = 0;
  private callers = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly runner: OpRunner,
    private readonly clients: SimClient[],
    private readonly spec: WorkloadSpec,
    private readonly chooseKey: KeyChooser,
    private readonly arrivals: Rng,
    private readonly ops: Rng,
    private readonly numbering: OpNumbering = new OpNumbering(),
  ) {}

  start(): void {
    if (this.spec.phases !== undefined) return this.startPhased(this.spec.phases.segments);
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

  private segmentAt(tUs: number): PhaseSegment {
    const segs = this.spec.phases!.segments;
    this.segIndex = segmentIndexAt(segs, tUs, this.segIndex);
    return segs[this.segIndex];
  }

  /** Phased load: the first arrival, and at each phase's start the callers it asks for. */
  private startPhased(segs: PhaseSegment[]): void {
    this.scheduleArrival(0);
    for (const seg of segs) if (seg.startUs < this.spec.endUs) this.scheduler.at(seg.startUs, phaseBegins, this);
  }

  private scheduleArrival(fromUs: number): void {
    const at = nextArrivalUs(this.spec.phases!.segments, fromUs, this.arrivals.exponential(1));
    // At least 1 µs apart, as the constant-rate gaps are.
    if (at !== null && at < this.spec.endUs) this.scheduler.at(Math.max(fromUs + 1, Math.round(at)), phasedArrival, this);
  }

  /** One arrival of a phased open loop. */
  arrivePhased(): void {
    if (this.scheduler.now >= this.spec.endUs) return;
    const client = this.pickClient();
    if (client !== null) this.launch(client, noop);
    this.scheduleArrival(this.scheduler.now);
  }

  /** A phase starts: start the callers it adds (those it drops stop as their operations end). */
  phaseBegins(): void {
    const want = this.segmentAt(this.scheduler.now).concurrency;
    for (; this.callers < want; this.callers++) this.scheduler.after(0, phasedCaller, this);
  }

  /** One closed-loop caller of a phased workload: it stops when the phase wants fewer callers. */
  phasedCallerNext(): void {
    if (this.scheduler.now >= this.spec.endUs || this.callers > this.segmentAt(this.scheduler.now).concurrency) {
      this.callers--;
      return;
    }
    const client = this.pickClient();
    if (client === null) {
      this.scheduler.after(IDLE_POLL_US, phasedCaller, this);
      return;
    }
    this.launch(client, this.phasedDone);
  }

  private readonly phasedDone = (): void => {
    this.scheduler.after(0, phasedCaller, this);
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
    let readFraction = this.spec.readFraction;
    let queryFraction = this.spec.queryFraction ?? 0;
    let chooseKey = this.chooseKey;
    if (this.spec.phases !== undefined) {
      const seg = this.segmentAt(this.scheduler.now);
      // A phase's own mix replaces the workload's, queries and all.
      if (seg.readFraction !== undefined) {
        readFraction = seg.readFraction;
        queryFraction = seg.queryFraction ?? 0;
      }
      chooseKey = this.spec.phases.choosers[this.segIndex] ?? chooseKey;
    }
    // One draw decides the kind: [0, read) reads, [read, read + query) queries, the rest writes;
    // without queries the same draw decides as before.
    const u = this.ops.uniform();
    const isQuery = u >= readFraction && u < readFraction + queryFraction;
    const isRead = u < readFraction || isQuery;
    const keyIndex = chooseKey() + (this.spec.keyOffset ?? 0);
    const n = this.numbering;
    const op = new RunningOp(
      n.nextOpId++,
      isRead ? 'read' : 'write',
      keyIndex,
      keyName(keyIndex),
      isRead ? null : n.nextValue++,
      // A query reads an index: a GSI is eventually consistent only, an LSI may be read strongly.
      isQuery ? (this.spec.queryConsistency ?? 'eventual') : this.spec.consistency,
      this.spec.valueSizeBytes,
      client.index,
      this.runner,
      client,
      onDone,
    );
    if (isQuery) op.index = true;
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
function phasedArrival(w: Workload): void {
  w.arrivePhased();
}
function phasedCaller(w: Workload): void {
  w.phasedCallerNext();
}
function phaseBegins(w: Workload): void {
  w.phaseBegins();
}
