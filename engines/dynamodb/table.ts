// A DynamoDB table as one engine: its partitions (hashed key ranges, key-hash.ts), each a group of
// 3 replicas in 3 AZs placed on shared storage nodes, the request routers in every AZ, admission
// control, and (optionally) a DAX cluster in front. Each partition is its own failure domain
// (`partition-<i>`), so a write outage of one partition shows while the others keep writing.
//
// Nodes, in their stable order (what a fault target's `index` counts in):
//   storage-<az>-<n>   role `storage`: a host holding replicas of many partitions
//   p<i>-<az>          role `leader` or `follower`, label `partition: i`: one replica process
//   router-<az>-<n>    role `router`
//   dax-<az>           role `dax` (with `dax: true`)
// A partition replica is a node of its own so that `{ role: leader, partition: 3 }` can name it
// (a node has one value per label); it lives on a storage host, whose crash, restart and pause
// reach every replica on it (storage-host.ts).
// With `stream: true`, DynamoDB Streams: a shard per partition and a Lambda-style consumer
// (stream-shard.ts, stream-consumer.ts).
// With `gsi_wcu` > 0, a global secondary index fed from the same commits, whose back-pressure
// throttles base writes at the routers (global-secondary-index.ts); queries by index key
// (Operation.index) are served from it by the routers.
// Leaves out: local secondary indexes, several GSIs, global tables, backups, and splits for size.

import type { SimNode } from '../../sim/node.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import type { Driver } from '../../sim/operation.ts';
import { domainEvents } from '../../sim/domain-events.ts';
import type { CacheCounters, Engine, EngineContext, EngineOptions, NodeOutline, ReplicaBacklog } from '../engine.ts';
import { readOptions, type DynamoOptions } from './options.ts';
import { dynamoOutline } from './node-outline.ts';
import { hashTable, partitionTable } from './key-hash.ts';
import { HeatSplit } from './heat-split.ts';
import { Admission, ADMISSION_COUNTERS } from './admission.ts';
import { StorageHost } from './storage-host.ts';
import { Replica } from './replica.ts';
import type { ReplicaHost } from './replica-host.ts';
import { GroupMembership, type PartitionGroup } from './group-membership.ts';
import { LogReplica } from './log-replica.ts';
import { ANNOUNCE_BYTES } from './leader.ts';
import { LogTrim } from './log-trim.ts';
import type { ReplicaRef } from './messages.ts';
import { Router } from './router.ts';
import { DynamoDriver } from './driver.ts';
import { DaxCluster, DAX_COUNTERS, DAX_QUERY_COUNTERS } from './dax.ts';
import { applyBacklog } from './apply-backlog.ts';
import { StreamShard } from './stream-shard.ts';
import { ShardPoller, STREAM_COUNTERS } from './stream-consumer.ts';
import { GlobalSecondaryIndex, GSI_COUNTERS, GSI_QUERY_COUNTERS } from './global-secondary-index.ts';
import { RECORD_OVERHEAD_BYTES } from './messages.ts';
import { itemCollectionsOf } from './item-collections.ts';

export class DynamoTable implements Engine {
  readonly sim: Sim;
  readonly opts: DynamoOptions;
  /** The replicas of each partition, in replica-AZ order. */
  readonly partitions: Replica[][] = [];
  readonly hosts: StorageHost[] = [];
  readonly routers: Router[] = [];
  readonly admission: Admission;
  readonly dax: DaxCluster | null;
  /** DynamoDB Streams: one shard per partition (empty when `stream` is off). */
  readonly streamShards: StreamShard[];
  /** The global secondary index (null without `gsi_wcu`). */
  readonly gsi: GlobalSecondaryIndex | null;
  private readonly keyPartition: Int32Array;
  private readonly replicaOf = new Map<number, Replica>();
  private readonly domainNames: string[];

  constructor(
    readonly ctx: EngineContext,
    options: EngineOptions,
  ) {
    const sim = (this.sim = ctx.sim);
    const { network, now } = sim;
    const o = (this.opts = readOptions(options, sim.region.azs));
    this.keyPartition = partitionTable(ctx.keyCount, o.partitions);
    this.domainNames = Array.from({ length: o.partitions }, (_, i) => `partition-${i}`);
    const events = this.domainNames.map((d) => domainEvents(sim.events, d));
    this.admission = new Admission(
      {
        mode: o.capacityMode,
        partitions: o.partitions,
        rcu: o.rcu,
        wcu: o.wcu,
        maxPartitionRcu: o.partitionMaxRcu,
        maxPartitionWcu: o.partitionMaxWcu,
        burstWindowUs: o.burstWindowUs,
        onDemandScaleDelayUs: o.onDemandScaleDelayUs,
        adaptive: o.adaptiveCapacity,
        adaptiveDelayUs: o.adaptiveCapacityDelayUs,
      },
      0,
      (counter, amount) => ctx.count(counter, amount),
      o.splitForHeat
        ? new HeatSplit({
            partitionOfKey: this.keyPartition,
            hashOfKey: hashTable(ctx.keyCount),
            partitions: o.partitions,
            limits: { read: o.partitionMaxRcu, write: o.partitionMaxWcu },
            thresholdFraction: o.splitForHeatThreshold,
            afterUs: o.splitForHeatAfterUs,
          })
        : null,
      (split) =>
        events[split.partition](
          'partition-split',
          undefined,
          `split for heat: a part of ${split.parentKeys + split.childKeys} keys cut into ${split.parentKeys} + ${split.childKeys} (${(100 * split.childShare).toFixed(0)}% of its recent traffic to the new part), each with its own hard limits; ${split.parts} parts now`,
        ),
    );

    const rngOf = (nodeName: string) => sim.rng(`engine/dynamodb/${nodeName}`);
    // DynamoDB Streams (stream: true): a shard per partition fed by its leader's commits, and a
    // poller per shard; no random draws, so every other stream of the run is unchanged.
    this.streamShards = o.stream ? Array.from({ length: o.partitions }, () => new StreamShard(o.streamRetentionUs)) : [];
    // A GSI (gsi_wcu > 0) draws its propagation delays from a stream of its own.
    const gsi = (this.gsi =
      o.gsiWcu > 0
        ? new GlobalSecondaryIndex(
            { wcu: o.gsiWcu, partitions: o.gsiPartitions, partitionMaxWcu: o.partitionMaxWcu, propagationDelay: o.gsiPropagationDelay, backlogLimitUs: o.gsiBacklogLimitUs },
            ctx.keyCount,
            o.partitions,
            sim.scheduler,
            sim.rng('engine/dynamodb/gsi'),
            (c, a) => ctx.count(c, a),
          )
        : null);
    const streamFeed = (p: number) =>
      o.stream || gsi !== null
        ? {
            committed: (rec: { index: number; keyIndex: number; value: number; bytes: number; commitUs: number }) => {
              if (o.stream && this.streamShards[p].append(rec.index, rec.keyIndex, rec.value, rec.commitUs)) ctx.count('stream_records', 1);
              gsi?.committed(p, rec.index, rec.keyIndex, rec.bytes - RECORD_OVERHEAD_BYTES, rec.value);
            },
          }
        : {};
    const consumer = { batchSize: o.streamBatchSize, pollIntervalUs: o.streamPollIntervalUs, invokeUs: o.streamInvokeUs, perRecordUs: o.streamRecordUs, retentionUs: o.streamRetentionUs };
    for (const shard of this.streamShards) new ShardPoller(shard, consumer, sim.scheduler, (c, a) => ctx.count(c, a)).start();
    // The nodes as the outline lays them out (its one source of names, AZs, starting roles and
    // partitions), created in its order: storage hosts, partition replicas, routers, DAX.
    const outline = dynamoOutline(o, sim.region.azs);
    const create = (n: NodeOutline) => sim.createNode(n.name, n.az, [...n.roles]);
    const withRole = (...roles: string[]) => outline.filter((n) => roles.includes(n.roles[0]));
    const hostsByAz = o.replicaAzs.map((az) =>
      withRole('storage').filter((n) => n.az === az).map((n) => {
        const node = create(n);
        const host = new StorageHost(node, { opts: o, now, rng: rngOf(node.name) });
        this.hosts.push(host);
        return host;
      }),
    );
    const announce = (r: Replica) => this.announce(r);
    const lag = (replica: string, lagUs: number) => ctx.replicationLag(replica, lagUs);
    // Writes that append items (item_writes: append) grow item collections, which LSIs cap.
    const collections = itemCollectionsOf({ lsis: o.lsis, itemWrites: o.itemWrites as 'overwrite' | 'append', limitBytes: o.itemCollectionLimitBytes, startBytes: o.itemCollectionStartBytes });
    const collectionParts = collections === null ? {} : { collections, count: (c: string, a: number) => ctx.count(c, a) };
    const groups: NodeOutline[][] = Array.from({ length: o.partitions }, () => []);
    for (const n of withRole('leader', 'follower')) groups[n.labels.partition].push(n);
    const leaders: number[] = [];
    for (let p = 0; p < o.partitions; p++) {
      const termLeaders = new Map<number, ReplicaRef>();
      leaders.push(groups[p].findIndex((n) => n.roles[0] === 'leader'));
      // A group's replicas follow the replica AZs' order, so the j-th sits on a host of the j-th AZ.
      const group = groups[p].map((n, j) => {
        const node = create(n);
        const r = new Replica({ opts: o, network, now, rng: rngOf(node.name), events: events[p], termLeaders, lag, announce, ...streamFeed(p), ...collectionParts }, p, hostsByAz[j][p % o.storageNodesPerAz], node);
        this.replicaOf.set(r.node.id, r);
        return r;
      });
      const shared = this.groupOf(group, hostsByAz);
      for (const r of group) r.joinGroup(group.filter((x) => x !== r), shared);
      this.partitions.push(group);
    }
    // With a GSI, a write is first checked against the GSI's back-pressure (before it takes base units).
    const admission =
      gsi === null
        ? this.admission
        : {
            admit: (p: number, dim: 'read' | 'write', units: number, nowUs: number, key = -1) =>
              (dim !== 'write' || key < 0 || gsi.accepts(key, units)) && this.admission.admit(p, dim, units, nowUs, key),
          };
    // Queries read the GSI's copy, or with query_index lsi take the read path of the base partition.
    const routerParts = { opts: o, network, now, partitions: this.partitions, partitionOf: (k: number) => this.keyPartition[k], admission, events, gsi: o.queryIndex === 'gsi' ? gsi : null };
    for (const n of withRole('router')) {
      const node = create(n);
      this.routers.push(new Router({ ...routerParts, rng: rngOf(node.name) }, node));
    }
    this.dax = o.dax
      ? new DaxCluster(
          { opts: o, network, now, rng: rngOf, count: (counter, amount) => ctx.count(counter, amount), routers: this.routers, clientCount: () => sim.clients.length },
          withRole('dax').map(create),
        )
      : null;
    this.partitions.forEach((group, p) => this.bootstrap(group, group[leaders[p]]));
  }

  /** What a partition's replicas share: the log trim, the membership, and the hosts a log replica may go to. */
  private groupOf(group: Replica[], hostsByAz: StorageHost[][]): PartitionGroup {
    const trim = new LogTrim((value) => this.ctx.valueDurable?.(value));
    trim.of(group);
    const used = new Set<ReplicaHost>(group.map((r) => r.host));
    return {
      trim,
      membership: new GroupMembership(),
      // In the replaced replica's AZ only: the group keeps one member in each AZ.
      newLogReplica: (leader, replaced) => {
        const az = group.findIndex((r) => r === replaced);
        const host = az < 0 ? undefined : hostsByAz[az].find((h) => !used.has(h) && h.node.state === 'up');
        return host === undefined ? null : new LogReplica(`p${group[0].partition}-log-${host.node.name}`, host, this.sim.network, this.opts, leader);
      },
    };
  }

  /** The table's first leaders: spread over the AZs, their leases granted with the table. */
  private bootstrap(group: Replica[], leader: Replica): void {
    for (const r of group) r.startWith(leader);
    leader.leadFromStart();
    for (const router of this.routers) router.learnInitial(leader.partition, leader.term, leader);
  }

  partitionOf(keyIndex: number): number {
    return this.keyPartition[keyIndex];
  }

  /** A leader that started serving tells every router. */
  announce(r: Replica): void {
    for (const router of this.routers) this.sim.network.send(r.node, router.node, ANNOUNCE_BYTES, router.onAnnounce, { partition: r.partition, term: r.term, leader: r });
  }

  // ---- Engine ------------------------------------------------------------------------------

  nodes(): readonly SimNode[] {
    return [...this.hosts.map((h) => h.node), ...this.partitions.flat().map((r) => r.node), ...this.routers.map((r) => r.node), ...(this.dax?.nodes() ?? [])];
  }

  domainOf(keyIndex: number): string {
    return this.domainNames[this.keyPartition[keyIndex]];
  }

  domains(): readonly string[] {
    return this.domainNames;
  }

  driver(client: SimClient): Driver {
    const dax = this.dax;
    const endpoints = dax !== null && !dax.bypassedBy(client) ? dax.nodeList : this.routers;
    return new DynamoDriver(this.sim.network, this.sim.now, client, endpoints);
  }

  /** An operator failover on a leader: it hands over to its most caught-up follower. */
  operatorFailover(nodes: SimNode[]): void {
    for (const n of nodes) {
      const r = this.replicaOf.get(n.id);
      if (r !== undefined && r.role === 'leader') r.resign();
    }
  }

  /** A query on an LSI reads the base partition, so it may be strong; a GSI's copy is eventual only. */
  strongQueries(): boolean {
    return this.opts.queryIndex === 'lsi';
  }

  counters(): readonly string[] {
    const queries = this.ctx.queries === true;
    return [
      ...ADMISSION_COUNTERS,
      ...(this.dax === null ? [] : DAX_COUNTERS),
      ...(this.dax !== null && queries ? DAX_QUERY_COUNTERS : []),
      ...(this.opts.stream ? STREAM_COUNTERS : []),
      ...(this.gsi === null ? [] : GSI_COUNTERS),
      ...(this.gsi !== null && queries && this.opts.queryIndex === 'gsi' ? GSI_QUERY_COUNTERS : []),
      ...(this.opts.itemWrites === 'append' && this.opts.lsis > 0 ? ['item_collection_full'] : []),
    ];
  }

  cacheCounters(): CacheCounters | null {
    return this.dax === null ? null : { hits: 'dax_hits', misses: 'dax_misses' };
  }

  /** Followers that are up behind their leader: the oldest committed write each has not applied. */
  replicationBacklog(): readonly ReplicaBacklog[] {
    return applyBacklog(this.partitions);
  }

  private surviving: Map<number, number[]>[] | null = null;

  /** The durable log of each partition's authoritative replica: its leader, else the most up to date. */
  survivingValues(keyIndex: number): Iterable<number> {
    if (this.surviving === null) {
      this.surviving = this.partitions.map((group) => {
        let best = group[0];
        for (const r of group) {
          const rank = (x: Replica) => (x.role === 'leader' && x.leaderState !== null ? 1 : 0);
          const better = rank(r) > rank(best) || (rank(r) === rank(best) && (r.term > best.term || (r.term === best.term && r.log.persisted > best.log.persisted)));
          if (better) best = r;
        }
        const byKey = new Map<number, number[]>();
        // Records below the log's base were reported durable as they were dropped (log-trim.ts).
        for (const rec of best.log.records.slice(0, best.log.persisted - best.log.base)) {
          if (rec.keyIndex < 0) continue;
          let list = byKey.get(rec.keyIndex);
          if (list === undefined) byKey.set(rec.keyIndex, (list = []));
          list.push(rec.value);
        }
        return byKey;
      });
    }
    return this.surviving[this.keyPartition[keyIndex]].get(keyIndex) ?? [];
  }
}
