// The RDS control plane: reacts to health monitoring and to operators. It owns the topology
// (which instance is the writer, the epoch, the DNS records) and runs failovers:
//   Multi-AZ instance: promote the synchronous standby (start its engine, run crash recovery);
//     never when the standby had fallen out of sync (it would lose acknowledged writes).
//   Multi-AZ DB cluster: promote the reader that received the most, once it applied its relay log.
//   Single-AZ: nothing to promote: wait for the instance to restart, or replace its host.
// Then it points the writer endpoint at the new writer after `dns_propagation`. An instance that
// comes back rejoins as a follower of the current writer; an old writer learns it was deposed.
// Leaves out: the control plane's own failures (it is assumed always up and reachable).

import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DbInstance, InstanceRole } from './instance.ts';
import { WriterStream, type ReplicationMode } from './writer-stream.ts';
import { READER_ENDPOINT, WRITER_ENDPOINT } from './driver.ts';
import type { RdsCluster } from './cluster.ts';

export class ControlPlane {
  writer: DbInstance | null = null;
  /** The last instance that was writer: whose log is the surviving history. */
  lastWriter: DbInstance | null = null;
  private failoverInProgress = false;
  private readonly propagation: Sampler;
  private readonly promotion: Sampler;

  constructor(private readonly cluster: RdsCluster) {
    const rng = cluster.sim.rng('engine/rds/control-plane');
    this.propagation = sampler(cluster.opts.dnsPropagation, rng);
    this.promotion = sampler(cluster.opts.promotion, rng);
  }

  private get events() {
    return this.cluster.sim.events;
  }

  /** Initial topology: the first instance writes, the others follow it. */
  start(writer: DbInstance): void {
    this.becomeWriter(writer, false);
    this.setDns(0);
  }

  /** Mode a follower of this role replicates in. */
  private modeOf(role: InstanceRole): ReplicationMode {
    return role === 'standby' ? 'sync' : role === 'reader' ? 'semi-sync' : 'async';
  }

  private becomeWriter(inst: DbInstance, announce: boolean): void {
    const c = this.cluster;
    if (announce) c.epoch++;
    inst.setRole('writer');
    inst.leader = null;
    // Records it holds but the old writer never acknowledged are durable now: they commit.
    const now = c.sim.scheduler.now;
    for (const e of inst.data.log) if (e.commitUs < 0) e.commitUs = now;
    inst.applyBacklogNow();
    inst.stream = new WriterStream(c, inst, c.epoch);
    this.writer = inst;
    this.lastWriter = inst;
    for (const other of c.instances) {
      if (other === inst || other.role === 'retired' || !other.node.isUp || other.status !== 'available') continue;
      inst.stream.attach(other, this.modeOf(other.role));
    }
    if (announce) this.events.emit('promoted', { node: inst.name, domain: 'db', detail: `new writer (epoch ${c.epoch})` });
  }

  /** Points the endpoints at the current topology after `delayUs`. */
  private setDns(delayUs: number): void {
    const c = this.cluster;
    const apply = () => {
      const w = this.writer;
      if (w !== null) c.sim.dns.set(WRITER_ENDPOINT, [w.node], c.opts.dnsTtlUs);
      const readers = c.instances.filter((i) => (i.role === 'reader' || i.role === 'replica') && !c.monitor.isFailed(i));
      const targets = readers.length > 0 ? readers.map((i) => i.node) : w !== null ? [w.node] : [];
      c.sim.dns.set(READER_ENDPOINT, targets, c.opts.dnsTtlUs);
      if (delayUs > 0) this.events.emit('dns-updated', { node: w?.name, domain: 'db', detail: `writer -> ${w?.name ?? 'none'}; reader -> ${targets.map((n) => n.name).join(' ') || 'none'}` });
    };
    if (delayUs === 0) apply();
    else c.monitor.node.setTimer(delayUs, apply);
  }

  // ---- health monitoring -------------------------------------------------------------------

  instanceFailed(inst: DbInstance): void {
    if (inst === this.writer) return this.writerFailed(inst, 'writer failed');
    if (inst.role === 'reader' || inst.role === 'replica') this.setDns(Math.round(this.propagation()));
  }

  instanceHealthy(inst: DbInstance): void {
    if (inst.role === 'writer' && inst !== this.writer) return this.writerDeposed(inst);
    if (inst.role === 'reader' || inst.role === 'replica') this.setDns(Math.round(this.propagation()));
  }

  private writerFailed(old: DbInstance, why: string): void {
    const c = this.cluster;
    if (this.failoverInProgress) return;
    const target = this.failoverTarget();
    if (target === null) {
      this.events.emit('failover-impossible', { node: old.name, domain: 'db', detail: this.noTargetReason() });
      this.scheduleHostReplacement(old);
      return;
    }
    this.failoverInProgress = true;
    this.events.emit('failover-started', { node: target.name, domain: 'db', detail: `${why}; promoting ${target.name}` });
    this.writer = null;
    old.stream?.stop();
    old.stream = null;
    old.setRole(c.type === 'rds-multi-az' ? 'standby' : 'reader');
    old.leader = null;
    const finish = () => {
      this.failoverInProgress = false;
      this.becomeWriter(target, true);
      this.setDns(Math.round(this.propagation()));
    };
    target.leader = null;
    if (c.type === 'rds-multi-az') {
      // Block-level standby: the engine starts on it and runs crash recovery.
      target.startEngine(finish);
    } else {
      this.afterBacklog(target, () => target.node.defer(Math.round(this.promotion()), finish));
    }
  }

  private failoverTarget(): DbInstance | null {
    const c = this.cluster;
    const alive = (i: DbInstance) => i.node.isUp && !c.monitor.isFailed(i);
    if (c.type === 'rds-multi-az') {
      const standby = c.instances.find((i) => i.role === 'standby' && alive(i));
      return standby !== undefined && c.syncActive ? standby : null;
    }
    if (c.type === 'rds-multi-az-cluster') {
      let best: DbInstance | null = null;
      for (const i of c.instances) if (i.role === 'reader' && alive(i) && (best === null || i.data.persistedLsn > best.data.persistedLsn)) best = i;
      return best;
    }
    return null;
  }

  private noTargetReason(): string {
    const c = this.cluster;
    if (c.type === 'rds-single-az') return 'single-AZ: waiting for the instance to come back';
    if (c.type === 'rds-multi-az' && !c.syncActive) return 'the standby was not in sync: waiting for the writer';
    return 'no healthy standby or reader: waiting for the writer';
  }

  /** Runs `then` once the instance's apply thread has drained what it had persisted. */
  private pendingDrain: { inst: DbInstance; then: () => void } | null = null;
  private afterBacklog(inst: DbInstance, then: () => void): void {
    if (inst.applyBacklog === 0) return then();
    this.pendingDrain = { inst, then };
  }

  /** Called after each apply on a follower. */
  applied(inst: DbInstance): void {
    const d = this.pendingDrain;
    if (d !== null && d.inst === inst && inst.applyBacklog === 0) {
      this.pendingDrain = null;
      d.then();
    }
  }

  private scheduleHostReplacement(inst: DbInstance): void {
    const c = this.cluster;
    c.monitor.node.setTimer(c.opts.hostReplacementUs, () => {
      if (inst.node.state !== 'crashed' || !c.sim.network.reachable(c.monitor.node, inst.node)) return;
      this.events.emit('host-replaced', { node: inst.name, domain: 'db', detail: 'the failed host was replaced; the instance restarts' });
      inst.node.restart();
    });
  }

  // ---- instances coming and going ----------------------------------------------------------

  instanceRestarted(inst: DbInstance): void {
    if (inst === this.writer) {
      inst.startEngine(() => {
        if (this.writer !== inst) return this.rejoin(inst);
        this.becomeWriter(inst, false);
        this.events.emit('recovered', { node: inst.name, domain: 'db', detail: 'crash recovery done; writes resume' });
      });
      return;
    }
    if (inst.role === 'writer') inst.setRole(this.cluster.type === 'rds-multi-az' ? 'standby' : 'reader');
    inst.startEngine(() => this.rejoin(inst));
  }

  /** An instance that is back follows the current writer. */
  private rejoin(inst: DbInstance): void {
    const w = this.writer;
    if (inst.role === 'retired' || w === null || w.stream === null) return;
    w.stream.detach(inst);
    w.stream.attach(inst, this.modeOf(inst.role));
    this.events.emit('rejoined', { node: inst.name, domain: 'db', detail: `follows ${w.name} as ${inst.role}` });
  }

  /** An old writer learned a newer one exists: it stops and rejoins as a follower. */
  writerDeposed(inst: DbInstance): void {
    if (inst === this.writer || inst.role !== 'writer') return;
    inst.stream?.stop();
    inst.stream = null;
    inst.setRole(this.cluster.type === 'rds-multi-az' ? 'standby' : 'reader');
    this.events.emit('deposed', { node: inst.name, domain: 'db', detail: 'a newer writer exists; its unreplicated writes are discarded' });
    this.rejoin(inst);
    this.setDns(0);
  }

  // ---- operators -----------------------------------------------------------------------------

  operatorFailover(nodes: SimNode[]): void {
    const c = this.cluster;
    for (const node of nodes) {
      const inst = c.instanceAt(node);
      if (inst === undefined) continue;
      if (inst.role === 'replica') this.promoteReplica(inst);
      else if (inst === this.writer) {
        if (c.type === 'rds-single-az') {
          this.events.emit('reboot', { node: inst.name, domain: 'db', detail: 'operator reboot' });
          node.crash();
          node.restart();
        } else {
          // Reboot with failover: the writer goes down, the standby or best reader takes over.
          node.crash();
          this.writerFailed(inst, 'operator-initiated failover');
          node.restart();
        }
      }
    }
  }

  /** Promotes a read replica to a standalone writer; the old topology is retired. */
  private promoteReplica(inst: DbInstance): void {
    const c = this.cluster;
    this.events.emit('failover-started', { node: inst.name, domain: 'db', detail: 'read replica promotion requested' });
    const old = this.writer;
    old?.stream?.stop();
    for (const i of c.instances) if (i !== inst && i.role !== 'replica') {
      i.stream = null;
      i.setRole('retired');
    }
    this.writer = null;
    this.afterBacklog(inst, () => {
      this.becomeWriter(inst, true);
      this.setDns(Math.round(this.propagation()));
    });
  }
}
