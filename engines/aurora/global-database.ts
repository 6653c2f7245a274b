// Aurora Global Database (`global_azs`): the primary cluster (cluster.ts) and up to 5 secondary
// clusters (global-secondary.ts), each fed by its own replication server and agent
// (global-replication.ts). It routes a secondary region's clients (reads to their region's
// readers, writes to the global writer endpoint across regions or, with `write_forwarding`, to
// their readers, which forward them), and carries out the two ways a secondary takes over:
//   switchover (planned, no data loss): the primary's writer is told to step down (writes stop),
//     the global database waits until the secondary acknowledged every committed record, then the
//     secondary is promoted; the old primary is demoted to a secondary: an agent recovers its
//     volume under a new epoch and applies the new primary's records, and its instances follow
//     that agent as readers (its control plane fails nothing over any more). Its length is the step-down round trip, the drain of the lag, the
//     promotion and recovery, and the DNS change and TTL.
//   failover (unplanned, "detach and promote", or a switchover with allow_data_loss): run by the
//     secondary's own control plane in its region (so it works while the primary region is out):
//     the primary is detached at once (its replication stops, its writer is told to step down if
//     it can be reached), and the secondary is promoted with what it holds. The acknowledged
//     writes still on the link are lost: RPO = the lag at that moment.
// Leaves out: re-adding the old primary as a secondary after an unplanned failover (it stays
// detached, its readers serve what they last applied), feeding the other secondaries from a promoted one,
// and the `session` and `global` values of aurora_replica_read_consistency (forwarding is
// `eventual`: no wait for the forwarded write to replicate back).

import type { SimClient } from '../../sim/client.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import type { EndpointDriverConfig } from '../../sim/endpoint-driver.ts';
import { regionOfAz } from '../../sim/regions.ts';
import type { EngineContext, ReplicaBacklog } from '../engine.ts';
import type { AuroraOptions } from './options.ts';
import type { AuroraInstance } from './instance.ts';
import type { ControlPlane } from './control-plane.ts';
import type { RedoRecord } from './redo.ts';
import type { StorageNode } from './storage-node.ts';
import type { Volume } from './volume.ts';
import type { WriterEpochs } from './writer-epochs.ts';
import { CONTROL_BYTES } from './redo.ts';
import { ReplicationAgent, ReplicationServer } from './global-replication.ts';
import type { FollowedWriter } from './replica.ts';
import { SecondaryCluster } from './global-secondary.ts';
import { WRITER_ENDPOINT } from './driver.ts';

/** The epoch the old primary's agent writes its volume under: above every writer epoch that volume saw. */
const DEMOTED_EPOCH = 100_000_000_000_000;

export interface GlobalParts {
  ctx: EngineContext;
  opts: AuroraOptions;
  events: DomainEvents;
  epochs: WriterEpochs;
  /** The primary's control-plane host: its replication servers run there. */
  monitor: SimNode;
  control: ControlPlane<AuroraInstance>;
  primaryVolume: Volume<StorageNode>;
}

export class GlobalDatabase {
  readonly secondaries: SecondaryCluster[] = [];
  private readonly servers: ReplicationServer[] = [];
  /** The secondary that took over, or null while the original cluster is the primary. */
  private primary: SecondaryCluster | null = null;
  private switching = false;
  /** After a planned switchover: the new primary's replication to the old one, and the stream its instances follow. */
  private reverse: ReplicationServer | null = null;
  private demotedFeed: FollowedWriter | null = null;

  constructor(private readonly parts: GlobalParts) {
    const { ctx, opts: o } = parts;
    const sim = ctx.sim;
    const forwardTo = o.writeForwarding ? () => this.globalWriter() : null;
    o.secondaryAzs.forEach((azs, index) => {
      const region = regionOfAz(sim.region, azs[0])!;
      const sec = new SecondaryCluster({
        sim,
        opts: o,
        events: parts.events,
        epochs: parts.epochs,
        keyCount: ctx.keyCount,
        index,
        region,
        azs,
        lag: (r, us) => ctx.replicationLag(r, us),
        forwardTo,
        committedRecords: (records) => this.reverse?.ship(records),
      });
      const server = new ReplicationServer(sim.network, sim.now, parts.monitor, sec.agent);
      sec.agent.server = server;
      this.secondaries.push(sec);
      this.servers.push(server);
    });
  }

  start(): void {
    for (const s of this.secondaries) s.start();
  }

  nodes(): SimNode[] {
    return this.secondaries.flatMap((s) => s.nodes());
  }

  /** The writer the global writer endpoint stands for. */
  private globalWriter(): AuroraInstance | null {
    return this.primary === null ? this.parts.control.writer : this.primary.writer;
  }

  /** The volume that holds the database's history now (the primary's). */
  primaryVolume(): Volume<StorageNode> {
    return this.primary?.volume ?? this.parts.primaryVolume;
  }

  /** The stream the old primary's instances follow once demoted (null before). */
  demotedPrimaryFeed(): FollowedWriter | null {
    return this.demotedFeed;
  }

  /** The primary's writer committed these records: each secondary gets them. */
  committed(records: RedoRecord[]): void {
    for (const s of this.servers) s.ship(records);
  }

  /** The secondary holding one of these nodes (`every`: all of them), if any. */
  secondaryOf(nodes: readonly SimNode[], every = false): SecondaryCluster | undefined {
    const holds = (s: SecondaryCluster) => (n: SimNode) => s.host === n || s.nodes().includes(n);
    return this.secondaries.find((s) => (every ? nodes.length > 0 && nodes.every(holds(s)) : nodes.some(holds(s))));
  }

  /** A client in a secondary's region reads there and writes to the global writer (or forwards); others keep the primary's driver. */
  driverConfig(client: SimClient, base: EndpointDriverConfig): EndpointDriverConfig | undefined {
    const region = regionOfAz(this.parts.ctx.sim.region, client.az);
    const sec = this.secondaries.find((s) => s.region === region);
    if (sec === undefined) return undefined;
    const forward = this.parts.opts.writeForwarding;
    return {
      ...base,
      endpointFor: (op) => (op.kind === 'write' ? (forward ? sec.readerName : WRITER_ENDPOINT) : op.consistency === 'strong' ? WRITER_ENDPOINT : sec.readerName),
    };
  }

  replicationBacklog(): ReplicaBacklog[] {
    const out: ReplicaBacklog[] = [];
    for (const s of this.secondaries) {
      for (const r of s.readers) {
        if (r.role !== 'replica' || r.status !== 'available' || !r.node.isUp) continue;
        const commitUs = r.replica.oldestUnappliedCommitUs();
        if (commitUs !== null) out.push({ replica: r.node.name, oldestCommitUs: commitUs });
      }
    }
    return out;
  }

  /** Whether a takeover may start now (one at a time, from the original primary only). */
  private refused(sec: SecondaryCluster, what: string): boolean {
    if (this.primary === null && !this.switching && sec.state === 'secondary') return false;
    this.parts.events('failover-refused', sec.name, `${what}: ${this.primary !== null ? `${this.primary.name} already took over` : 'a switchover or failover is under way'}`);
    return true;
  }

  /** Unplanned: detach the primary and promote `sec` with what it holds (data loss up to the lag). */
  failover(sec: SecondaryCluster, why: string): void {
    if (this.refused(sec, why)) return;
    this.switching = true;
    const events = this.parts.events;
    events('manual-failover', sec.name, `${why}: detach and promote ${sec.name}; acknowledged writes not yet replicated are lost`);
    // The secondary's control plane acts in its own region: the primary's replication ends now,
    // and its writer is told to step down should it still run and be reachable. The detach is the
    // global database's own record (kept in every region, as AWS keeps the global cluster's
    // membership), so it holds at once: a primary region that comes back finds itself detached
    // rather than taking writes again. A message to its control plane would wait for the outage.
    for (const s of this.servers) s.stop();
    this.parts.control.detach();
    this.promote(sec, `unplanned failover (${why})`);
  }

  /** Planned: stop writes on the primary, wait until `sec` has every record, promote it, demote the old primary. */
  switchover(sec: SecondaryCluster): void {
    if (this.refused(sec, 'switchover')) return;
    this.switching = true;
    const events = this.parts.events;
    const server = this.servers[this.secondaries.indexOf(sec)];
    events('manual-failover', sec.name, `planned switchover to ${sec.name}: writes stop on the primary until ${sec.name} has every committed record`);
    this.parts.control.detach((acknowledged) => {
      if (!acknowledged) {
        this.switching = false;
        // The primary stays detached (its writer may have stepped down, its answer lost): only a
        // promotion brings writes back.
        return events('manual-failover-aborted', sec.name, 'the primary writer did not acknowledge the step-down: the switchover needs a reachable primary; the primary stays detached (fail over with allow_data_loss)');
      }
      events('writes-stopped', undefined, `the primary writer stepped down; waiting for ${sec.name} to acknowledge every committed record`);
      const synced = () => {
        events('secondary-synced', sec.name, `${sec.name} holds every committed record: promoting it`);
        for (const s of this.servers) s.stop();
        this.prepareDemotion(sec);
        // The go-ahead crosses to the secondary's region, where its control plane promotes it.
        this.parts.ctx.sim.network.send(this.parts.monitor, sec.host, CONTROL_BYTES, () => this.promote(sec, 'planned switchover'));
      };
      if (server.synced) synced();
      else server.onSynced = synced;
    });
  }

  private promote(sec: SecondaryCluster, why: string): void {
    const started = sec.promote(why, () => {
      this.primary = sec;
      this.switching = false;
      if (this.reverse === null) this.parts.events('demoted', undefined, `the old primary cluster is detached: ${sec.name} takes the writes (global writer endpoint)`);
    });
    if (!started) this.switching = false;
  }

  /**
   * A planned switchover demotes the old primary to a secondary of `sec`: an agent on its
   * control-plane host recovers its volume by read quorum under a new epoch (fencing the old
   * writer), then applies what `sec`'s writer ships; its instances follow that agent's stream.
   */
  private prepareDemotion(sec: SecondaryCluster): void {
    const { ctx, opts: o, monitor, control, primaryVolume } = this.parts;
    const sim = ctx.sim;
    const agent = new ReplicationAgent({ opts: o, network: sim.network, now: sim.now, volume: primaryVolume }, monitor, DEMOTED_EPOCH);
    const server = new ReplicationServer(sim.network, sim.now, sec.host, agent);
    agent.server = server;
    this.reverse = server;
    const feed: FollowedWriter = { node: monitor, onResync: (from) => agent.feed.attach(from.target), onFeedback: (m) => agent.feed.feedback(m.target, m.readPoint) };
    agent.resume(o, () => {
      this.demotedFeed = feed;
      control.followAsSecondary(() => feed);
      this.parts.events('demoted', undefined, `the old primary cluster is a secondary of ${sec.name}: its volume recovered to LSN ${agent.vdl}, its instances follow the new primary's records`);
    });
  }
}
