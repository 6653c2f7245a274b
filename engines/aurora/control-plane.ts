// The Aurora control plane (REFERENCE-FIGURES.md A17-A20): reacts to instance health checks and to
// operators, owns which instance is the writer and the writer generation (epoch), and the DNS
// records of the cluster (writer) endpoint and the reader endpoint.
//   Writer fails, a replica is healthy: promote the replica of the lowest tier (ties: the largest
//     by `replica_classes`, then a seeded random pick): it restarts in writer mode (`promotion`), recovers the volume by read quorum
//     under a new epoch (which fences the old writer), then the cluster endpoint moves to it.
//   Writer fails, no replica: re-create the writer on a new host in its AZ after
//     `instance_replacement` (unless its AZ is unreachable: then an operator must act).
//   An instance that restarts: the writer runs crash recovery (engine start, then recovery of the
//     volume); anyone else rejoins as a replica of the current writer.
// It runs on its own host in the `control-plane` AZ. Every effect on an instance is a command
// sent over the network (control-messages.ts), and what it knows of an instance is what the
// instance last told it (health answers, reports, acknowledgements): a partition between it and
// an instance stops both, and a command nobody acknowledges in time counts as not carried out.
// With a global database, a promotion of a secondary region detaches this cluster (detach()): its
// writer is told to step down, and the control plane stops failing over or publishing DNS for
// good; after a planned switchover (followAsSecondary) it keeps its instances following the
// replication agent that now feeds this cluster's volume, as a secondary's control plane does.
// Leaves out: the control plane's own failures, and instance sizes in the promotion order.

import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { Rng } from '../../sim/rng.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DnsZone } from '../../sim/dns.ts';
import type { Network } from '../../sim/network.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { sendCommand } from '../../sim/command.ts';
import { DnsPublisher } from '../../sim/dns-publisher.ts';
import { requestHostReplacement } from '../../sim/host-provisioning.ts';
import { READER_ENDPOINT, WRITER_ENDPOINT } from './driver.ts';
import { CONTROL_BYTES } from './redo.ts';
import type { ControlCommand, HealthAnswer, InstanceRole, InstanceStatus, ManagedInstance, ReportMessage } from './control-messages.ts';
import type { PeerNews } from './peer-news.ts';
import type { FollowedWriter } from './replica.ts';
import type { AuroraOptions } from './options.ts';

export interface ControlPlaneParts<I extends ManagedInstance> {
  opts: Pick<AuroraOptions, 'dnsPropagation' | 'promotion' | 'instanceReplacement' | 'dnsTtlUs' | 'healthCheckTimeoutUs'>;
  /** The control plane's host: its timers run on it, its commands leave from it. */
  node: SimNode;
  rng: Rng;
  events: DomainEvents;
  dns: DnsZone;
  network: Network;
  instances: readonly I[];
  /** What the health checks last concluded about an instance. */
  isFailed(inst: I): boolean;
}

/** What the control plane last heard of an instance. */
interface InstanceView {
  role: InstanceRole;
  status: InstanceStatus;
  /** A command to it went unacknowledged: not a promotion target until it answers again. */
  silent: boolean;
  /** A step-down sent and not yet acknowledged: answers sent before it arrived still say writer. */
  steppingDown: boolean;
  /** The newest writer epoch of it already deposed (a writer may report the same news many times). */
  deposedEpoch: number;
}

/** Epochs of one writer generation leave room for its own recoveries of the volume. */
const EPOCHS_PER_GENERATION = 1_000_000;

export class ControlPlane<I extends ManagedInstance = ManagedInstance> {
  writer: I | null = null;
  private generation = 0;
  /** A promotion under way: the replica being promoted, the writer it replaces, and its epoch. */
  private promoting: { target: I; old: I; epoch: number } | null = null;
  /** The writer a failover could not replace once no writer was left (a lost promotion): retried when a replica is back. */
  private leaderless: I | null = null;
  /** The writer epoch whose opening is awaited, and whether it is a promotion or a crash recovery. */
  private opening: { epoch: number; promotion: boolean } | null = null;
  /** Instances told to start their engine whose command is not yet answered. */
  private readonly starting = new Set<I>();
  private readonly view = new Map<I, InstanceView>();
  private readonly propagation: Sampler;
  private readonly promotion: Sampler;
  private readonly replacement: Sampler;
  private readonly rng: Rng;
  private readonly node: SimNode;
  private readonly emit: DomainEvents;
  private readonly dns: DnsPublisher;
  /** A global database promoted another region: this cluster takes no writer again (detach()). */
  private detached = false;
  /** The writer when it was detached (told to step down). */
  private formerWriter: I | null = null;
  /** Once demoted to a secondary: the stream its instances follow (the agent's). */
  private secondaryOf: (() => FollowedWriter | null) | null = null;

  constructor(private readonly parts: ControlPlaneParts<I>) {
    this.rng = parts.rng;
    this.node = parts.node;
    this.emit = parts.events;
    const o = parts.opts;
    this.propagation = sampler(o.dnsPropagation, this.rng);
    this.promotion = sampler(o.promotion, this.rng);
    this.replacement = sampler(o.instanceReplacement, this.rng);
    this.dns = new DnsPublisher(parts.dns, parts.node, { writer: WRITER_ENDPOINT, reader: READER_ENDPOINT }, o.dnsTtlUs, {
      writer: () => this.writer?.node ?? null,
      readers: () => parts.instances.filter((i) => this.isAvailableReplica(i)).map((i) => i.node),
      describe: (w, readers) => `cluster -> ${w?.name ?? '(unchanged: failover in progress)'}; reader -> ${readers.map((n) => n.name).join(' ') || 'none'}`,
    }, parts.events);
  }

  /** The initial topology, as the cluster built it: returns the epoch of the first writer's brand-new volume. */
  begin(writer: I): number {
    for (const i of this.parts.instances) this.view.set(i, { role: i === writer ? 'writer' : 'replica', status: 'available', silent: false, steppingDown: false, deposedEpoch: 0 });
    this.writer = writer;
    const epoch = this.nextEpoch();
    this.setDns(0);
    return epoch;
  }

  private nextEpoch(): number {
    this.generation++;
    return this.generation * EPOCHS_PER_GENERATION;
  }

  private viewOf(inst: I): InstanceView {
    return this.view.get(inst)!;
  }

  /**
   * Its view of every instance but `to`, as a promotion or recovery command carries it: a failed
   * instance is down, one stepping down is restarting its engine.
   */
  private peersFor(to: I): PeerNews[] {
    const out: PeerNews[] = [];
    for (const i of this.parts.instances) {
      if (i === to) continue;
      const v = this.viewOf(i);
      out.push({ target: i, role: v.role, status: this.parts.isFailed(i) ? 'down' : v.steppingDown ? 'starting' : v.status });
    }
    return out;
  }

  private isAvailableReplica(i: I): boolean {
    const v = this.viewOf(i);
    return v.role === 'replica' && v.status === 'available' && !this.parts.isFailed(i);
  }

  /** Points the endpoints at the current topology after `delayUs`. */
  private setDns(delayUs: number): void {
    if (this.detached) return;
    this.dns.publish(delayUs);
  }

  /**
   * Sends `cmd` to `inst`; `acked` runs when its acknowledgement arrives, `unanswered` if none
   * arrives within the health-check timeout (the command is then taken as not carried out).
   */
  private command(inst: I, cmd: ControlCommand, unanswered?: () => void, answered?: (obeyed: boolean) => void): void {
    const v = this.viewOf(inst);
    sendCommand(this.parts.network, this.node, inst.node, CONTROL_BYTES, inst.onCommand, cmd, this.parts.opts.healthCheckTimeoutUs, { settled: (heard) => (v.silent = !heard), answered, unanswered });
  }

  // ---- health checks -------------------------------------------------------------------------

  /** A health answer arrived: the instance's state as it reports it. Returns whether it is healthy. */
  heard(a: HealthAnswer): boolean {
    const inst = a.from as I;
    if (this.detached) return a.status !== 'down' && !a.lostVolume;
    const v = this.viewOf(inst);
    v.role = a.role;
    v.status = a.status;
    v.silent = false;
    // The host runs but its engine was never told to start (the command was lost): tell it again.
    if (a.status === 'down' && !this.starting.has(inst)) this.instanceRestarted(inst);
    // A writer the control plane did not name (a lost step-down, an abandoned promotion): depose it again.
    else if (a.role === 'writer' && a.status === 'available' && !v.steppingDown && inst !== this.writer && inst !== this.promoting?.target && !this.parts.isFailed(inst)) this.writerDeposed(inst);
    return a.status !== 'down' && !a.lostVolume;
  }

  instanceFailed(inst: I): void {
    if (this.detached) return;
    if (inst === this.writer) return this.writerFailed(inst, 'writer failed its health checks', null);
    if (this.promoting?.target === inst) return this.promotionLost(inst);
    if (this.viewOf(inst).role === 'replica') this.setDns(Math.round(this.propagation()));
  }

  instanceHealthy(inst: I): void {
    if (this.detached) return;
    const role = this.viewOf(inst).role;
    if (role === 'writer' && inst !== this.writer) this.writerDeposed(inst);
    else if (role === 'replica') this.setDns(Math.round(this.propagation()));
  }

  private failoverTarget(): I | null {
    const ok = this.parts.instances.filter((i) => i !== this.writer && this.isAvailableReplica(i) && !this.viewOf(i).silent);
    if (ok.length === 0) return null;
    const best = Math.min(...ok.map((i) => i.tier));
    const inTier = ok.filter((i) => i.tier === best);
    // Within the tier the largest replica; of equal size, an arbitrary one (a seeded draw).
    const largest = Math.max(...inTier.map((i) => i.size));
    const tied = inTier.filter((i) => i.size === largest);
    return tied.length === 1 ? tied[0] : this.rng.pick(tied);
  }

  private writerFailed(old: I, why: string, chosen: I | null): void {
    if (this.promoting !== null) return;
    const target = chosen ?? this.failoverTarget();
    if (target === null) {
      this.emit('failover-impossible', old.name, 'no healthy replica to promote: the writer is re-created on a new host');
      // After a lost promotion there is no writer at all: the next replica back is promoted.
      if (this.writer === null) this.leaderless = old;
      this.scheduleRecreate(old);
      return;
    }
    this.leaderless = null;
    const epoch = this.nextEpoch();
    this.promoting = { target, old, epoch };
    this.emit('failover-started', target.name, `${why}; promoting ${target.name} (tier ${target.tier})`);
    this.writer = null;
    // The old writer stops writing if it still runs (it restarts its engine as a replica).
    this.demote(old);
    // Unanswered (crashed or cut off) or refused (not an available replica any more): choose again.
    const lost = () => {
      if (this.promoting?.epoch === epoch) this.promotionLost(target);
    };
    this.command(target, { kind: 'promote', epoch, delayUs: Math.round(this.promotion()), peers: this.peersFor(target) }, lost, (obeyed) => {
      if (!obeyed) lost();
    });
  }

  /** The replica being promoted failed, restarted or did not answer: choose again. */
  private promotionLost(target: I): void {
    const old = this.promoting!.old;
    this.promoting = null;
    this.writerFailed(old, `the promotion of ${target.name} was interrupted`, null);
  }

  /** Tells an old writer to stop writing; one still running restarts as a replica and reports when it is up. */
  private demote(old: I): void {
    const v = this.viewOf(old);
    v.role = 'replica';
    v.steppingDown = true;
    const done = () => (v.steppingDown = false);
    this.command(old, { kind: 'step-down' }, done, done);
  }

  private scheduleRecreate(old: I): void {
    this.node.setTimer(Math.round(this.replacement()), () => {
      if (this.writer !== old || !this.parts.isFailed(old)) return;
      let answered = false;
      requestHostReplacement(this.parts.network, this.node, old.node, CONTROL_BYTES, (replaced) => {
        answered = true;
        if (!replaced || this.writer !== old) return;
        this.emit('instance-replaced', old.name, `the writer is re-created on a new host in ${old.node.az}`);
        this.setDns(Math.round(this.propagation()));
      });
      this.node.setTimer(this.parts.opts.healthCheckTimeoutUs, () => {
        if (!answered) this.emit('failover-impossible', old.name, `${old.node.az} is unreachable: an operator must create an instance in another AZ`);
      });
    });
  }

  // ---- reports from instances ----------------------------------------------------------------

  readonly onReport = (m: ReportMessage): void => {
    const inst = m.from as I;
    const r = m.report;
    if (this.detached) return this.asSecondary(inst, r.kind);
    switch (r.kind) {
      case 'restarted':
        return this.instanceRestarted(inst);
      case 'engine-started':
        return this.engineStarted(inst);
      case 'writer-started':
        return this.writerStarted(inst, r.epoch);
      case 'writer-opened':
        return this.writerOpened(inst, r.epoch, r.vdl);
      case 'deposed': {
        const v = this.viewOf(inst);
        if (r.epoch <= v.deposedEpoch || v.steppingDown) return;
        v.deposedEpoch = r.epoch;
        v.role = 'writer';
        return this.writerDeposed(inst);
      }
    }
  };

  /** The host of `inst` is back: it starts its engine as the writer (if it still is) or as a replica. */
  private instanceRestarted(inst: I): void {
    const v = this.viewOf(inst);
    v.status = 'down';
    v.steppingDown = false;
    if (this.promoting?.target === inst) this.promotionLost(inst);
    v.role = inst === this.writer ? 'writer' : 'replica';
    // Until the start is answered, an answer saying 'down' may predate the command's arrival; after
    // it, 'down' means the host restarted again and its start is due again.
    this.starting.add(inst);
    const answered = () => this.starting.delete(inst);
    this.command(inst, { kind: 'start', role: v.role }, answered, answered);
  }

  private engineStarted(inst: I): void {
    this.starting.delete(inst);
    this.viewOf(inst).status = 'available';
    if (inst !== this.writer) return this.rejoin(inst);
    // Crash recovery of the writer: a new epoch, the volume recovered from scratch.
    const epoch = this.nextEpoch();
    this.opening = { epoch, promotion: false };
    this.command(inst, { kind: 'open-writer', epoch, peers: this.peersFor(inst) });
  }

  /** A promotion's restart in writer mode is done: the target is the writer now (recovering the volume). */
  private writerStarted(inst: I, epoch: number): void {
    const v = this.viewOf(inst);
    v.status = 'available';
    v.role = 'writer';
    const p = this.promoting;
    if (p === null || p.target !== inst || p.epoch !== epoch) return; // an abandoned promotion: deposed when next heard
    this.promoting = null;
    this.writer = inst;
    this.opening = { epoch, promotion: true };
  }

  private writerOpened(inst: I, epoch: number, vdl: number): void {
    const o = this.opening;
    if (inst !== this.writer || o === null || o.epoch !== epoch) return;
    this.opening = null;
    if (!o.promotion) return this.emit('recovered', inst.name, `crash recovery done (volume at LSN ${vdl}); writes resume`);
    this.emit('promoted', inst.name, `new writer (epoch ${epoch}); volume recovered to LSN ${vdl}`);
    this.setDns(Math.round(this.propagation()));
  }

  /** An instance that is up follows the current writer as a replica. */
  private rejoin(inst: I): void {
    if (inst === this.writer) return;
    this.viewOf(inst).role = 'replica';
    this.command(inst, { kind: 'follow', writer: this.writer });
    this.emit('rejoined', inst.name, `follows ${this.writer?.name ?? 'no writer yet'} as a replica`);
    this.setDns(Math.round(this.propagation()));
    // A cluster left without a writer promotes the first replica that is available again: only a
    // writer still crashed gets re-created, so waiting for that could wait for good.
    if (this.leaderless !== null && this.writer === null && this.promoting === null) this.writerFailed(this.leaderless, 'no writer since a lost promotion; a replica is available', null);
  }

  /** A writer learned (from storage) or was found to be older than the one the control plane named. */
  private writerDeposed(inst: I): void {
    if (inst === this.writer || this.viewOf(inst).role !== 'writer') return;
    this.emit('deposed', inst.name, 'a newer writer fenced it: its pending writes fail and it restarts as a replica');
    this.demote(inst);
  }

  // ---- operators -----------------------------------------------------------------------------

  operatorFailover(instances: readonly I[]): void {
    if (this.detached) return;
    for (const inst of instances) {
      if (this.writer === null) continue;
      if (this.viewOf(inst).role === 'replica') this.writerFailed(this.writer, `operator failover to ${inst.name}`, inst);
      else if (inst === this.writer) {
        if (this.failoverTarget() !== null) this.writerFailed(inst, 'operator failover', null);
        else {
          this.emit('reboot', inst.name, 'operator reboot: no replica to fail over to');
          this.command(inst, { kind: 'reboot' });
        }
      }
    }
  }

  // ---- a global database ---------------------------------------------------------------------

  /**
   * Another region takes (or is about to take) the writes: no writer from here on. The writer (or
   * the replica being promoted) is told to step down: with `done`, once, and `done` hears whether
   * it acknowledged (a planned switchover); without, again until it acknowledges (a failover: the
   * old writer may be cut off, or its region out, and must not take writes when it is back). The
   * cluster endpoint record is left to the new primary's control plane.
   */
  detach(done?: (acknowledged: boolean) => void): void {
    if (!this.detached) {
      this.formerWriter = this.writer ?? this.promoting?.target ?? null;
      this.detached = true;
      this.writer = null;
      this.promoting = null;
      this.leaderless = null;
    }
    const w = this.formerWriter;
    if (w === null) return done?.(true);
    if (done !== undefined) return this.command(w, { kind: 'step-down' }, () => done(false), () => done(true));
    this.stepDownUntilHeard(w);
  }

  private stepDownUntilHeard(w: I): void {
    this.command(w, { kind: 'step-down' }, () => this.node.setTimer(this.parts.opts.healthCheckTimeoutUs, () => this.stepDownUntilHeard(w)));
  }

  /** Demoted to a secondary: every instance follows `followed` (an instance that restarts, once its engine is up). */
  followAsSecondary(followed: () => FollowedWriter | null): void {
    this.secondaryOf = followed;
    for (const i of this.parts.instances) this.command(i, { kind: 'follow', writer: followed() });
  }

  private asSecondary(inst: I, report: ReportMessage['report']['kind']): void {
    const followed = this.secondaryOf;
    if (followed === null) return;
    if (report === 'restarted') this.command(inst, { kind: 'start', role: 'replica' });
    else if (report === 'engine-started') this.command(inst, { kind: 'follow', writer: followed() });
  }
}
