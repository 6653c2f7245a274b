// The RDS control plane: reacts to health monitoring and to operators. It owns the topology
// (which instance is the writer, the epoch, the DNS records) and runs failovers:
//   Multi-AZ instance: promote the synchronous standby (start its engine, run crash recovery);
//     never when the standby is not in sync (it would lose acknowledged writes): see
//     failover-target.ts. An operator's reboot with failover is then refused.
//   Multi-AZ DB cluster: promote the most advanced reader the writer reported in sync, once the
//     positions it heard are final (failover-target.ts) and the reader applied its relay log. An
//     operator's reboot with failover first stops the running writer by a command; the choice
//     then waits, as for a failed writer, for positions reported after the stop was answered.
//   Single-AZ: nothing to promote: wait for the instance to restart, or replace its host.
// With no target the failover waits: it is tried again when an instance becomes healthy, and
// ends when the old writer comes back.
// Then it points the writer endpoint at the new writer after `dns_propagation`. An instance that
// comes back rejoins as a follower of the current writer; an old writer learns it was deposed.
// It runs on its own host (`rds-control-plane`) in the `control-plane` AZ, and on a host of each
// other region that holds a cross-region replica (`rds-control-plane-<region>`, in that region's
// `control-plane@<region>` pseudo-AZ): AWS promotes a read replica through the RDS service of the
// replica's own region, so the promotion works while the home region is out. Every effect on an
// instance is a command sent over the network (control-messages.ts), and what it knows of an
// instance is what the instance last told it (health answers, reports, answers to commands): a
// partition between it and an instance stops both, and a command nobody answers within the
// health-check timeout counts as not carried out.
// Leaves out: the control plane's own failures (it is assumed always up), and the coordination
// between the regional hosts: what one host hears joins the one control plane's view at once.

import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DnsZone } from '../../sim/dns.ts';
import type { Network } from '../../sim/network.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { DnsPublisher } from '../../sim/dns-publisher.ts';
import { InstanceViews } from './instance-views.ts';
import { requestHostReplacement } from '../../sim/host-provisioning.ts';
import type { DbInstance } from './instance.ts';
import type { CommandBody, HealthAnswer, InstanceRole, ReportMessage, WriterAssignment as Assignment } from './control-messages.ts';
import type { ReplicationMode } from './writer-stream.ts';
import { READER_ENDPOINT, WRITER_ENDPOINT } from './driver.ts';
import { chooseFailoverTarget, type FailoverView, type InstanceView } from './failover-target.ts';
import type { RdsOptions, RdsType } from './options.ts';
import type { SafetyInvariants } from './safety-invariants.ts';

export interface ControlPlaneParts {
  type: RdsType;
  opts: Pick<RdsOptions, 'dnsPropagation' | 'promotion' | 'dnsTtlUs' | 'hostReplacementUs' | 'promoteUnsyncedStandby' | 'healthCheckTimeoutUs' | 'healthCheckIntervalUs' | 'dbEngine'>;
  /** The control plane's host: its timers run on it, its commands leave from it. */
  node: SimNode;
  /** The control-plane host of an instance's region (`node` for the home region): commands to it leave from there. */
  hostOf(inst: DbInstance): SimNode;
  rng: Rng;
  events: DomainEvents;
  dns: DnsZone;
  network: Network;
  instances: readonly DbInstance[];
  /** What the health checks last concluded about an instance. */
  isFailed(inst: DbInstance): boolean;
  /** The judge of the safety promises: told what the control plane decides, never asked what to decide. */
  safety: SafetyInvariants;
}

type WriterAssignment = Assignment<DbInstance>;

export class ControlPlane {
  writer: DbInstance | null = null;
  /** Generation of the writer; bumped by every promotion. */
  epoch = 1;
  /** The last instance that was writer: whose log is the surviving history. */
  lastWriter: DbInstance | null = null;
  /** The promotion under way: the instance being promoted, the writer it replaces (none for a read replica's promotion). */
  private promoting: {
    target: DbInstance;
    old: DbInstance | null;
    seq: number;
    checked: boolean;
    /** The target reported ready. */
    ready: boolean;
    /** MySQL DB cluster: the other readers whose relay logs the promotion still waits for. */
    draining: Set<DbInstance>;
  } | null = null;
  private promotionSeq = 0;
  /** Multi-AZ instance: the standby the current writer last reported in sync (commits wait for it). */
  syncStandby: DbInstance | null = null;
  /** The followers the current (or last) writer last reported as counting in its commit rule. */
  private inSync: readonly DbInstance[] = [];
  /** A failed writer whose failover waits for an eligible standby or reader. */
  private waitingFailover: DbInstance | null = null;
  /** Why that failover started (what its `failover-started` event says when it goes ahead). */
  private waitingWhy = '';
  /** Multi-AZ DB cluster: a running writer an operator fails over, told to stop and not yet heard stopped. */
  private stopping: DbInstance | null = null;
  private readonly views: InstanceViews;
  /** Followers left out when the writer was named (down or failed then): they rejoin when heard again. */
  private readonly unattached = new Set<DbInstance>();
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
    this.views = new InstanceViews(parts.network, parts.node, parts.opts, parts.hostOf);
    this.view = {
      type: parts.type,
      dbEngine: parts.opts.dbEngine,
      unsafe: parts.opts.promoteUnsyncedStandby,
      instances: parts.instances,
      viewOf: (i) => this.viewOf(i),
      isFailed: (i) => parts.isFailed(i),
      reportedInSync: () => this.inSync,
      positionSettled: (i) => this.views.positionSettled(i),
    };
    this.dns = new DnsPublisher(parts.dns, parts.node, { writer: WRITER_ENDPOINT, reader: READER_ENDPOINT }, parts.opts.dnsTtlUs, {
      writer: () => this.writer?.node ?? null,
      readers: () => parts.instances.filter((i) => this.isReading(i) && !parts.isFailed(i)).map((i) => i.node),
      describe: (w, readers) => `writer -> ${w?.name ?? 'none'}; reader -> ${readers.map((n) => n.name).join(' ') || 'none'}`,
    }, parts.events);
  }

  isWriter(inst: DbInstance): boolean {
    return this.writer === inst;
  }

  private viewOf(inst: DbInstance): InstanceView {
    return this.views.of(inst);
  }

  /** Sends `cmd` with the current epoch (what the instance learns the epoch from). */
  private command(inst: DbInstance, cmd: CommandBody<DbInstance>, unanswered?: () => void, answered?: (obeyed: boolean) => void): void {
    this.views.command(inst, { ...cmd, epoch: this.epoch }, unanswered, answered);
  }

  private isReading(i: DbInstance): boolean {
    const role = this.viewOf(i).role;
    return role === 'reader' || role === 'replica';
  }

  /** The role an old writer takes as a follower. */
  private followerRole(): InstanceRole {
    return this.parts.type === 'rds-multi-az' ? 'standby' : 'reader';
  }

  /**
   * Initial topology, as the cluster built it (each instance in its role): the first instance
   * writes, the others follow it. Returns what the cluster hands the writer (nothing is sent).
   */
  start(writer: DbInstance, roles: ReadonlyMap<DbInstance, InstanceRole>): WriterAssignment {
    this.views.init(this.parts.instances, roles);
    const assignment = this.nameWriter(writer, false);
    this.setDns(0);
    return assignment;
  }

  /** Mode a follower of this role replicates in. */
  private modeOf(role: InstanceRole): ReplicationMode {
    return role === 'standby' ? 'sync' : role === 'reader' ? 'semi-sync' : 'async';
  }

  /** The writer's report of which followers count in its commit rule (other writers' and epochs' are ignored). */
  syncReported(writer: DbInstance, epoch: number, inSync: readonly DbInstance[]): void {
    if (writer !== this.writer || epoch !== this.epoch) return;
    this.inSync = inSync;
    this.syncStandby = this.parts.type === 'rds-multi-az' ? (inSync[0] ?? null) : null;
  }

  /**
   * Makes `inst` the writer. `checked`: a promotion that must keep every acknowledged write (a
   * synchronous standby or a semi-sync reader, unless the unsafe switch is on).
   */
  private becomeWriter(inst: DbInstance, announce: boolean, checked = false): void {
    const { followers } = this.nameWriter(inst, announce, checked);
    this.command(inst, { kind: 'become-writer', followers });
    if (announce) this.emit('promoted', inst.name, `new writer (epoch ${this.epoch})`);
  }

  /** Names `inst` the writer (a new epoch when `announce`): the epoch and followers it is to take. */
  private nameWriter(inst: DbInstance, announce: boolean, checked = false): WriterAssignment {
    const { safety } = this.parts;
    if (announce) {
      if (checked) safety.promoted(inst);
      safety.rebase(inst);
      this.epoch++;
    }
    safety.writerNamed(inst, this.epoch);
    this.waitingFailover = null;
    this.stopping = null;
    this.views.writerNamed();
    this.viewOf(inst).role = 'writer';
    // Until the new writer reports, no standby counts as in sync.
    this.syncStandby = null;
    this.inSync = [];
    this.writer = inst;
    this.lastWriter = inst;
    // Followers the control plane believes up; the others rejoin once they are heard again.
    this.unattached.clear();
    const followers: WriterAssignment['followers'] = [];
    for (const o of this.parts.instances) {
      const v = this.viewOf(o);
      if (o === inst || v.role === 'retired') continue;
      if (v.status === 'available' && !this.parts.isFailed(o)) followers.push({ inst: o, mode: this.modeOf(v.role) });
      else this.unattached.add(o);
    }
    return { epoch: this.epoch, followers };
  }

  /** Points the endpoints at the current topology after `delayUs`. */
  private setDns(delayUs: number): void {
    // The writer's region's host makes the change (a cross-region replica's promotion: its own
    // region's, so the change is made while the home region is out).
    this.dns.publish(delayUs, undefined, this.writer === null ? this.parts.node : this.parts.hostOf(this.writer));
  }

  // ---- health monitoring -------------------------------------------------------------------

  /** A health answer arrived: what the instance says of itself. Every answer is healthy (the host agent runs). */
  heard(a: HealthAnswer<DbInstance>): boolean {
    const inst = a.from;
    const v = this.views.heard(a);
    // The host runs but its engine was never told to start (the command was lost): tell it again.
    if (a.status === 'down' && !v.starting) this.instanceRestarted(inst);
    // A writer the control plane did not name (a step-down lost on the way): depose it again.
    else if (a.role === 'writer' && inst !== this.writer && !v.steppingDown && !this.parts.isFailed(inst)) this.writerDeposed(inst);
    return true;
  }

  instanceFailed(inst: DbInstance): void {
    if (inst === this.writer) return this.writerFailed(inst, 'writer failed');
    if (this.promoting?.target === inst) this.promotionInterrupted(inst, 'failed its health checks');
    this.drainEnded(inst);
    if (this.isReading(inst)) this.setDns(Math.round(this.propagation()));
  }

  instanceHealthy(inst: DbInstance): void {
    if (this.viewOf(inst).role === 'writer' && inst !== this.writer) return this.writerDeposed(inst);
    if (this.unattached.has(inst) && this.viewOf(inst).status === 'available') this.rejoin(inst);
    if (this.isReading(inst)) this.setDns(Math.round(this.propagation()));
    this.retryFailover();
  }

  /** A waiting failover goes ahead once a standby or reader has become eligible (each good check). */
  retryFailover(): void {
    const old = this.waitingFailover;
    if (old === null) return;
    // Waiting for a failed writer's replacement, or with no writer at all (a promotion was lost).
    if (this.writer !== null && (this.writer !== old || !this.parts.isFailed(old))) return;
    if (chooseFailoverTarget(this.view, true).target !== null) this.writerFailed(old, this.waitingWhy);
  }

  /** `stopped`: the writer failed its health checks (not an operator's failover of a running writer). */
  private writerFailed(old: DbInstance, why: string, stopped = true): void {
    const { type, opts } = this.parts;
    if (this.promoting !== null) return;
    const choice = chooseFailoverTarget(this.view, stopped);
    if (choice.target === null) {
      if (this.waitingFailover === old) return;
      this.waitingFailover = old;
      this.waitingWhy = `${why}; a failover target became healthy`;
      this.emit('failover-impossible', old.name, choice.reason);
      this.scheduleHostReplacement(old);
      return;
    }
    const target = choice.target;
    this.waitingFailover = null;
    this.emit('failover-started', target.name, `${why}; promoting ${target.name}`);
    this.writer = null;
    this.stepDown(old, this.followerRole());
    // A block-level standby starts its engine (crash recovery); a reader applies its relay log first.
    const startEngine = type === 'rds-multi-az';
    this.promote(target, old, !opts.promoteUnsyncedStandby, startEngine, startEngine ? 0 : Math.round(this.promotion()));
  }

  /** Sends the promotion; one unanswered or refused is lost, and the failover waits for an eligible instance again. */
  private promote(target: DbInstance, old: DbInstance | null, checked: boolean, startEngine: boolean, delayUs: number): void {
    const seq = ++this.promotionSeq;
    // MySQL DB cluster: the failover completes once both readers applied the failed writer's
    // transactions, so the other readers in sync drain their relay logs too (RDS: MySQL failover
    // time depends on both readers' lag, PostgreSQL's on the target's alone).
    const draining = new Set<DbInstance>();
    if (this.parts.type === 'rds-multi-az-cluster' && this.parts.opts.dbEngine === 'mysql' && old !== null) {
      for (const i of this.inSync) if (i !== target && this.viewOf(i).role === 'reader' && this.viewOf(i).status === 'available' && !this.parts.isFailed(i)) draining.add(i);
    }
    this.promoting = { target, old, seq, checked, ready: false, draining };
    for (const i of draining) {
      this.command(i, { kind: 'drain', seq }, () => this.drainEnded(i, seq), (obeyed) => {
        if (!obeyed) this.drainEnded(i, seq);
      });
    }
    const lost = () => {
      if (this.promoting?.seq === seq) this.promotionInterrupted(target, 'did not take the promotion');
    };
    this.command(target, { kind: 'promote', seq, startEngine, delayUs }, lost, (obeyed) => {
      if (!obeyed) lost();
    });
  }

  /** The target said it is ready (its engine started, or its relay log applied). */
  private promotionReady(inst: DbInstance, seq: number): void {
    const p = this.promoting;
    const v = this.viewOf(inst);
    v.status = 'available';
    v.starting = false;
    if (p === null || p.seq !== seq || p.target !== inst) {
      // An abandoned promotion: it follows the current writer again (or may be the target a waiting failover needs).
      this.rejoin(inst);
      return this.retryFailover();
    }
    p.ready = true;
    this.promotionComplete();
  }

  /** A reader that was told to drain reported it applied its relay log (or can no longer be waited for). */
  private drainEnded(inst: DbInstance, seq?: number): void {
    const p = this.promoting;
    if (p === null || (seq !== undefined && p.seq !== seq) || !p.draining.delete(inst)) return;
    this.promotionComplete();
  }

  /** The target is ready and no reader's relay log is still awaited: it becomes the writer. */
  private promotionComplete(): void {
    const p = this.promoting;
    if (p === null || !p.ready || p.draining.size > 0) return;
    const inst = p.target;
    this.promoting = null;
    this.becomeWriter(inst, true, p.checked);
    this.setDns(Math.round(this.propagation()));
  }

  /**
   * The instance being promoted crashed, failed its checks, restarted or did not take the
   * command: that promotion is lost, and the failover waits again, with no writer, for an
   * eligible instance.
   */
  private promotionInterrupted(inst: DbInstance, how: string): void {
    const p = this.promoting;
    if (p === null || p.target !== inst) return;
    this.promoting = null;
    this.waitingFailover = p.old;
    this.waitingWhy = 'writer failed; a failover target became healthy';
    this.emit('failover-interrupted', inst.name, `${inst.name} ${how} while being promoted: the failover waits for an eligible instance`);
  }

  private scheduleHostReplacement(inst: DbInstance): void {
    const { node, network } = this.parts;
    node.setTimer(this.parts.opts.hostReplacementUs, () => {
      if (!this.parts.isFailed(inst)) return;
      requestHostReplacement(network, node, inst.node, 64, (replaced) => {
        if (replaced) this.emit('host-replaced', inst.name, 'the failed host was replaced; the instance restarts');
      });
    });
  }

  /** Tells an instance to stop writing and take `role`. */
  private stepDown(inst: DbInstance, role: InstanceRole): void {
    const v = this.viewOf(inst);
    v.role = role;
    v.steppingDown = true;
    const done = () => (v.steppingDown = false);
    this.command(inst, { kind: 'step-down', role }, done, done);
  }

  // ---- reports from instances --------------------------------------------------------------

  readonly onReport = (m: ReportMessage<DbInstance>): void => {
    const r = m.report;
    if (r.kind === 'restarted') this.instanceRestarted(m.from);
    else if (r.kind === 'engine-started') this.engineStarted(m.from);
    else if (r.kind === 'drained') this.drainEnded(m.from, r.seq);
    else this.promotionReady(m.from, r.seq);
  };

  private instanceRestarted(inst: DbInstance): void {
    const v = this.viewOf(inst);
    v.status = 'down';
    v.steppingDown = false;
    this.promotionInterrupted(inst, 'restarted');
    this.drainEnded(inst);
    if (inst === this.writer) {
      // The old writer is back: a failover waiting for a target is no longer needed.
      this.waitingFailover = null;
    } else if (v.role === 'writer') v.role = this.followerRole();
    // Until the start is answered, an answer saying 'down' may predate the command's arrival; after
    // it, 'down' means the host restarted again and its start is due again.
    v.starting = true;
    const started = () => (v.starting = false);
    this.command(inst, { kind: 'start', role: v.role }, started, started);
  }

  private engineStarted(inst: DbInstance): void {
    const v = this.viewOf(inst);
    v.status = 'available';
    v.starting = false;
    if (inst === this.writer) {
      this.becomeWriter(inst, false);
      this.emit('recovered', inst.name, 'crash recovery done; writes resume');
      return;
    }
    this.rejoin(inst);
    // A reader that is up again may be the target a waiting failover needs.
    this.retryFailover();
  }

  /** An instance that is back follows the current writer (the writer is told to replicate to it). */
  private rejoin(inst: DbInstance): void {
    const w = this.writer;
    const role = this.viewOf(inst).role;
    if (role === 'retired' || w === null || w === inst || this.viewOf(w).status !== 'available' || this.parts.isFailed(w)) return;
    this.unattached.delete(inst);
    this.command(w, { kind: 'attach', follower: inst, mode: this.modeOf(role) }, undefined, (obeyed) => {
      if (obeyed) this.emit('rejoined', inst.name, `follows ${w.name} as ${role}`);
      else this.unattached.add(inst);
    });
  }

  /** An old writer learned a newer one exists (or was found writing): it stops and rejoins as a follower. */
  writerDeposed(inst: DbInstance): void {
    if (inst === this.writer || this.viewOf(inst).role !== 'writer' || this.viewOf(inst).steppingDown) return;
    this.stepDown(inst, this.followerRole());
    this.emit('deposed', inst.name, 'a newer writer exists; its unreplicated writes are discarded');
    this.rejoin(inst);
    this.setDns(0);
  }

  // ---- operators -----------------------------------------------------------------------------

  operatorFailover(instances: readonly DbInstance[]): void {
    for (const inst of instances) {
      if (this.viewOf(inst).role === 'replica') this.promoteReplica(inst);
      else if (inst === this.writer) {
        if (this.parts.type === 'rds-single-az') {
          this.emit('reboot', inst.name, 'operator reboot');
          this.command(inst, { kind: 'reboot' });
          continue;
        }
        const choice = chooseFailoverTarget(this.view, false);
        if (choice.target === null) {
          // RDS refuses a reboot with failover when no standby could take over without losing
          // acknowledged writes (a Multi-AZ standby that is not in sync): nothing happens.
          this.emit('failover-refused', inst.name, `operator failover refused: ${choice.reason}`);
        } else if (this.parts.type === 'rds-multi-az') {
          // Reboot with failover: the writer stops and reboots, the synchronous standby takes over
          // (it holds every write the writer acknowledged, whatever positions were last heard).
          this.writerFailed(inst, 'operator-initiated failover', false);
          this.command(inst, { kind: 'reboot' });
        } else this.stopForFailover(inst);
      }
    }
  }

  /**
   * Multi-AZ DB cluster, reboot with failover: the writer is told to stop (no more commits), and
   * the target is chosen as for a failed writer, once every reader in sync has reported its
   * position after the stop was answered: the positions heard while the writer still committed
   * are taken at different moments, so the most advanced of them may lack an acknowledged write.
   * A stop nobody answers is sent again, until it is answered or the writer fails its checks.
   */
  private stopForFailover(old: DbInstance): void {
    if (this.stopping === old) return;
    this.stopping = old;
    this.emit('reboot', old.name, 'operator reboot with failover: the writer stops, then the most advanced reader in sync is promoted');
    this.sendStop(old);
  }

  private sendStop(old: DbInstance): void {
    const v = this.viewOf(old);
    v.steppingDown = true;
    const again = () => {
      v.steppingDown = false;
      if (this.stopping === old && this.writer === old) this.sendStop(old);
    };
    this.command(old, { kind: 'step-down', role: 'reader' }, again, () => {
      v.steppingDown = false;
      this.writerStopped(old);
    });
  }

  /** The writer answered its stop: no writer until the failover, which waits for positions heard from now on. */
  private writerStopped(old: DbInstance): void {
    if (this.stopping !== old || this.writer !== old || this.promoting !== null) return;
    this.stopping = null;
    this.writer = null;
    this.viewOf(old).role = 'reader';
    this.views.writerStopped();
    this.waitingFailover = old;
    this.waitingWhy = 'operator-initiated failover; every reader in sync reported its position after the writer stopped';
    this.command(old, { kind: 'reboot' });
  }

  /**
   * Promotes a read replica to a standalone writer; the old topology is retired. RDS reboots the
   * replica before it takes writes ("Promoting a read replica to be a standalone DB instance"):
   * the engine start and crash recovery (`instance_start`, redo replay) are the promotion's time.
   * The commands leave from the replica's region's host, so the old writer's region may be out.
   */
  private promoteReplica(inst: DbInstance): void {
    this.emit('failover-started', inst.name, 'read replica promotion requested: the replica reboots as a standalone writer');
    for (const i of this.parts.instances) if (i !== inst && this.viewOf(i).role !== 'replica') this.stepDown(i, 'retired');
    this.writer = null;
    this.promote(inst, null, false, true, 0);
  }
}
