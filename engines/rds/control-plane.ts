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
import type { Rng } from '../../sim/rng.ts';
import type { DnsZone } from '../../sim/dns.ts';
import type { Network } from '../../sim/network.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { DnsPublisher } from '../../sim/dns-publisher.ts';
import type { DbInstance, InstanceReports, InstanceRole } from './instance.ts';
import type { ReplicationMode, StreamReports, WriterStream } from './writer-stream.ts';
import { READER_ENDPOINT, WRITER_ENDPOINT } from './driver.ts';
import { chooseFailoverTarget, type FailoverView } from './failover-target.ts';
import type { RdsOptions, RdsType } from './options.ts';
import type { SafetyInvariants } from './safety-invariants.ts';

export interface ControlPlaneParts {
  type: RdsType;
  opts: Pick<RdsOptions, 'dnsPropagation' | 'promotion' | 'dnsTtlUs' | 'hostReplacementUs' | 'promoteUnsyncedStandby'>;
  /** The control plane's host: its timers run on it. */
  node: SimNode;
  rng: Rng;
  events: DomainEvents;
  dns: DnsZone;
  /** Asked only whether a failed host can be reached before it is replaced. */
  network: Network;
  now: () => number;
  instances: readonly DbInstance[];
  /** What the health checks last concluded about an instance. */
  isFailed(inst: DbInstance): boolean;
  safety: SafetyInvariants;
  /** A replication stream for the writer `inst` of `epoch`. */
  newStream(inst: DbInstance, epoch: number): WriterStream;
}

export class ControlPlane implements InstanceReports, StreamReports {
  writer: DbInstance | null = null;
  /** The replication stream of the writer named last (the writer holds it as its WriterRole). */
  private stream: WriterStream | null = null;
  /** Generation of the writer; bumped by every promotion. */
  epoch = 1;
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
  private readonly emit: DomainEvents;
  private readonly dns: DnsPublisher;
  /** What a failover's choice of target looks at. */
  private readonly view: FailoverView;

  constructor(private readonly parts: ControlPlaneParts) {
    this.propagation = sampler(parts.opts.dnsPropagation, parts.rng);
    this.promotion = sampler(parts.opts.promotion, parts.rng);
    this.emit = parts.events;
    this.view = {
      type: parts.type,
      unsafe: parts.opts.promoteUnsyncedStandby,
      instances: parts.instances,
      isFailed: (i) => parts.isFailed(i),
      holdsEveryAck: (i) => parts.safety.holdsEveryAck(i),
    };
    this.dns = new DnsPublisher(parts.dns, parts.node, { writer: WRITER_ENDPOINT, reader: READER_ENDPOINT }, parts.opts.dnsTtlUs, {
      writer: () => this.writer?.node ?? null,
      readers: () => parts.instances.filter((i) => (i.role === 'reader' || i.role === 'replica') && !parts.isFailed(i)).map((i) => i.node),
      describe: (w, readers) => `writer -> ${w?.name ?? 'none'}; reader -> ${readers.map((n) => n.name).join(' ') || 'none'}`,
    }, parts.events);
  }

  isWriter(inst: DbInstance): boolean {
    return this.writer === inst;
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
    const { safety } = this.parts;
    if (announce) {
      if (checked) safety.promoted(inst);
      safety.rebase(inst);
      this.epoch++;
    }
    safety.writerNamed(inst, this.epoch);
    this.waitingFailover = null;
    inst.setRole('writer');
    inst.leader = null;
    // Records it holds but the old writer never acknowledged are durable now: they commit.
    const now = this.parts.now();
    // (Records below the log checkpoint were committed before it passed them.)
    for (const e of inst.data.recordsUpTo(inst.data.lastLsn)) if (e.commitUs < 0) e.commitUs = now;
    inst.applyBacklogNow();
    const stream = this.parts.newStream(inst, this.epoch);
    inst.stream = stream;
    this.stream = stream;
    this.writer = inst;
    this.lastWriter = inst;
    for (const other of this.parts.instances) {
      if (other === inst || other.role === 'retired' || !other.node.isUp || other.status !== 'available') continue;
      stream.attach(other, this.modeOf(other.role));
    }
    // Invariant: syncStandby is what this writer reports, never a previous writer's view.
    stream.publishSyncState();
    if (announce) this.emit('promoted', inst.name, `new writer (epoch ${this.epoch})`);
  }

  /** Points the endpoints at the current topology after `delayUs`. */
  private setDns(delayUs: number): void {
    this.dns.publish(delayUs);
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
    if (this.writer !== null && (this.writer !== old || !this.parts.isFailed(old))) return;
    if (chooseFailoverTarget(this.view, this.syncStandby).target !== null) this.writerFailed(old, 'writer failed; a failover target became healthy');
  }

  /** Is there an instance a failover may promote now? */
  canFailOver(): boolean {
    return chooseFailoverTarget(this.view, this.syncStandby).target !== null;
  }

  private writerFailed(old: DbInstance, why: string): void {
    const { type, opts } = this.parts;
    if (this.promoting !== null) return;
    const choice = chooseFailoverTarget(this.view, this.syncStandby);
    if (choice.target === null) {
      if (this.waitingFailover === old) return;
      this.waitingFailover = old;
      this.emit('failover-impossible', old.name, choice.reason);
      this.scheduleHostReplacement(old);
      return;
    }
    const target = choice.target;
    this.waitingFailover = null;
    this.promoting = { target, old };
    this.emit('failover-started', target.name, `${why}; promoting ${target.name}`);
    this.writer = null;
    old.stream?.stop();
    old.stream = null;
    old.setRole(type === 'rds-multi-az' ? 'standby' : 'reader');
    old.leader = null;
    const checked = !opts.promoteUnsyncedStandby;
    const finish = () => {
      if (this.promoting?.target !== target) return;
      this.promoting = null;
      this.becomeWriter(target, true, checked);
      this.setDns(Math.round(this.propagation()));
    };
    target.leader = null;
    if (type === 'rds-multi-az') {
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
    const { node, network } = this.parts;
    node.setTimer(this.parts.opts.hostReplacementUs, () => {
      if (inst.node.state !== 'crashed' || !network.reachable(node, inst.node)) return;
      this.emit('host-replaced', inst.name, 'the failed host was replaced; the instance restarts');
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
    this.emit('failover-interrupted', inst.name, `${inst.name} crashed while being promoted: the failover waits for an eligible instance`);
  }

  instanceRestarted(inst: DbInstance): void {
    if (inst === this.writer) {
      // The old writer is back: a failover waiting for a target is no longer needed.
      this.waitingFailover = null;
      inst.startEngine(() => {
        if (this.writer !== inst) return this.rejoin(inst);
        this.becomeWriter(inst, false);
        this.emit('recovered', inst.name, 'crash recovery done; writes resume');
      });
      return;
    }
    if (inst.role === 'writer') inst.setRole(this.parts.type === 'rds-multi-az' ? 'standby' : 'reader');
    inst.startEngine(() => {
      this.rejoin(inst);
      // A reader that is up again may be the target a waiting failover needs.
      this.retryFailover();
    });
  }

  /** An instance that is back follows the current writer. */
  private rejoin(inst: DbInstance): void {
    const w = this.writer;
    const stream = this.stream;
    if (inst.role === 'retired' || w === null || w.stream === null || w.stream !== stream || stream === null) return;
    stream.detach(inst);
    stream.attach(inst, this.modeOf(inst.role));
    this.emit('rejoined', inst.name, `follows ${w.name} as ${inst.role}`);
  }

  /** An old writer learned a newer one exists: it stops and rejoins as a follower. */
  writerDeposed(inst: DbInstance): void {
    if (inst === this.writer || inst.role !== 'writer') return;
    inst.stream?.stop();
    inst.stream = null;
    inst.setRole(this.parts.type === 'rds-multi-az' ? 'standby' : 'reader');
    this.emit('deposed', inst.name, 'a newer writer exists; its unreplicated writes are discarded');
    this.rejoin(inst);
    this.setDns(0);
  }

  // ---- operators -----------------------------------------------------------------------------

  operatorFailover(instances: readonly DbInstance[]): void {
    for (const inst of instances) {
      const node = inst.node;
      if (inst.role === 'replica') this.promoteReplica(inst);
      else if (inst === this.writer) {
        if (this.parts.type === 'rds-single-az') {
          this.emit('reboot', inst.name, 'operator reboot');
          node.crash();
          node.restart();
        } else if (!this.canFailOver()) {
          // RDS refuses a reboot with failover when no standby could take over without losing
          // acknowledged writes (a Multi-AZ standby that is not in sync): nothing happens.
          const choice = chooseFailoverTarget(this.view, this.syncStandby);
          this.emit('failover-refused', inst.name, `operator failover refused: ${choice.target === null ? choice.reason : ''}`);
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
    this.emit('failover-started', inst.name, 'read replica promotion requested');
    const old = this.writer;
    old?.stream?.stop();
    for (const i of this.parts.instances) if (i !== inst && i.role !== 'replica') {
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
