// An Aurora cluster as one engine: the writer and its replicas (instances), the storage nodes of
// the shared volume in 3 AZs, the control plane (instance health, failover, DNS) and the storage
// control plane (storage health, repair), both on one control-plane host outside the AZs. The
// whole database is one failure domain ('db'): one PG that loses its write quorum stalls the
// durable point of the whole volume.
// Nodes in stable order: the instances (the writer first, then the replicas), then the storage
// nodes AZ by AZ (`storage-<az>-<i>`).
// Leaves out: the control plane's own failures (its host is outside the AZs and never fails), and
// volume growth (every PG exists from the start).

import type { Endpoint } from '../../sim/endpoint.ts';
import type { SimNode } from '../../sim/node.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import type { Engine, EngineContext, EngineOptions } from '../engine.ts';
import { readOptions, type AuroraOptions } from './options.ts';
import { AuroraInstance } from './instance.ts';
import { StorageNode } from './storage-node.ts';
import { Segment } from './segment.ts';
import { Volume } from './volume.ts';
import { HealthChecker } from './health.ts';
import { ControlPlane } from './control-plane.ts';
import { StorageControl } from './storage-control.ts';
import { auroraDriver } from './driver.ts';
import { WriterEpochs } from './writer-epochs.ts';
import type { EndpointDriver } from '../../sim/endpoint-driver.ts';

export class AuroraCluster implements Engine {
  readonly sim: Sim;
  readonly opts: AuroraOptions;
  readonly instances: AuroraInstance[] = [];
  readonly storage: StorageNode[] = [];
  readonly volume: Volume;
  readonly control: ControlPlane;
  readonly storageControl: StorageControl;
  readonly health: HealthChecker<AuroraInstance>;
  /** Run-time check that one writer commits per epoch. */
  readonly epochs = new WriterEpochs();
  private readonly byNode = new Map<number, AuroraInstance>();
  private surviving: Map<number, number[]> | null = null;

  constructor(
    readonly ctx: EngineContext,
    options: EngineOptions,
  ) {
    this.sim = ctx.sim;
    const o = (this.opts = readOptions(options, this.sim.region.azs));
    const monitor = this.sim.createNode('aurora-control-plane', 'control-plane', ['control-plane']);

    const writer = this.addInstance('instance-1', o.writerAz, 'writer', 0);
    for (let i = 0; i < o.replicas; i++) {
      const tier = i >= o.replicas - o.lowPriorityReplicas ? 15 : 1;
      this.addInstance(`instance-${i + 2}`, o.replicaAzs[i % o.replicaAzs.length], 'replica', tier);
    }
    const nodesByAz = o.volumeAzs.map((az) => {
      const nodes: StorageNode[] = [];
      for (let i = 0; i < o.storageNodesPerAz; i++) nodes.push(new StorageNode(this, this.sim.createNode(`storage-${az}-${i + 1}`, az, ['storage'])));
      this.storage.push(...nodes);
      return nodes;
    });
    this.volume = new Volume(ctx.keyCount, o.protectionGroups, nodesByAz);
    for (const pg of this.volume.pgs) for (const m of pg.members) m.segments.set(pg.index, new Segment(pg.index, pg.versions));

    this.control = new ControlPlane(this, monitor);
    this.health = new HealthChecker<AuroraInstance>(
      this.sim,
      monitor,
      'engine/aurora/monitor',
      { intervalUs: o.healthCheckIntervalUs, timeoutUs: o.healthCheckTimeoutUs, failures: o.healthCheckFailures },
      {
        failed: (inst, n) => {
          this.sim.events.emit('failure-detected', { node: inst.name, domain: 'db', detail: `${n} health checks failed (${inst.role})` });
          this.control.instanceFailed(inst);
        },
        healthy: (inst) => this.control.instanceHealthy(inst),
      },
    );
    for (const inst of this.instances) this.health.watch(inst, inst.node, inst.onHealthCheck);
    this.storageControl = new StorageControl(this, monitor);

    this.control.begin(writer);
    this.health.start();
    this.storageControl.health.start();
  }

  private addInstance(name: string, az: string, role: 'writer' | 'replica', tier: number): AuroraInstance {
    const inst = new AuroraInstance(this, this.sim.createNode(name, az, [role]), role, tier);
    this.instances.push(inst);
    this.byNode.set(inst.node.id, inst);
    return inst;
  }

  instanceAt(e: Endpoint): AuroraInstance | undefined {
    return this.byNode.get(e.id);
  }

  /** A storage node's report that gossip advanced a segment (sent to the writer it last heard). */
  readonly onStorageReport = (m: { from: StorageNode; to: Endpoint; pg: number; scl: number }): void => {
    this.instanceAt(m.to)?.writer?.segmentReport(m.from, m.pg, m.scl);
  };

  // ---- Engine ------------------------------------------------------------------------------

  private allNodes: SimNode[] | null = null;

  nodes(): readonly SimNode[] {
    return (this.allNodes ??= [...this.instances.map((i) => i.node), ...this.storage.map((s) => s.node)]);
  }

  domainOf(): string {
    return 'db';
  }

  domains(): readonly string[] {
    return ['db'];
  }

  driver(client: SimClient): EndpointDriver {
    return auroraDriver(this, client);
  }

  operatorFailover(nodes: SimNode[]): void {
    this.control.operatorFailover(nodes);
  }

  survivingValues(keyIndex: number): Iterable<number> {
    if (this.surviving === null) this.surviving = this.volume.survivingValues();
    return this.surviving.get(keyIndex) ?? [];
  }
}
