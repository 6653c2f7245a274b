// What a cluster hands each of its instances (instance.ts): its streams, its volume, whom it
// follows and reports to, and how a writer of that volume is made on it. The primary cluster
// (cluster.ts) and a global database's secondary clusters (global-secondary.ts) build their
// instances from this one recipe, each over its own volume.
// Leaves out: nothing of its own (a wiring of parts).

import type { SimNode } from '../../sim/node.ts';
import type { Sim } from '../../sim/sim.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import type { AuroraOptions } from './options.ts';
import type { AuroraInstance, InstanceParts, InstanceRole } from './instance.ts';
import type { FollowedWriter } from './replica.ts';
import type { FeedTarget } from './replica-feed.ts';
import type { RedoRecord } from './redo.ts';
import type { StorageNode } from './storage-node.ts';
import type { Volume } from './volume.ts';
import type { WriterEpochs } from './writer-epochs.ts';
import type { InstanceReport } from './control-messages.ts';
import { WriterVolume } from './writer.ts';

/** One cluster's side of its instances' parts. */
export interface ClusterOfInstances {
  sim: Sim;
  opts: AuroraOptions;
  events: DomainEvents;
  volume: Volume<StorageNode>;
  epochs: WriterEpochs;
  /** The writer its replicas follow (null during a failover). */
  writer(): FollowedWriter | null;
  lag(replica: string, lagUs: number): void;
  startTime(): number;
  report(from: AuroraInstance, r: InstanceReport): void;
  /** The other instances of the cluster, each in the role it starts in. */
  peers(node: SimNode): readonly { target: FeedTarget; role: InstanceRole }[];
  /** The instance on `node` (built by then: a writer is made on a running instance). */
  instanceOn(node: SimNode): AuroraInstance;
  /** With a global database's primary: where its writers' committed records go. */
  committedRecords?: (records: RedoRecord[]) => void;
  /** With a secondary's readers and write forwarding: the writer to forward to. */
  forwardTo?: () => AuroraInstance | null;
}

/** The parts of the instance on `node`, serving with `workers` workers. */
export function instanceParts(c: ClusterOfInstances, node: SimNode, workers: number): InstanceParts {
  const { sim, opts: o, events } = c;
  const { network, now } = sim;
  return {
    opts: workers === o.service.workers ? o : { ...o, service: { ...o.service, workers } },
    network,
    now,
    rng: sim.rng(`engine/aurora/${node.name}`),
    applyRng: sim.rng(`engine/aurora/${node.name}/apply`),
    volume: c.volume,
    writer: () => c.writer(),
    lag: (replica, lagUs) => c.lag(replica, lagUs),
    startTime: () => c.startTime(),
    report: (from, r) => c.report(from, r),
    events,
    peers: () => c.peers(node),
    newWriter: (epoch, opened, deposed, replicas) =>
      new WriterVolume(
        {
          opts: o,
          network,
          now,
          events,
          volume: c.volume,
          epochs: c.epochs,
          node,
          reader: c.instanceOn(node).reader,
          replicas,
          deposed,
          ...(c.committedRecords === undefined ? {} : { committedRecords: c.committedRecords }),
        },
        epoch,
        opened,
      ),
    ...(c.forwardTo === undefined ? {} : { forwardTo: c.forwardTo }),
  };
}
