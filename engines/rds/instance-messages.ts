// The messages an RDS DB instance exchanges (instance.ts): a client's request and reply, a
// writer's replication batches, attach requests and mirrored syncs, a follower's answers, the
// control plane's commands as the instance receives them, and the writer's side of replication
// as the instance holding it sees it (writer-stream.ts implements it). Types only, over the
// instance type `I` (instance.ts names them for its instances), so this file imports no instance.

import type { Call } from '../../sim/rpc.ts';
import type { EndpointRequest } from '../../sim/endpoint-driver.ts';
import type { AttemptResult } from '../../sim/operation.ts';
import type { LogEntry } from './log-entry.ts';
import type { OriginRun } from './instance-data.ts';
import type { ControlCommand } from './control-messages.ts';

/** A client's request and the reply it gets (sim/endpoint-driver.ts sends them). */
export type ClientRequest = EndpointRequest;
export type ClientReply = AttemptResult;

export interface ReplicationBatch<I> {
  from: I;
  epoch: number;
  /** Empty for a probe. */
  entries: LogEntry[];
  /** The writer's last LSN for this stream: a follower below it after the batch is missing some. */
  headLsn: number;
}

/** A writer's request to follow it: its epoch and its log as runs of origins (to find where the logs part). */
export interface AttachRequest<I> {
  from: I;
  epoch: number;
  history: OriginRun[];
  lastLsn: number;
}

/**
 * A follower's message to a writer: its answer to an attach (the LSN it persisted after keeping
 * the shared prefix), an acknowledgement, or its news that a newer writer exists.
 */
export type FollowerMessage = { kind: 'attached'; lsn: number } | { kind: 'ack'; lsn: number; gap: boolean; applied?: number } | { kind: 'stale'; epoch: number };

/** A writer's mirrored sync (log-syncs.ts): the standby writes it on its volume, then answers. */
export interface MirrorRequest<I> {
  from: I;
  epoch: number;
  lsn: number;
  reply: () => void;
}

/** The writer's side of replication as the instance holding it sees it (writer-stream.ts). */
export interface WriterRole<I> {
  write(keyIndex: number, value: number, bytes: number, call: Call<ClientRequest, ClientReply>): void;
  stop(): void;
  onMessage(from: I, m: FollowerMessage): void;
  /** The flow-control delay each commit takes now (0: none). */
  throttleUs(): number;
}

/** A command from the control plane, as an instance receives it. */
export type InstanceCommand<I> = ControlCommand<I>;
