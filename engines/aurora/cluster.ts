// An Aurora cluster as one engine: the writer and its replicas (instances), the storage nodes of
// the shared volume in 3 AZs, the control plane (instance health, failover, DNS) and the storage
// control plane (storage health, repair), both on one control-plane host (`aurora-control-plane`)
// in the `control-plane` AZ: they reach the AZs over cross-AZ links and send their commands as
// messages (a partition that names the `control-plane` AZ or that host cuts them off). The
// whole database is one failure domain ('db'): one PG that loses its write quorum stalls the
// durable point of the whole volume.
// Nodes in stable order, as node-outline.ts lays them out: the instances (the writer first, then
// the replicas), then the storage nodes AZ by AZ (`storage-<az>-<i>`), then with
// `client_path: rds-proxy` one proxy per AZ (`proxy-<az>`, sim/client-path.ts).
// Leaves out: the control plane's own failures (its host is outside the AZs and never fails), and
// volume growth (every PG exists from the start).

import { vcpusOf } from './instance-class.ts';
import type { Endpoint } from '../../sim/endpoint.ts';
import type { SimNode } from '../../sim/node.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import { EndpointDriver } from '../../sim/endpoint-driver.ts';
import { ClientPaths } from '../../sim/client-path.ts';
import { HealthChecker } from '../../sim/health-checker.ts';
import { domainEvents } from '../../sim/domain-events.ts';
import type { Engine, EngineContext, EngineOptions, ReplicaBacklog } from '../engine.ts';
import { readOptions, type AuroraOptions } from './options.ts';
import { AuroraInstance, type InstanceParts, type InstanceRole } from './instance.ts';
import { auroraOutline } from './node-outline.ts';
import type { StorageNode, StorageReport } from './storage-node.ts';
import type { Volume } from './volume.ts';
import { layVolume } from './volume-layout.ts';
import { ControlPlane } from './control-plane.ts';
import { StorageControl } from './storage-control.ts';
import { auroraDriverConfig, DATABASE_ERRORS, replyBytes, requestBytes, WRITER_ENDPOINT } from './driver.ts';
import { WriterEpochs } from './writer-epochs.ts';
import { CONTROL_BYTES, type RedoRecord } from './redo.ts';
import { instanceParts, type ClusterOfInstances } from './instance-parts.ts';
import { GlobalDatabase } from './global-database.ts';
import type { HealthAnswer } from './control-messages.ts';
import { sampler } from '../../sim/distribution.ts';
import { ServerlessFleet, SERVERLESS_COUNTERS } from './serverless-fleet.ts';

export class AuroraCluster implements Engine {
  readonly sim: Sim;
  readonly opts: AuroraOptions;
  readonly instances: AuroraInstance[] = [];
  readonly storage: StorageNode[] = [];
  readonly volume: Volume<StorageNode>;
  readonly control: ControlPlane<AuroraInstance>;
  readonly storageControl: StorageControl;
  readonly health: HealthChecker<AuroraInstance, HealthAnswer>;
  /** Run-time check that one writer commits per epoch. */
  readonly epochs = new WriterEpochs();
  /** Aurora Serverless v2 capacity (null when `serverless` is off). */
  readonly serverless: ServerlessFleet | null;
  /** How clients reach the writer (`client_path`): the proxies, if any, live here. */
  readonly paths: ClientPaths;
  /** Aurora Global Database: the secondary clusters in other regions (null without `global_azs`). */
  readonly global: GlobalDatabase | null = null;
  private readonly byNode = new Map<number, AuroraInstance>();
  private surviving: Map<number, number[]> | null = null;

  constructor(
    readonly ctx: EngineContext,
    options: EngineOptions,
  ) {
    const sim = (this.sim = ctx.sim);
    const o = (this.opts = readOptions(options, sim.region.azs));
    const events = domainEvents(sim.events, 'db');
    const { network, now } = sim;
    const monitor = sim.createNode('aurora-control-plane', 'control-plane', ['control-plane']);

    // Hosts in the outline's order (its one source of names, AZs and starting roles: the
    // instances, then storage), before the parts that run on them: every instance reads from the
    // volume, which is laid over the storage nodes.
    const outline = auroraOutline(o);
    const instanceOutline = outline.filter((n) => !n.roles.includes('storage'));
    const instanceNodes = instanceOutline.map((n) => sim.createNode(n.name, n.az, [...n.roles]));
    const storageOutline = outline.filter((n) => n.roles.includes('storage'));
    /** The role each instance starts in, by node name (the outline's). */
    const startRole = new Map(instanceOutline.map((n) => [n.name, n.roles[0] as InstanceRole]));
    // A global database keeps every record: a value durable here may never reach the secondary
    // that takes over, and one unreadable here may still be read there.
    const global = o.secondaryAzs.length > 0;
    const laid = global
      ? layVolume(sim, o, o.volumeAzs, storageOutline, ctx.keyCount, this.onStorageReport)
      : layVolume(sim, o, o.volumeAzs, storageOutline, ctx.keyCount, this.onStorageReport, ctx.valueDurable ?? null, ctx.valueUnreadable ?? null);
    this.volume = laid.volume;

    const instanceStart = sampler(o.instanceStart, sim.rng('engine/aurora/instance-start'));
    const parts: ClusterOfInstances = {
      sim,
      opts: o,
      events,
      volume: this.volume,
      epochs: this.epochs,
      // Once a planned switchover demoted this cluster, its instances follow the agent feeding its volume.
      writer: () => this.control.writer ?? this.global?.demotedPrimaryFeed() ?? null,
      lag: (replica, lagUs) => ctx.replicationLag(replica, lagUs),
      startTime: instanceStart,
      report: (from, r) => network.send(from.node, monitor, CONTROL_BYTES, this.control.onReport, { from, report: r }),
      // The initial topology as configured: instance-1 starts as the writer, the others as replicas.
      peers: (node) => this.instances.filter((p) => p.node !== node).map((p) => ({ target: p, role: startRole.get(p.name)! })),
      instanceOn: (node) => this.byNode.get(node.id)!,
      // With a global database the writers ship what they commit to the secondaries.
      ...(global ? { committedRecords: (records: RedoRecord[]) => this.global!.committed(records) } : {}),
    };
    // Tiers: the writer 0, the replicas 1, the last `low_priority_replicas` of them 15.
    let replicasSeen = 0;
    for (const node of instanceNodes) {
      const role = startRole.get(node.name)!;
      const replicaIndex = role === 'writer' ? -1 : replicasSeen++;
      const tier = role === 'writer' ? 0 : replicaIndex >= o.replicas - o.lowPriorityReplicas ? 15 : 1;
      // A replica with a class: one worker per vCPU, and its vCPUs are its size for promotion.
      const cls = replicaIndex >= 0 ? o.replicaClasses[replicaIndex] : undefined;
      const size = cls === undefined ? 0 : vcpusOf(cls);
      const inst = new AuroraInstance(node, instanceParts(parts, node, size > 0 ? size : o.service.workers), role, tier, size);
      this.instances.push(inst);
      this.byNode.set(node.id, inst);
    }
    // Aurora Serverless v2 (serverless: true): capacity per instance follows its load.
    this.serverless = o.serverless ? new ServerlessFleet(o, this.instances, sim.scheduler, (c, a) => ctx.count(c, a)) : null;
    const writer = this.instances.find((i) => i.role === 'writer')!;
    this.storage.push(...laid.storage);

    this.health = new HealthChecker<AuroraInstance, HealthAnswer>(
      network,
      monitor,
      sim.rng('engine/aurora/monitor'),
      { intervalUs: o.healthCheckIntervalUs, timeoutUs: o.healthCheckTimeoutUs, failures: o.healthCheckFailures, probeBytes: CONTROL_BYTES },
      {
        failed: (inst, n) => {
          events('failure-detected', inst.name, `${n} health checks failed (${inst.role})`);
          this.control.instanceFailed(inst);
        },
        healthy: (inst) => this.control.instanceHealthy(inst),
      },
      (answer) => this.control.heard(answer),
    );
    for (const inst of this.instances) this.health.watch(inst, inst.node, inst.onHealthCheck);

    this.control = new ControlPlane({
      opts: o,
      node: monitor,
      rng: sim.rng('engine/aurora/control-plane'),
      events,
      dns: sim.dns,
      network,
      instances: this.instances,
      isFailed: (inst) => this.health.isFailed(inst),
    });
    this.storageControl = new StorageControl({
      opts: o,
      node: monitor,
      rng: sim.rng('engine/aurora/storage-monitor'),
      network,
      now,
      events,
      volume: this.volume,
      storage: this.storage,
      // The storage control plane tells the writer (a message to its host) that a segment moved.
      segmentMoved: (pg, slot, to, scl) => {
        const w = this.control.writer;
        if (w !== null) network.send(monitor, w.node, CONTROL_BYTES, () => w.writer?.health.segmentMoved(pg, slot, to, scl));
      },
    });

    // Built after every engine node, so the proxies come last in the node order (node-outline.ts).
    this.paths = new ClientPaths(sim, o, {
      writerName: WRITER_ENDPOINT,
      // The instance takes writes: what `innodb_read_only` = 0 tells a proxy or a driver.
      instances: this.instances.map((inst) => ({ endpoint: inst.node, isWriter: () => inst.role === 'writer' && inst.status === 'available' && inst.writer !== null })),
      serverAt: (e) => this.instanceAt(e),
      requestBytes,
      replyBytes,
      keepConnectionOn: DATABASE_ERRORS,
      events,
    });

    if (global) {
      this.global = new GlobalDatabase({ ctx, opts: o, events, epochs: this.epochs, monitor, control: this.control, primaryVolume: this.volume });
      for (const sec of this.global.secondaries) for (const r of sec.readers) this.byNode.set(r.node.id, r);
    }

    writer.openFresh(this.control.begin(writer));
    this.paths.start();
    this.health.start();
    this.storageControl.health.start();
    this.global?.start();
  }

  instanceAt(e: Endpoint): AuroraInstance | undefined {
    return this.byNode.get(e.id);
  }

  /** A storage node's report that gossip advanced a segment (sent to the writer it last heard). */
  private readonly onStorageReport = (m: StorageReport): void => {
    this.instanceAt(m.to)?.writer?.segmentReport(m.from, m.pg, m.scl);
  };

  // ---- Engine ------------------------------------------------------------------------------

  private allNodes: SimNode[] | null = null;

  nodes(): readonly SimNode[] {
    return (this.allNodes ??= [...this.instances.map((i) => i.node), ...this.storage.map((s) => s.node), ...this.paths.nodes(), ...(this.global?.nodes() ?? [])]);
  }

  domainOf(): string {
    return 'db';
  }

  counters(): readonly string[] {
    return this.serverless === null ? [] : SERVERLESS_COUNTERS;
  }

  domains(): readonly string[] {
    return ['db'];
  }

  driver(client: SimClient): EndpointDriver {
    const base = auroraDriverConfig((e) => this.instanceAt(e));
    return new EndpointDriver(this.sim, client, this.global?.driverConfig(client, base) ?? this.paths.driverConfig(client, base));
  }

  operatorFailover(nodes: SimNode[]): void {
    // A failover of a secondary's nodes (only theirs) promotes that secondary (detach and promote: data loss).
    const secondary = this.global?.secondaryOf(nodes, true);
    if (secondary !== undefined) return this.global!.failover(secondary, 'failover');
    this.control.operatorFailover(nodes.flatMap((n) => this.byNode.get(n.id) ?? []));
  }

  switchover(nodes: SimNode[], allowDataLoss: boolean): void {
    const secondary = this.global?.secondaryOf(nodes);
    if (secondary === undefined) return void this.ctx.sim.events.emit('failover-refused', { domain: 'db', detail: `switchover: ${nodes.map((n) => n.name).join(' ') || 'no node'} is not in a secondary cluster` });
    if (allowDataLoss) this.global!.failover(secondary, 'switchover with allow_data_loss');
    else this.global!.switchover(secondary);
  }

  /** Replicas that are up with redo received and not applied: the oldest such record's commit. */
  replicationBacklog(): readonly ReplicaBacklog[] {
    const out: ReplicaBacklog[] = [];
    for (const inst of this.instances) {
      if (inst.role !== 'replica' || inst.status !== 'available' || !inst.node.isUp) continue;
      const commitUs = inst.replica.oldestUnappliedCommitUs();
      if (commitUs !== null) out.push({ replica: inst.node.name, oldestCommitUs: commitUs });
    }
    if (this.global !== null) out.push(...this.global.replicationBacklog());
    return out;
  }

  survivingValues(keyIndex: number): Iterable<number> {
    // With a global database, the history is the current primary's volume.
    if (this.surviving === null) this.surviving = (this.global?.primaryVolume() ?? this.volume).survivingValues();
    return this.surviving.get(keyIndex) ?? [];
  }
}
