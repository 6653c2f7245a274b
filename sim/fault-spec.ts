// Faults as plain data, the way a scenario's `faults:` list describes them (times in microseconds).
// The schedule in faults.ts applies them; nothing here runs.

export interface TargetSpec {
  node?: string;
  role?: string;
  az?: string;
  shard?: number;
  partition?: number;
  /** Narrows the match to its i-th node in the engine's stable order. */
  index?: number;
}

/** One side of a partition: AZ names, endpoint names (nodes or clients) or node selectors. */
export type SideSpec = (string | TargetSpec)[];

interface Timed {
  atUs: number;
  /** Heals after this long; undefined = lasts until the end of the workload. */
  forUs?: number;
}

export type FaultSpec =
  | (Timed & { kind: 'az-outage'; az: string })
  | (Timed & { kind: 'partition'; sides: SideSpec[]; oneWay: boolean })
  | (Timed & { kind: 'crash' | 'pause' | 'restart'; target: TargetSpec })
  | (Timed & { kind: 'clock'; target: TargetSpec; offsetUs: number; driftPpm?: number })
  | (Timed & { kind: 'latency'; between: [SideSpec, SideSpec]; addUs: number })
  | (Timed & { kind: 'loss'; between: [SideSpec, SideSpec]; probability: number })
  | (Timed & { kind: 'failover'; target: TargetSpec });

export type FaultKind = FaultSpec['kind'];

export const FAULT_KINDS: readonly { kind: FaultKind; summary: string }[] = [
  { kind: 'az-outage', summary: 'every node in the AZ crashes and the AZ is cut off; its clients stop; heals after `for` (nodes restart)' },
  { kind: 'partition', summary: 'no messages between the sides (one_way: only from sides[0] to sides[1])' },
  { kind: 'crash', summary: 'the target processes crash; they restart after `for`' },
  { kind: 'pause', summary: 'the target processes freeze (timers and messages wait); they resume after `for`' },
  { kind: 'restart', summary: 'the target processes crash and start again after `for` (default at once)' },
  { kind: 'clock', summary: 'offset jump and/or drift change on the target clocks; undone after `for`' },
  { kind: 'latency', summary: 'adds a one-way delay to every message between the two sides' },
  { kind: 'loss', summary: 'drops each message between the two sides with a probability' },
  { kind: 'failover', summary: 'an operator-initiated failover (or a read-replica promotion) on the target' },
];
