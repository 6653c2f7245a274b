// One secondary cluster of an Aurora Global Database, in its own region: its own volume (6
// segments per protection group, 2 in each of its 3 AZs, the primary's layout), its read-only
// reader instances, and the host that runs its replication agent (global-replication.ts) and its
// control plane. The readers follow the agent's stream as Aurora replicas follow a writer, and
// read their volume at their applied point, so a read there is stale by the replication lag.
// Promotion (a planned switchover or an unplanned failover, global-database.ts): the agent stops,
// one reader restarts in writer mode (`promotion`) and recovers the volume by read quorum under a
// new epoch (which fences the agent), the other readers follow it, and this cluster's DNS
// publisher points the global writer endpoint (the cluster endpoint) at it. Its control plane
// lives in its region, so it acts while the primary region is out.
// Leaves out: health checks of the readers (one that restarts rejoins when it reports back), the
// secondary storage's repair, and headless secondaries (at least one reader).

import type { SimNode } from '../../sim/node.ts';
import type { Sim } from '../../sim/sim.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import { sendCommand } from '../../sim/command.ts';
import { DnsPublisher } from '../../sim/dns-publisher.ts';
import type { AuroraOptions } from './options.ts';
import { AuroraInstance } from './instance.ts';
import { instanceParts } from './instance-parts.ts';
import { secondaryOutline } from './node-outline.ts';
import type { StorageNode, StorageReport } from './storage-node.ts';
import type { Volume } from './volume.ts';
import { layVolume } from './volume-layout.ts';
import { ReplicationAgent } from './global-replication.ts';
import type { FollowedWriter } from './replica.ts';
import type { ControlCommand, ReportMessage } from './control-messages.ts';
import type { PeerNews } from './peer-news.ts';
import type { WriterEpochs } from './writer-epochs.ts';
import { CONTROL_BYTES, type RedoRecord } from './redo.ts';
import { WRITER_ENDPOINT } from './driver.ts';

export type SecondaryState = 'secondary' | 'promoting' | 'primary';

export interface SecondaryParts {
  sim: Sim;
  opts: AuroraOptions;
  events: DomainEvents;
  epochs: WriterEpochs;
  keyCount: number;
  /** 0-based: secondary-<index + 1>-*. */
  index: number;
  region: string;
  azs: readonly string[];
  lag(replica: string, lagUs: number): void;
  /** With write forwarding: the global writer a reader forwards to. */
  forwardTo: (() => AuroraInstance | null) | null;
  /** Once promoted: where its writer's committed records go (the demoted old primary). */
  committedRecords(records: RedoRecord[]): void;
}

/** Writer epochs of a promoted secondary: above every epoch the primary's control plane hands out. */
const PROMOTED_EPOCH_BASE = 1_000_000_000_000;

export class SecondaryCluster {
  readonly host: SimNode;
  readonly readers: AuroraInstance[] = [];
  readonly storage: StorageNode[] = [];
  readonly volume: Volume<StorageNode>;
  readonly agent: ReplicationAgent;
  /** The DNS name of this region's readers (its clients' eventual reads). */
  readonly readerName: string;
  state: SecondaryState = 'secondary';
  /** Its writer once promoted. */
  writer: AuroraInstance | null = null;
  private promoting: AuroraInstance | null = null;
  private epoch: number;
  private onPromoted: (() => void) | null = null;
  private readonly dns: DnsPublisher;
  private readonly promotion: Sampler;
  private readonly propagation: Sampler;
  private readonly byNode = new Map<number, AuroraInstance>();
  /** The agent as its readers follow it (the writer of their stream until a promotion). */
  private readonly agentAsWriter: FollowedWriter;

  constructor(private readonly parts: SecondaryParts) {
    const { sim, opts: o, events } = parts;
    const { network, now } = sim;
    this.readerName = `aurora-reader-${parts.region}`;
    this.epoch = PROMOTED_EPOCH_BASE * (parts.index + 1);
    this.host = sim.createNode(`aurora-global-${parts.region}`, parts.azs[0], ['control-plane']);
    const rng = (what: string) => sim.rng(`engine/aurora/global/${parts.region}/${what}`);
    this.promotion = sampler(o.promotion, rng('promotion'));
    this.propagation = sampler(o.dnsPropagation, rng('dns'));
    const instanceStart = sampler(o.instanceStart, rng('instance-start'));

    const outline = secondaryOutline(o, parts.azs, parts.index);
    const readerNodes = outline.filter((n) => n.roles.includes('replica')).map((n) => sim.createNode(n.name, n.az, [...n.roles]));
    const laid = layVolume(sim, o, parts.azs, outline.filter((n) => n.roles.includes('storage')), parts.keyCount, this.onStorageReport);
    this.volume = laid.volume;
    this.storage.push(...laid.storage);

    this.agent = new ReplicationAgent({ opts: o, network, now, volume: this.volume }, this.host);
    this.agentAsWriter = {
      node: this.host,
      onResync: (from) => this.agent.feed.attach(from.target),
      onFeedback: (m) => this.agent.feed.feedback(m.target, m.readPoint),
    };
    for (const node of readerNodes) {
      const p = instanceParts(
        {
          sim,
          opts: o,
          events,
          volume: this.volume,
          epochs: parts.epochs,
          writer: () => this.followed(),
          lag: parts.lag,
          startTime: instanceStart,
          report: (from, r) => network.send(from.node, this.host, CONTROL_BYTES, this.onReport, { from, report: r }),
          peers: (self) => this.readers.filter((x) => x.node !== self).map((x) => ({ target: x, role: 'replica' as const })),
          instanceOn: (n) => this.byNode.get(n.id)!,
          committedRecords: (records) => parts.committedRecords(records),
          ...(parts.forwardTo === null ? {} : { forwardTo: parts.forwardTo }),
        },
        node,
        o.service.workers,
      );
      const inst = new AuroraInstance(node, p, 'replica', 1);
      this.readers.push(inst);
      this.byNode.set(node.id, inst);
    }
    // Before a promotion only the reader record is this cluster's (its writer is null).
    this.dns = new DnsPublisher(sim.dns, this.host, { writer: WRITER_ENDPOINT, reader: this.readerName }, o.dnsTtlUs, {
      writer: () => (this.state === 'primary' ? (this.writer?.node ?? null) : null),
      readers: () => this.readers.filter((r) => r !== this.writer && r.role === 'replica' && r.status === 'available' && r.node.isUp).map((r) => r.node),
      describe: (w, readers) => `${w === null ? '' : `global writer -> ${w.name}; `}${this.readerName} -> ${readers.map((n) => n.name).join(' ') || 'none'}`,
    }, events);
  }

  get region(): string {
    return this.parts.region;
  }

  get name(): string {
    return `secondary-${this.parts.index + 1}`;
  }

  nodes(): SimNode[] {
    return [...this.readers.map((r) => r.node), ...this.storage.map((s) => s.node)];
  }

  /** The readers join the agent's stream; the reader record points at them. */
  start(): void {
    this.dns.publish(0, false);
    for (const r of this.readers) this.agent.feed.attach(r);
  }

  /** Whom the readers follow: the agent, the promoted writer, or nobody during a promotion. */
  private followed(): FollowedWriter | null {
    return this.state === 'secondary' ? this.agentAsWriter : this.state === 'primary' ? this.writer : null;
  }

  private command(inst: AuroraInstance, cmd: ControlCommand, unanswered?: () => void): void {
    sendCommand(this.parts.sim.network, this.host, inst.node, CONTROL_BYTES, inst.onCommand, cmd, this.parts.opts.healthCheckTimeoutUs, { ...(unanswered === undefined ? {} : { unanswered }) });
  }

  /**
   * Promotes this secondary: the agent stops taking records, a reader restarts in writer mode and
   * recovers the volume under a new epoch; `promoted` runs once it opened for writes. False when
   * there is no reader to promote (or it is not a secondary any more).
   */
  promote(why: string, promoted: () => void): boolean {
    if (this.state !== 'secondary') return false;
    const target = this.readers.find((r) => r.node.isUp && r.status === 'available' && r.role === 'replica');
    if (target === undefined) {
      this.parts.events('failover-impossible', this.name, `${why}: no reader of ${this.name} is up to promote`);
      return false;
    }
    this.state = 'promoting';
    this.promoting = target;
    this.onPromoted = promoted;
    this.agent.stop();
    this.epoch++;
    const peers: PeerNews[] = this.readers.filter((r) => r !== target).map((r) => ({ target: r, role: 'replica', status: r.node.isUp ? 'available' : 'down' }));
    this.parts.events('failover-started', target.name, `${why}: promoting ${target.name} in ${this.parts.region} (its volume at LSN ${this.agent.vdl})`);
    this.command(target, { kind: 'promote', epoch: this.epoch, delayUs: Math.round(this.promotion()), peers }, () =>
      this.parts.events('failover-interrupted', target.name, `the promotion command to ${target.name} went unanswered`),
    );
    return true;
  }

  // ---- reports from its instances ------------------------------------------------------------

  private readonly onReport = (m: ReportMessage): void => {
    const inst = m.from as AuroraInstance;
    const r = m.report;
    switch (r.kind) {
      case 'restarted':
        return this.command(inst, { kind: 'start', role: inst === this.writer ? 'writer' : 'replica' });
      case 'engine-started':
        if (inst === this.writer) return this.command(inst, { kind: 'open-writer', epoch: ++this.epoch, peers: [] });
        this.command(inst, { kind: 'follow', writer: this.followed() });
        return this.dns.publish(Math.round(this.propagation()));
      case 'writer-opened':
        if (inst === this.promoting && this.state === 'promoting') return this.promoted(inst, r.vdl);
        if (inst === this.writer) this.parts.events('recovered', inst.name, `crash recovery done (volume at LSN ${r.vdl}); writes resume`);
        return;
      default:
        return;
    }
  };

  private promoted(inst: AuroraInstance, vdl: number): void {
    this.state = 'primary';
    this.writer = inst;
    this.promoting = null;
    this.parts.events('promoted', inst.name, `${this.name} in ${this.parts.region} is the primary: new writer (epoch ${this.epoch}), volume recovered to LSN ${vdl}`);
    this.dns.publish(Math.round(this.propagation()));
    const then = this.onPromoted;
    this.onPromoted = null;
    then?.();
  }

  /** A storage node's report that gossip advanced a segment, for the writer it last heard (the agent ignores it). */
  private readonly onStorageReport = (m: StorageReport): void => {
    this.byNode.get(m.to.id)?.writer?.segmentReport(m.from, m.pg, m.scl);
  };
}
