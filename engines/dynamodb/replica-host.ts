// What a partition replica is given to run: the storage host it runs on, as the replica uses it
// (storage-host.ts), and the options it reads (replica.ts).
// Leaves out: everything else the replica is handed (replica.ts ReplicaParts).

import type { SimNode } from '../../sim/node.ts';
import type { ServiceQueue } from '../../sim/service-queue.ts';
import type { DynamoOptions } from './options.ts';

export type ReplicaOptions = Pick<
  DynamoOptions,
  'replicaRecovery' | 'applyDelay' | 'leaseUs' | 'leaseMarginUs' | 'heartbeatUs' | 'replicationRetryUs' | 'electionTimeoutUs' | 'electionJitterUs' | 'leaderCheck' | 'leaderCheckTimeoutUs' | 'logReplicas' | 'logReplicaDelayUs'
>;

/** The storage host a replica runs on, as the replica uses it (storage-host.ts). */
export interface ReplicaHost {
  readonly node: SimNode;
  readonly service: ServiceQueue;
  persist(done: (arg: any) => void, arg: unknown): void;
  hold(process: SimNode): void;
}
