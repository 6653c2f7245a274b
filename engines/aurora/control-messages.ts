// What the Aurora control plane and its instances say to each other. Every effect the control
// plane has on an instance is a command sent over the network to the instance's host (the
// instance acknowledges it on receipt), and everything the control plane knows of an instance
// comes from what the instance sends back: health-check answers and reports. So a crashed or
// cut-off instance neither obeys nor is heard, and the control plane notices by a timeout.
// Leaves out: authentication, and commands the model does not need (resizing, parameter groups).

import type { FollowedWriter } from './replica.ts';
import type { FeedTarget } from './replica-feed.ts';
import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { InstanceRole, InstanceStatus, PeerNews } from './peer-news.ts';

export type { InstanceRole, InstanceStatus } from './peer-news.ts';

export type ControlCommand =
  /**
   * Restart in writer mode after `delayUs`, then recover the volume under `epoch`. `peers` is the
   * control plane's view of the other instances: the new writer's first view of its replicas.
   */
  | { kind: 'promote'; epoch: number; delayUs: number; peers: readonly PeerNews[] }
  /** The writer's host is back and its engine started: crash recovery of the volume under `epoch` (`peers` as for a promotion). */
  | { kind: 'open-writer'; epoch: number; peers: readonly PeerNews[] }
  /** Stop writing (pending writes fail); a running writer restarts its engine as a replica. */
  | { kind: 'step-down' }
  /** After a restart of the host: start the engine in this role. */
  | { kind: 'start'; role: InstanceRole }
  /** Follow `writer` as a replica (ask it for a snapshot of its stream). */
  | { kind: 'follow'; writer: FollowedWriter | null }
  /** An operator's reboot: the process restarts at once. */
  | { kind: 'reboot' };

/** An instance's news for the control plane (sent by the instance, on its own initiative). */
export type InstanceReport =
  | { kind: 'restarted' }
  | { kind: 'engine-started' }
  /** A promotion's restart in writer mode is done: the volume's recovery under `epoch` begins. */
  | { kind: 'writer-started'; epoch: number }
  /** The writer of `epoch` opened the volume for writes, recovered to `vdl`. */
  | { kind: 'writer-opened'; epoch: number; vdl: number }
  /** Storage showed the writer of `epoch` a newer writer. */
  | { kind: 'deposed'; epoch: number };

/** An instance's answer to a health check: what the control plane learns of its state. */
export interface HealthAnswer {
  from: ManagedInstance;
  role: InstanceRole;
  status: InstanceStatus;
  /** A writer that lost its volume (no read quorum) reports itself unhealthy. */
  lostVolume: boolean;
}

/** An instance as the control plane handles it: where it runs, its tier, and where commands go. */
export interface ManagedInstance extends FeedTarget {
  readonly node: SimNode;
  readonly name: string;
  /** Promotion tier: 0 is promoted first, 15 last. */
  readonly tier: number;
  /** Its class's vCPUs (0: no class given): the tie-break within a tier. */
  readonly size: number;
  readonly onCommand: (c: Call<ControlCommand, number>) => void;
  readonly onResync: FollowedWriter['onResync'];
  readonly onFeedback: FollowedWriter['onFeedback'];
}

/** A report arriving at the control plane, with its sender. */
export interface ReportMessage {
  from: ManagedInstance;
  report: InstanceReport;
}
