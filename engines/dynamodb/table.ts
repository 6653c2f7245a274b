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
// With global_table_azs, a global table: a copy of all this in each replica region (region-copy.ts)
// and replication between them (global-table.ts).
// Leaves out: local secondary indexes, several GSIs, backups, and splits for size.

import type { SimNode } from '../../sim/node.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import type { Driver } from '../../sim/operation.ts';
import { domainEvents } from '../../sim/domain-events.ts';
import type { CacheCounters, Engine, EngineContext, EngineOptions, NodeOutline, ReplicaBacklog } from '../engine.ts';
import { readOptions, type DynamoOptions } from './options.ts';
import { dynamoOutline, regionOutline } from './node-outline.ts';
import { hashTable, partitionTable } from './key-hash.ts';
import { HeatSplit } from './heat-split.ts';
import { Admission, ADMISSION_COUNTERS, type AdmissionConfig } from './admission.ts';
import type { StorageHost } from './storage-host.ts';
import type { Replica, ReplicaParts } from './replica.ts';
import type { Router } from './router.ts';
import { RegionCopy } from './region-copy.ts';
import { GlobalTable, GLOBAL_COUNTERS } from './global-table.ts';
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
  /** Each region's copy of the table: the home region's first, then the replica regions' (global tables). */
  readonly copies: readonly RegionCopy[];
  /** Global tables' replication between the copies (null for a one-region table). */
  readonly global: GlobalTable | null;
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
    const admissionConfig = (): AdmissionConfig => ({
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
      });
    this.admission = new Admission(
      admissionConfig(),
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
    const streamFeed = (p: number): Partial<ReplicaParts> =>
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
    // partitions), created in its order: the home copy's storage hosts, replicas and routers, DAX,
    // then each replica region's copy.
    const outline = dynamoOutline(o, sim.region.azs);
    const homeCount = regionOutline(o, o.replicaAzs, sim.region.azs).length;
    const lag = (replica: string, lagUs: number) => ctx.replicationLag(replica, lagUs);
    // Writes that append items (item_writes: append) grow item collections, which LSIs cap.
    const collections = itemCollectionsOf({ lsis: o.lsis, itemWrites: o.itemWrites as 'overwrite' | 'append', limitBytes: o.itemCollectionLimitBytes, startBytes: o.itemCollectionStartBytes });
    const collectionParts = collections === null ? {} : { collections, count: (c: string, a: number) => ctx.count(c, a) };
    // With a GSI, a write is first checked against the GSI's back-pressure (before it takes base units).
    const admission =
      gsi === null
        ? this.admission
        : {
            admit: (p: number, dim: 'read' | 'write', units: number, nowUs: number, key = -1) =>
              (dim !== 'write' || key < 0 || gsi.accepts(key, units)) && this.admission.admit(p, dim, units, nowUs, key),
          };
    const partitionOf = (k: number) => this.keyPartition[k];
    const global = o.globalTableAzs !== null;
    const home = new RegionCopy({
      sim,
      opts: o,
      region: sim.region.regions?.[0]?.name ?? '',
      regionIndex: 0,
      outline: outline.slice(0, homeCount),
      replicaAzs: o.replicaAzs,
      events,
      rngOf,
      lag,
      replicaExtras: global ? (p) => GlobalTable.replicaExtras(0, 0, streamFeed(p), () => this.global!, p) : (p) => ({ ...streamFeed(p), ...collectionParts }),
      durable: global ? null : (value) => this.ctx.valueDurable?.(value),
      // Queries read the GSI's copy, or with query_index lsi take the read path of the base partition.
      routerParts: { partitionOf, admission, gsi: o.queryIndex === 'gsi' ? gsi : null, ...(o.globalConsistency === 'strong' ? { coordinator: { write: (...a) => this.global!.strong!.write(...a), read: (...a) => this.global!.strongReads!.read(...a) } } : {}) },
    });
    this.hosts.push(...home.hosts);
    this.partitions.push(...home.partitions);
    this.routers.push(...home.routers);
    const create = (n: NodeOutline) => sim.createNode(n.name, n.az, [...n.roles]);
    this.dax = o.dax
      ? new DaxCluster(
          { opts: o, network, now, rng: rngOf, count: (counter, amount) => ctx.count(counter, amount), routers: this.routers, clientCount: () => sim.clients.length },
          outline.filter((n) => n.roles[0] === 'dax').map(create),
        )
      : null;
    this.global = global
      ? new GlobalTable({ ctx, opts: o, home, outline: outline.slice(homeCount), rngOf, events, partitionOf, lag, newAdmission: () => new Admission(admissionConfig(), 0, (c, a) => ctx.count(c, a)) })
      : null;
    this.copies = this.global?.copies ?? [home];
    for (const copy of this.copies) for (const r of copy.partitions.flat()) this.replicaOf.set(r.node.id, r);
    for (const copy of this.copies) copy.bootstrap();
  }

  partitionOf(keyIndex: number): number {
    return this.keyPartition[keyIndex];
  }

  // ---- Engine ------------------------------------------------------------------------------

  nodes(): readonly SimNode[] {
    const home = [...this.hosts.map((h) => h.node), ...this.partitions.flat().map((r) => r.node), ...this.routers.map((r) => r.node), ...(this.dax?.nodes() ?? [])];
    return this.global === null ? home : [...home, ...this.global.replicaNodes()];
  }

  domainOf(keyIndex: number): string {
    return this.domainNames[this.keyPartition[keyIndex]];
  }

  domains(): readonly string[] {
    return this.domainNames;
  }

  driver(client: SimClient): Driver {
    const dax = this.dax;
    // A global table's client uses its own region's copy (the home copy where its region has none).
    const routers = this.global?.routersFor(client.az) ?? this.routers;
    const endpoints = dax !== null && !dax.bypassedBy(client) ? dax.nodeList : routers;
    return new DynamoDriver(this.sim.network, this.sim.now, client, endpoints);
  }

  /** pause-replication: the region's copy neither sends nor receives replicated writes until resumed. */
  pauseReplication(region: string): () => void {
    return this.global?.pause(region) ?? (() => {});
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
      ...(this.global === null ? [] : GLOBAL_COUNTERS),
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

  /**
   * The durable log of each partition's authoritative replica: its leader, else the most up to
   * date. A global table's value survives only where every region's copy holds it (global-table.ts).
   */
  survivingValues(keyIndex: number): Iterable<number> {
    if (this.global !== null) return this.global.survivingValues(keyIndex);
    if (this.surviving === null) this.surviving = this.partitions.map((_, p) => this.copies[0].durableValues(p));
    return this.surviving[this.keyPartition[keyIndex]].get(keyIndex) ?? [];
  }
}

