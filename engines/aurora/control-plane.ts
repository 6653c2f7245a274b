// The Aurora control plane (REFERENCE-FIGURES.md A17-A20): reacts to instance health checks and to
// operators, owns which instance is the writer and the writer generation (epoch), and the DNS
// records of the cluster (writer) endpoint and the reader endpoint.
//   Writer fails, a replica is healthy: promote the replica of the lowest tier (ties: a seeded
//     random pick): it restarts in writer mode (`promotion`), recovers the volume by read quorum
//     under a new epoch (which fences the old writer), then the cluster endpoint moves to it.
//   Writer fails, no replica: re-create the writer on a new host in its AZ after
//     `instance_replacement` (unless its AZ is unreachable: then an operator must act).
//   An instance that restarts: the writer runs crash recovery (engine start, then recovery of the
//     volume); anyone else rejoins as a replica of the current writer.
// Leaves out: the control plane's own failures, and instance sizes in the promotion order.

import { sampler, type Sampler } from '../../sim/distribution.ts';
import type { Rng } from '../../sim/rng.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DnsZone } from '../../sim/dns.ts';
import type { Network } from '../../sim/network.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { DnsPublisher } from '../../sim/dns-publisher.ts';
import type { WriterVolume } from './writer.ts';
import { READER_ENDPOINT, WRITER_ENDPOINT } from './driver.ts';
import type { AuroraInstance } from './instance.ts';
import type { AuroraOptions } from './options.ts';

export interface ControlPlaneParts {
  opts: Pick<AuroraOptions, 'dnsPropagation' | 'promotion' | 'instanceStart' | 'instanceReplacement' | 'dnsTtlUs'>;
  /** The control plane's host: its timers run on it. */
  node: SimNode;
  rng: Rng;
  events: DomainEvents;
  dns: DnsZone;
  /** Asked only whether an instance's AZ can be reached before a host is re-created there. */
  network: Network;
  instances: readonly AuroraInstance[];
  /** What the health checks last concluded about an instance. */
  isFailed(inst: AuroraInstance): boolean;
  /** A writer of the volume for `inst` under `epoch`; `opened` runs when it first opens for writes. */
  newWriter(inst: AuroraInstance, epoch: number, opened: () => void): WriterVolume;
}

/** Epochs of one writer generation leave room for its own recoveries of the volume. */
const EPOCHS_PER_GENERATION = 1_000_000;

export class ControlPlane {
  writer: AuroraInstance | null = null;
  private generation = 0;
  /** A promotion under way: the replica being promoted and the writer it replaces. */
  private promoting: { target: AuroraInstance; old: AuroraInstance } | null = null;
  /** The writer a failover could not replace once no writer was left (a lost promotion): retried when a replica is back. */
  private leaderless: AuroraInstance | null = null;
  private readonly propagation: Sampler;
  private readonly promotion: Sampler;
  private readonly start: Sampler;
  private readonly replacement: Sampler;
  private readonly rng: Rng;
  private readonly node: SimNode;
  private readonly emit: DomainEvents;
  private readonly dns: DnsPublisher;

  constructor(private readonly parts: ControlPlaneParts) {
    this.rng = parts.rng;
    this.node = parts.node;
    this.emit = parts.events;
    const o = parts.opts;
    this.propagation = sampler(o.dnsPropagation, this.rng);
    this.promotion = sampler(o.promotion, this.rng);
    this.start = sampler(o.instanceStart, this.rng);
    this.replacement = sampler(o.instanceReplacement, this.rng);
    this.dns = new DnsPublisher(parts.dns, parts.node, { writer: WRITER_ENDPOINT, reader: READER_ENDPOINT }, o.dnsTtlUs, {
      writer: () => this.writer?.node ?? null,
      readers: () => parts.instances.filter((i) => i.role === 'replica' && i.status === 'available' && !parts.isFailed(i)).map((i) => i.node),
      describe: (w, readers) => `cluster -> ${w?.name ?? '(unchanged: failover in progress)'}; reader -> ${readers.map((n) => n.name).join(' ') || 'none'}`,
    }, parts.events);
  }

  /** The initial topology: a brand-new volume, open at once. */
  begin(writer: AuroraInstance): void {
    this.writer = writer;
    this.makeWriter(writer, 0, () => {}, true);
    this.setDns(0);
  }

  /** Gives `inst` a writer of the next generation; recovers the volume unless it is brand new. */
  private makeWriter(inst: AuroraInstance, lowerBound: number, opened: () => void, fresh = false): void {
    this.generation++;
    const epoch = this.generation * EPOCHS_PER_GENERATION;
    const w = this.parts.newWriter(inst, epoch, opened);
    inst.becomeWriter(w);
    if (fresh) w.openFresh();
    else w.recover(epoch, lowerBound);
  }

  /** Points the endpoints at the current topology after `delayUs`. */
  private setDns(delayUs: number): void {
    this.dns.publish(delayUs);
  }

  // ---- health checks -------------------------------------------------------------------------

  instanceFailed(inst: AuroraInstance): void {
    if (inst === this.writer) return this.writerFailed(inst, 'writer failed its health checks', null);
    if (this.promoting?.target === inst) return this.promotionLost(inst);
    if (inst.role === 'replica') this.setDns(Math.round(this.propagation()));
  }

  instanceHealthy(inst: AuroraInstance): void {
    if (inst.role === 'writer' && inst !== this.writer) this.writerDeposed(inst);
    else if (inst.role === 'replica') this.setDns(Math.round(this.propagation()));
  }

  private failoverTarget(): AuroraInstance | null {
    const ok = this.parts.instances.filter((i) => i !== this.writer && i.role === 'replica' && i.node.isUp && i.status === 'available' && !this.parts.isFailed(i));
    if (ok.length === 0) return null;
    const best = Math.min(...ok.map((i) => i.tier));
    const tied = ok.filter((i) => i.tier === best);
    return tied.length === 1 ? tied[0] : this.rng.pick(tied);
  }

  private writerFailed(old: AuroraInstance, why: string, chosen: AuroraInstance | null): void {
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
    this.promoting = { target, old };
    this.emit('failover-started', target.name, `${why}; promoting ${target.name} (tier ${target.tier})`);
    this.writer = null;
    if (old.writer !== null) this.demote(old);
    else old.setRole('replica');
    target.promote(Math.round(this.promotion()), (lowerBound) => {
      this.promoting = null;
      this.writer = target;
      this.makeWriter(target, lowerBound, () => {
        this.emit('promoted', target.name, `new writer (epoch ${target.writer?.epoch}); volume recovered to LSN ${target.writer?.vdl}`);
        this.setDns(Math.round(this.propagation()));
      });
    });
  }

  /** The replica being promoted failed or restarted: choose again. */
  private promotionLost(target: AuroraInstance): void {
    const old = this.promoting!.old;
    this.promoting = null;
    this.writerFailed(old, `the promotion of ${target.name} was interrupted`, null);
  }

  /** An old writer that is still running stops writing and restarts as a replica. */
  private demote(old: AuroraInstance): void {
    old.stepDown();
    if (old.node.isUp) old.startEngine(Math.round(this.start()), () => this.rejoin(old));
  }

  private scheduleRecreate(old: AuroraInstance): void {
    this.node.setTimer(Math.round(this.replacement()), () => {
      if (old.node.state !== 'crashed' || this.writer !== old) return;
      if (!this.parts.network.reachable(this.node, old.node)) {
        this.emit('failover-impossible', old.name, `${old.node.az} is unreachable: an operator must create an instance in another AZ`);
        return;
      }
      this.emit('instance-replaced', old.name, `the writer is re-created on a new host in ${old.node.az}`);
      old.node.restart();
      this.setDns(Math.round(this.propagation()));
    });
  }

  // ---- instances coming back -----------------------------------------------------------------

  instanceRestarted(inst: AuroraInstance): void {
    if (this.promoting?.target === inst) this.promotionLost(inst);
    if (inst === this.writer) {
      inst.startEngine(Math.round(this.start()), () => {
        if (this.writer !== inst) return this.rejoin(inst);
        this.makeWriter(inst, 0, () => this.emit('recovered', inst.name, `crash recovery done (volume at LSN ${inst.writer?.vdl}); writes resume`));
      });
      return;
    }
    inst.setRole('replica');
    inst.startEngine(Math.round(this.start()), () => this.rejoin(inst));
  }

  /** An instance that is up follows the current writer as a replica. */
  private rejoin(inst: AuroraInstance): void {
    if (inst === this.writer) return;
    inst.setRole('replica');
    const w = this.writer?.writer;
    if (w !== null && w !== undefined && w.state === 'open') w.feed.attach(inst);
    this.emit('rejoined', inst.name, `follows ${this.writer?.name ?? 'no writer yet'} as a replica`);
    this.setDns(Math.round(this.propagation()));
    // A cluster left without a writer promotes the first replica that is available again: only a
    // writer still crashed gets re-created, so waiting for that could wait for good.
    if (this.leaderless !== null && this.writer === null && this.promoting === null) this.writerFailed(this.leaderless, 'no writer since a lost promotion; a replica is available', null);
  }

  /** A writer learned (from storage or the control plane) that a newer one exists. */
  writerDeposed(inst: AuroraInstance): void {
    if (inst === this.writer || inst.role !== 'writer') return;
    this.emit('deposed', inst.name, 'a newer writer fenced it: its pending writes fail and it restarts as a replica');
    this.demote(inst);
  }

  // ---- operators -----------------------------------------------------------------------------

  operatorFailover(instances: readonly AuroraInstance[]): void {
    for (const inst of instances) {
      const node = inst.node;
      if (this.writer === null) continue;
      if (inst.role === 'replica') this.writerFailed(this.writer, `operator failover to ${inst.name}`, inst);
      else if (inst === this.writer) {
        if (this.failoverTarget() !== null) this.writerFailed(inst, 'operator failover', null);
        else {
          this.emit('reboot', inst.name, 'operator reboot: no replica to fail over to');
          node.crash();
          node.restart();
        }
      }
    }
  }
}
