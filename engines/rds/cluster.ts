// An RDS deployment as one engine: its instances, the control plane and health monitoring, the
// endpoints, and the messages between instances. The three RDS types differ only in topology:
//   rds-single-az         writer
//   rds-multi-az          writer + synchronous standby in another AZ (serves no reads)
//   rds-multi-az-cluster  writer + 2 readable standbys ("readers") in 3 AZs, semi-synchronous
// plus `read_replicas` asynchronous read replicas on any of them. The whole database is one
// failure domain ('db').

import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { Endpoint } from '../../sim/endpoint.ts';
import type { SimNode } from '../../sim/node.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import type { Engine, EngineContext, EngineOptions } from '../engine.ts';
import { DbInstance, type ReplicationBatch } from './instance.ts';
import { HealthMonitor } from './monitor.ts';
import { ControlPlane } from './control-plane.ts';
import { rdsDriver } from './driver.ts';
import type { EndpointDriver } from '../../sim/endpoint-driver.ts';
import { readOptions, type RdsOptions } from './options.ts';
import type { FollowerMessage } from './writer-stream.ts';
import { SafetyInvariants } from './safety-invariants.ts';

export type RdsType = 'rds-single-az' | 'rds-multi-az' | 'rds-multi-az-cluster';

const ACK_BYTES = 60;

export class RdsCluster implements Engine {
  readonly sim: Sim;
  readonly opts: RdsOptions;
  readonly keyCount: number;
  readonly instances: DbInstance[] = [];
  readonly control: ControlPlane;
  readonly monitor: HealthMonitor;
  /** Generation of the writer; bumped by every promotion. */
  epoch = 1;
  /** Runtime checks of the engine's safety promises. */
  readonly safety = new SafetyInvariants();
  private readonly byNode = new Map<number, DbInstance>();
  private readonly start: Sampler;

  constructor(
    readonly type: RdsType,
    readonly ctx: EngineContext,
    options: EngineOptions,
  ) {
    this.sim = ctx.sim;
    this.keyCount = ctx.keyCount;
    this.opts = readOptions(options, this.sim.region.azs);
    this.start = sampler(this.opts.instanceStart, this.sim.rng('engine/rds/instance-start'));
    this.control = new ControlPlane(this);
    this.monitor = new HealthMonitor(this, this.sim.createNode('rds-control-plane', 'control-plane', ['control-plane']));

    const o = this.opts;
    const writer = this.add('db-1', o.writerAz, 'writer');
    if (type === 'rds-multi-az') this.add('db-2', o.standbyAz, 'standby');
    if (type === 'rds-multi-az-cluster') o.readerAzs.forEach((az, i) => this.add(`db-${i + 2}`, az, 'reader'));
    for (let i = 0; i < o.readReplicas; i++) this.add(`replica-${i + 1}`, o.replicaAzs[i % o.replicaAzs.length], 'replica');

    this.control.start(writer);
    this.monitor.start(this.instances);
  }

  private add(name: string, az: string, role: 'writer' | 'standby' | 'reader' | 'replica'): DbInstance {
    const inst = new DbInstance(this, this.sim.createNode(name, az, [role]), role);
    this.instances.push(inst);
    this.byNode.set(inst.node.id, inst);
    return inst;
  }

  instanceAt(e: Endpoint): DbInstance | undefined {
    return this.byNode.get(e.id);
  }

  /** One draw of the engine start-up time. */
  startTime(): number {
    return this.start();
  }

  /** A follower's acknowledgement (or stale-writer notice) to a writer. */
  send(from: DbInstance, to: DbInstance, m: FollowerMessage): void {
    this.sim.network.send(from.node, to.node, ACK_BYTES, (msg: FollowerMessage) => to.stream?.onMessage(from, msg), m);
  }

  /** Change records from a writer to a follower. */
  ship(from: DbInstance, to: DbInstance, batch: ReplicationBatch, bytes: number): void {
    this.sim.network.send(from.node, to.node, bytes, to.onReplicate, batch);
  }

  // ---- Engine ------------------------------------------------------------------------------

  nodes(): readonly SimNode[] {
    return this.instances.map((i) => i.node);
  }

  domainOf(): string {
    return 'db';
  }

  domains(): readonly string[] {
    return ['db'];
  }

  driver(client: SimClient): EndpointDriver {
    return rdsDriver(this, client);
  }

  operatorFailover(nodes: SimNode[]): void {
    this.control.operatorFailover(nodes);
  }

  private surviving: Map<number, number[]> | null = null;

  survivingValues(keyIndex: number): Iterable<number> {
    if (this.surviving === null) {
      // The surviving history is the durable log of the writer (or the last one there was).
      this.surviving = new Map();
      const w = this.control.writer ?? this.control.lastWriter;
      const log = w === null ? [] : w.data.log.slice(0, w.data.persistedLsn);
      for (const e of log) {
        let list = this.surviving.get(e.keyIndex);
        if (list === undefined) this.surviving.set(e.keyIndex, (list = []));
        list.push(e.value);
      }
    }
    return this.surviving.get(keyIndex) ?? [];
  }
}
