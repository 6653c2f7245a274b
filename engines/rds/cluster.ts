// An RDS deployment as one engine: its instances, the control plane and health monitoring, the
// endpoints, and the messages between instances. The three RDS types differ only in topology:
//   rds-single-az         writer
//   rds-multi-az          writer + synchronous standby in another AZ (serves no reads)
//   rds-multi-az-cluster  writer + 2 readable standbys ("readers") in 3 AZs, semi-synchronous
// plus `read_replicas` asynchronous read replicas on any of them. The whole database is one
// failure domain ('db'). The control plane and its health monitor run on one host,
// `rds-control-plane`, in the `control-plane` AZ: their probes and commands cross AZ links. A
// cross-region replica is watched and commanded from its own region's host,
// `rds-control-plane-<region>` (made before the region's first instance; see control-plane.ts).
// With `client_path: rds-proxy` a proxy per AZ (`proxy-<az>`) follows the instances in the node
// order; how clients reach the writer is sim/client-path.ts.

import { sampler } from '../../sim/distribution.ts';
import type { Endpoint } from '../../sim/endpoint.ts';
import type { SimNode } from '../../sim/node.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import { EndpointDriver } from '../../sim/endpoint-driver.ts';
import { ClientPaths } from '../../sim/client-path.ts';
import { HealthChecker } from '../../sim/health-checker.ts';
import { regionOfAz, regionalControlPlaneAz } from '../../sim/regions.ts';
import { domainEvents } from '../../sim/domain-events.ts';
import type { Engine, EngineContext, EngineOptions, ReplicaBacklog } from '../engine.ts';
import { DbInstance, type InstanceRole } from './instance.ts';
import type { HealthAnswer, InstanceReport } from './control-messages.ts';
import { ControlPlane } from './control-plane.ts';
import { NO_KEPT_ERRORS, rdsDriverConfig, replyBytes, requestBytes, WRITER_ENDPOINT } from './driver.ts';
import { readOptions, type RdsOptions, type RdsType } from './options.ts';
import { WriterStream } from './writer-stream.ts';
import { SafetyInvariants } from './safety-invariants.ts';
import { LogCheckpoint } from './log-checkpoint.ts';
import { rdsInstances } from './node-outline.ts';

export type { RdsType } from './options.ts';

type Monitor = HealthChecker<DbInstance, HealthAnswer<DbInstance>>;

/** Size of a report or notice sent to the control plane. */
const CONTROL_BYTES = 64;

export class RdsCluster implements Engine {
  readonly sim: Sim;
  readonly opts: RdsOptions;
  readonly keyCount: number;
  readonly instances: DbInstance[] = [];
  readonly control: ControlPlane;
  readonly monitor: Monitor;
  /** Per region other than the home one that holds an instance: its control-plane host and monitor. */
  private readonly regional = new Map<string, { host: SimNode; monitor: Monitor }>();
  /** The regional host and monitor of an instance outside the home region. */
  private readonly regionalOf = new Map<DbInstance, { host: SimNode; monitor: Monitor }>();
  /** Runtime checks of the engine's safety promises. */
  readonly safety = new SafetyInvariants();
  /** How clients reach the writer (`client_path`): the proxies, if any, live here. */
  readonly paths: ClientPaths;
  private readonly byNode = new Map<number, DbInstance>();

  constructor(
    readonly type: RdsType,
    readonly ctx: EngineContext,
    options: EngineOptions,
  ) {
    const sim = (this.sim = ctx.sim);
    this.keyCount = ctx.keyCount;
    const o = (this.opts = readOptions(options, sim.region.azs));
    const { network, now } = sim;
    const events = domainEvents(sim.events, 'db');
    const start = sampler(o.instanceStart, sim.rng('engine/rds/instance-start'));
    const monitorNode = sim.createNode('rds-control-plane', 'control-plane', ['control-plane']);

    this.control = new ControlPlane({
      type,
      opts: o,
      node: monitorNode,
      hostOf: (inst) => this.hostOf(inst),
      rng: sim.rng('engine/rds/control-plane'),
      events,
      dns: sim.dns,
      network,
      instances: this.instances,
      isFailed: (inst) => (this.regionalOf.get(inst)?.monitor ?? this.monitor).isFailed(inst),
      safety: this.safety,
    });
    // A writer's news for the control plane travels as a message from its host; whether it is the
    // writer the control plane names is the safety checks' own bookkeeping, asked directly.
    // While the cluster wires its initial topology nothing travels (the writer's attach messages
    // and their answers included): that is configuration.
    let wiring = true;
    const wire = { send: (from: SimNode, to: SimNode, bytes: number, fn: (arg: any) => void, arg?: unknown) => (wiring ? fn(arg) : network.send(from, to, bytes, fn, arg)) };
    const toControl = (from: DbInstance, deliver: () => void) => wire.send(from.node, this.hostOf(from), CONTROL_BYTES, deliver);
    const report = (from: DbInstance, r: InstanceReport) => network.send(from.node, this.hostOf(from), CONTROL_BYTES, this.control.onReport, { from, report: r });
    let streams = 0;
    const newStream = (inst: DbInstance, epoch: number) =>
      new WriterStream(
        {
          opts: o,
          sessions: o.service.workers,
          followerTimeoutUs: type === 'rds-multi-az' ? o.standbyTimeoutUs : o.semiSyncTimeoutUs,
          network: wire,
          now,
          events,
          safety: this.safety,
          control: {
            syncReported: (from, inSync) => toControl(from.writer, () => this.control.syncReported(from.writer, from.epoch, inSync)),
            writerDeposed: (w) => toControl(w, () => this.control.writerDeposed(w)),
            isWriter: (i) => this.control.isWriter(i),
          },
        },
        inst,
        epoch,
        ++streams,
      );
    const newMonitor = (host: SimNode, stream: string): Monitor => new HealthChecker<DbInstance, HealthAnswer<DbInstance>>(
      network,
      host,
      sim.rng(stream),
      { intervalUs: o.healthCheckIntervalUs, timeoutUs: o.healthCheckTimeoutUs, failures: o.healthCheckFailures, probeBytes: 64 },
      {
        failed: (inst, n) => {
          events('failure-detected', inst.name, `${n} health checks failed (${inst.role})`);
          this.control.instanceFailed(inst);
        },
        healthy: (inst) => this.control.instanceHealthy(inst),
        passed: () => this.control.retryFailover(),
      },
      (answer) => this.control.heard(answer),
    );
    this.monitor = newMonitor(monitorNode, 'engine/rds/monitor');
    const homeRegion = sim.region.regions?.[0].name;
    /** The regional host and monitor for an AZ outside the home region (made on first use), or undefined. */
    const regionalFor = (az: string) => {
      const region = regionOfAz(sim.region, az);
      if (region === undefined || region === homeRegion) return undefined;
      let r = this.regional.get(region);
      if (r === undefined) {
        const host = sim.createNode(`rds-control-plane-${region}`, regionalControlPlaneAz(region), ['control-plane']);
        this.regional.set(region, (r = { host, monitor: newMonitor(host, `engine/rds/monitor/${region}`) }));
      }
      return r;
    };

    const settled = ctx.valueDurable === undefined || ctx.valueUnreadable === undefined ? null : { durable: ctx.valueDurable, unreadable: ctx.valueUnreadable };
    const checkpoint = new LogCheckpoint(ctx.keyCount, settled);
    const roles = new Map<DbInstance, InstanceRole>();
    const add = (name: string, az: string, role: InstanceRole): DbInstance => {
      const regional = regionalFor(az);
      const node = sim.createNode(name, az, [role]);
      const inst = new DbInstance(node, {
        opts: o,
        logLatency: type === 'rds-multi-az-cluster' ? o.localStorageLatency : o.storageLatency,
        keyCount: ctx.keyCount,
        checkpoint,
        rng: sim.rng(`engine/rds/${node.name}`),
        scheduler: sim.scheduler,
        network: wire,
        startTime: start,
        lag: (replica, lagUs) => ctx.replicationLag(replica, lagUs),
        report,
        newStream,
      }, role);
      roles.set(inst, role);
      this.instances.push(inst);
      this.byNode.set(node.id, inst);
      if (regional !== undefined) this.regionalOf.set(inst, regional);
      (regional?.monitor ?? this.monitor).watch(inst, node, inst.onHealthCheck);
      return inst;
    };
    // The node outline (node-outline.ts) lays the instances out; the first is the writer.
    const [writer] = rdsInstances(type, o).map((n) => add(n.name, n.az, n.role));

    // Built after the instances, so the proxies come last in the node order (node-outline.ts).
    this.paths = new ClientPaths(sim, o, {
      writerName: WRITER_ENDPOINT,
      // The instance takes writes now: what `innodb_read_only` = 0 tells a proxy or a driver.
      instances: this.instances.map((inst) => ({ endpoint: inst.node, isWriter: () => inst.role === 'writer' && inst.status === 'available' && inst.stream !== null })),
      serverAt: (e) => this.instanceAt(e),
      requestBytes,
      replyBytes,
      keepConnectionOn: NO_KEPT_ERRORS,
      events,
    });

    const initial = this.control.start(writer, roles);
    writer.beginAsWriter(initial.epoch, initial.followers);
    wiring = false;
    this.paths.start();
    this.monitor.start();
    for (const r of this.regional.values()) r.monitor.start();
  }

  /** The control-plane host that serves an instance's region (the home host for the home region). */
  private hostOf(inst: DbInstance): SimNode {
    return this.regionalOf.get(inst)?.host ?? this.monitor.monitor;
  }

  instanceAt(e: Endpoint): DbInstance | undefined {
    return this.byNode.get(e.id);
  }

  // ---- Engine ------------------------------------------------------------------------------

  nodes(): readonly SimNode[] {
    return [...this.instances.map((i) => i.node), ...this.paths.nodes()];
  }

  domainOf(): string {
    return 'db';
  }

  domains(): readonly string[] {
    return ['db'];
  }

  driver(client: SimClient): EndpointDriver {
    return new EndpointDriver(this.sim, client, this.paths.driverConfig(client, rdsDriverConfig((e) => this.instanceAt(e))));
  }

  operatorFailover(nodes: SimNode[]): void {
    this.control.operatorFailover(nodes.flatMap((n) => this.byNode.get(n.id) ?? []));
  }

  private surviving: Map<number, number[]> | null = null;

  /** Readers and replicas that are up behind the writer: the oldest record the writer committed that they have not applied. */
  replicationBacklog(): readonly ReplicaBacklog[] {
    const w = this.control.writer;
    if (w === null) return [];
    const out: ReplicaBacklog[] = [];
    for (const inst of this.instances) {
      // The standby holds the data block by block and reports no lag; the writer is the source.
      if ((inst.role !== 'reader' && inst.role !== 'replica') || !inst.node.isUp || inst.status !== 'available') continue;
      const next = w.data.entry(inst.data.appliedLsn + 1);
      if (next !== undefined && next.commitUs >= 0) out.push({ replica: inst.name, oldestCommitUs: next.commitUs });
    }
    return out;
  }

  survivingValues(keyIndex: number): Iterable<number> {
    if (this.surviving === null) {
      // The surviving history is the durable log of the writer (or the last one there was).
      this.surviving = new Map();
      const w = this.control.writer ?? this.control.lastWriter;
      // Records below the log checkpoint were reported durable as it passed them (log-checkpoint.ts).
      const log = w === null ? [] : w.data.recordsUpTo(w.data.persistedLsn);
      for (const e of log) {
        let list = this.surviving.get(e.keyIndex);
        if (list === undefined) this.surviving.set(e.keyIndex, (list = []));
        list.push(e.value);
      }
    }
    return this.surviving.get(keyIndex) ?? [];
  }
}
