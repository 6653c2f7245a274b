// What the RDS control plane and its instances say to each other. Every effect the control plane
// has on an instance is a command sent over the network to the instance's host, answered at once
// (carried out or refused); everything the control plane knows of an instance comes from what
// the instance sends back (health answers, reports). A crashed or cut-off instance neither obeys
// nor is heard: the control plane notices by a missing answer (its health-check timeout).
// Leaves out: authentication, and commands the model does not need (modify, parameter groups).

import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';

export type InstanceRole = 'writer' | 'standby' | 'reader' | 'replica' | 'retired';
export type InstanceStatus = 'available' | 'starting' | 'down';
/** How a follower replicates (writer-stream.ts's ReplicationMode). */
export type ReplicationMode = 'sync' | 'semi-sync' | 'async';

/** An instance as the control plane handles it: where it runs and where its commands go. */
export interface ManagedInstance {
  readonly node: SimNode;
  readonly name: string;
  readonly onCommand: (c: Call<ControlCommand<ManagedInstance>, number>) => void;
}

/** A command with the control plane's epoch when it was sent (its receiver learns the epoch from it). */
export type ControlCommand<I = ManagedInstance> = CommandBody<I> & { epoch: number };

export type CommandBody<I = ManagedInstance> =
  /**
   * Become the writer: a Multi-AZ standby starts its engine (crash recovery), a reader or read
   * replica first applies what it persisted (its relay log), then waits `delayUs`; then it reports
   * `promotion-ready` with `seq`. It follows no writer from now on.
   */
  | { kind: 'promote'; seq: number; startEngine: boolean; delayUs: number }
  /** Take writes under `epoch` and replicate to `followers`. */
  | ({ kind: 'become-writer' } & Omit<WriterAssignment<I>, 'epoch'>)
  /** Stop writing (the replication stream stops) and take `role`. */
  | { kind: 'step-down'; role: InstanceRole }
  /** After a restart of the host: start the engine in `role`, then report `engine-started`. */
  | { kind: 'start'; role: InstanceRole }
  /** To the writer: replicate to `follower` (again) in `mode`. */
  | { kind: 'attach'; follower: I; mode: ReplicationMode }
  /** An operator's reboot: the process restarts at once. */
  | { kind: 'reboot' }
  /** A reader that is not being promoted applies what it persisted, then reports `drained` with `seq` (MySQL failover). */
  | { kind: 'drain'; seq: number };

/** What a writer is told to take: its epoch and the followers to replicate to. */
export interface WriterAssignment<I = ManagedInstance> {
  epoch: number;
  followers: { inst: I; mode: ReplicationMode }[];
}

/** An instance's news for the control plane. */
export type InstanceReport =
  | { kind: 'restarted' }
  | { kind: 'engine-started' }
  | { kind: 'promotion-ready'; seq: number }
  | { kind: 'drained'; seq: number };

/** An instance's answer to a health check. */
export interface HealthAnswer<I = ManagedInstance> {
  from: I;
  role: InstanceRole;
  status: InstanceStatus;
  /** The last LSN it persisted (a Multi-AZ DB cluster promotes the most advanced reader). */
  persistedLsn: number;
  /** The last LSN it applied (a PostgreSQL DB cluster prefers the reader with the least apply lag). */
  appliedLsn: number;
}

/** A report arriving at the control plane, with its sender. */
export interface ReportMessage<I = ManagedInstance> {
  from: I;
  report: InstanceReport;
}
