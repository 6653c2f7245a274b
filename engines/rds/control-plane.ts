// The RDS control plane: reacts to health monitoring and to operators. It owns the topology
// (which instance is the writer, the epoch, the DNS records) and runs failovers:
//   Multi-AZ instance: promote the synchronous standby (start its engine, run crash recovery);
//     never when the standby is not in sync (it would lose acknowledged writes): see
//     failover-target.ts. An operator's reboot with failover is then refused.
//   Multi-AZ DB cluster: promote the most advanced reader holding every acknowledged write, once
//     it applied its relay log.
//   Single-AZ: nothing to promote: wait for the instance to restart, or replace its host.
// With no target the failover waits: it is tried again when an instance becomes healthy, and
// ends when the old writer comes back.
// Then it points the writer endpoint at the new writer after `dns_propagation`. An instance that
// comes back rejoins as a follower of the current writer; an old writer learns it was deposed.
// Leaves out: the control plane's own failures (it is assumed always up and reachable).

import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DbInstance, InstanceRole } from './instance.ts';
import { WriterStream, type ReplicationMode } from './writer-stream.ts';
import { READER_ENDPOINT, WRITER_ENDPOINT } from './driver.ts';
import { chooseFailoverTarget } from './failover-target.ts';
import type { RdsCluster } from './cluster.ts';

export class ControlPlane {
  writer: DbInstance | null = null;
  /** The last instance that was writer: whose log is the surviving history. */
  lastWriter: DbInstance | null = null;
  /** The promotion under way: the instance being promoted and the writer it replaces. */
  private promoting: { target: DbInstance; old: DbInstance } | null = null;
  /** Multi-AZ instance: the standby the current writer last reported in sync (commits wait for it). */
  syncStandby: DbInstance | null = null;
  /** A failed writer whose failover waits for an eligible standby or reader. */
  private waitingFailover: DbInstance | null = null;
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

  /** The writer's report of which standby counts in its commit rule (stale writers are ignored). */
  syncReported(from: WriterStream, standby: DbInstance | null): void {
    if (from.writer === this.writer && from.writer.stream === from) this.syncStandby = standby;
  }

  /**
   * Makes `inst` the writer. `checked`: a promotion that must keep every acknowledged write (a
   * synchronous standby or a semi-sync reader, unless the unsafe switch is on).
   */
  private becomeWriter(inst: DbInstance, announce: boolean, checked = false): void {
    const c = this.cluster;
    if (announce) {
      if (checked) c.safety.promoted(inst);
      c.safety.rebase(inst);
      c.epoch++;
    }
    c.safety.writerNamed(inst, c.epoch);
    this.waitingFailover = null;
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
    // Invariant: syncStandby is what this writer reports, never a previous writer's view.
    inst.stream.publishSyncState();
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
    this.retryFailover();
  }

  /** A waiting failover goes ahead once a standby or reader has become eligible (each good check). */
  retryFailover(): void {
    const old = this.waitingFailover;
    if (old === null) return;
    // Waiting for a failed writer's replacement, or with no writer at all (a promotion was lost).
    if (this.writer !== null && (this.writer !== old || !this.cluster.monitor.isFailed(old))) return;
    if (chooseFailoverTarget(this.cluster, this.syncStandby).target !== null) this.writerFailed(old, 'writer failed; a failover target became healthy');
  }

  /** Is there an instance a failover may promote now? */
  canFailOver(): boolean {
    return chooseFailoverTarget(this.cluster, this.syncStandby).target !== null;
  }

  private writerFailed(old: DbInstance, why: string): void {
    const c = this.cluster;
    if (this.promoting !== null) return;
    const choice = chooseFailoverTarget(c, this.syncStandby);
    if (choice.target === null) {
      if (this.waitingFailover === old) return;
      this.waitingFailover = old;
      this.events.emit('failover-impossible', { node: old.name, domain: 'db', detail: choice.reason });
      this.scheduleHostReplacement(old);
      return;
    }
    const target = choice.target;
    this.waitingFailover = null;
    this.promoting = { target, old };
    this.events.emit('failover-started', { node: target.name, domain: 'db', detail: `${why}; promoting ${target.name}` });
    this.writer = null;
    old.stream?.stop();
    old.stream = null;
    old.setRole(c.type === 'rds-multi-az' ? 'standby' : 'reader');
    old.leader = null;
    const checked = !c.opts.promoteUnsyncedStandby;
    const finish = () => {
      if (this.promoting?.target !== target) return;
      this.promoting = null;
      this.becomeWriter(target, true, checked);
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

  /**
   * An instance crashed. If it was being promoted, that promotion is lost (its start-up or relay
   * log drain died with it): the failover waits again, with no writer, for an eligible instance.
   */
  instanceCrashed(inst: DbInstance): void {
    const p = this.promoting;
    if (p === null || p.target !== inst) return;
    this.promoting = null;
    if (this.pendingDrain?.inst === inst) this.pendingDrain = null;
    this.waitingFailover = p.old;
    this.events.emit('failover-interrupted', { node: inst.name, domain: 'db', detail: `${inst.name} crashed while being promoted: the failover waits for an eligible instance` });
  }

  instanceRestarted(inst: DbInstance): void {
    if (inst === this.writer) {
      // The old writer is back: a failover waiting for a target is no longer needed.
      this.waitingFailover = null;
      inst.startEngine(() => {
        if (this.writer !== inst) return this.rejoin(inst);
        this.becomeWriter(inst, false);
        this.events.emit('recovered', { node: inst.name, domain: 'db', detail: 'crash recovery done; writes resume' });
      });
      return;
    }
    if (inst.role === 'writer') inst.setRole(this.cluster.type === 'rds-multi-az' ? 'standby' : 'reader');
    inst.startEngine(() => {
      this.rejoin(inst);
      // A reader that is up again may be the target a waiting failover needs.
      this.retryFailover();
    });
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
        } else if (!this.canFailOver()) {
          // RDS refuses a reboot with failover when no standby could take over without losing
          // acknowledged writes (a Multi-AZ standby that is not in sync): nothing happens.
          const choice = chooseFailoverTarget(c, this.syncStandby);
          this.events.emit('failover-refused', { node: inst.name, domain: 'db', detail: `operator failover refused: ${choice.target === null ? choice.reason : ''}` });
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
