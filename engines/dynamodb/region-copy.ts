// One region's copy of a DynamoDB table: its storage hosts, each partition's group of 3 replicas
// in the region's 3 replica AZs, and the request routers in front. A one-region table is one copy;
// a global table (global_table_azs) has one more per replica region, each a full copy with its
// own partitions, leaders, routers and capacity, tied to the others only by replication
// (global-replication.ts, strong-replication.ts).
// Models: building the copy's nodes in the outline's order, the replicas' groups (log trim,
// membership, the hosts a log replica may go to), the first leaders, and leader announcements to
// the copy's own routers. Leaves out: DAX and the GSI in replica regions (refused with global
// tables), and per-region capacity settings (every copy gets the table's).

import type { NodeOutline } from '../engine.ts';
import type { Sim } from '../../sim/sim.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DynamoOptions } from './options.ts';
import { StorageHost } from './storage-host.ts';
import { Replica, type ReplicaParts } from './replica.ts';
import type { ReplicaHost } from './replica-host.ts';
import { GroupMembership, type PartitionGroup } from './group-membership.ts';
import { LogReplica } from './log-replica.ts';
import { ANNOUNCE_BYTES } from './leader.ts';
import { LogTrim } from './log-trim.ts';
import type { ReplicaRef } from './messages.ts';
import { Router, type RouterParts } from './router.ts';

export interface RegionCopyParts {
  sim: Sim;
  opts: DynamoOptions;
  /** The region's name ('' for a one-region table) and its index (0 = home): a write stamp's tie-break. */
  region: string;
  regionIndex: number;
  /** This copy's nodes as the outline lays them out (storage, replicas, routers). */
  outline: readonly NodeOutline[];
  /** The region's 3 replica AZs, in order. */
  replicaAzs: readonly string[];
  events: readonly DomainEvents[];
  rngOf(nodeName: string): Rng;
  lag(replica: string, lagUs: number): void;
  /** Per partition: what else the replicas are told (commits to feed, the global hooks). */
  replicaExtras(partition: number): Partial<ReplicaParts>;
  /** A value no failure can lose any more (null: never reported, as with global tables). */
  durable: ((value: number) => void) | null;
  /** What every router of the copy shares besides its own node and stream. */
  routerParts: Omit<RouterParts, 'rng' | 'partitions' | 'opts' | 'network' | 'now' | 'events'>;
}

export class RegionCopy {
  readonly hosts: StorageHost[] = [];
  /** The replicas of each partition, in replica-AZ order. */
  readonly partitions: Replica[][] = [];
  readonly routers: Router[] = [];
  private readonly firstLeaders: number[] = [];

  constructor(readonly parts: RegionCopyParts) {
    const { sim, opts: o, outline } = parts;
    const { network, now } = sim;
    const create = (n: NodeOutline) => sim.createNode(n.name, n.az, [...n.roles]);
    const withRole = (...roles: string[]) => outline.filter((n) => roles.includes(n.roles[0]));
    const hostsByAz = parts.replicaAzs.map((az) =>
      withRole('storage').filter((n) => n.az === az).map((n) => {
        const node = create(n);
        const host = new StorageHost(node, { opts: o, now, rng: parts.rngOf(node.name) });
        this.hosts.push(host);
        return host;
      }),
    );
    const announce = (r: Replica) => this.announce(r);
    const groups: NodeOutline[][] = Array.from({ length: o.partitions }, () => []);
    for (const n of withRole('leader', 'follower')) groups[n.labels.partition].push(n);
    for (let p = 0; p < o.partitions; p++) {
      const termLeaders = new Map<number, ReplicaRef>();
      this.firstLeaders.push(groups[p].findIndex((n) => n.roles[0] === 'leader'));
      // A group's replicas follow the replica AZs' order, so the j-th sits on a host of the j-th AZ.
      const group = groups[p].map((n, j) => {
        const node = create(n);
        return new Replica({ opts: o, network, now, rng: parts.rngOf(node.name), events: parts.events[p], termLeaders, lag: parts.lag, announce, ...parts.replicaExtras(p) }, p, hostsByAz[j][p % o.storageNodesPerAz], node);
      });
      const shared = this.groupOf(group, hostsByAz);
      for (const r of group) r.joinGroup(group.filter((x) => x !== r), shared);
      this.partitions.push(group);
    }
    const routerParts = { ...parts.routerParts, opts: o, network, now, partitions: this.partitions, events: parts.events };
    for (const n of withRole('router')) {
      const node = create(n);
      this.routers.push(new Router({ ...routerParts, rng: parts.rngOf(node.name) }, node));
    }
  }

  /** What a partition's replicas share: the log trim, the membership, and the hosts a log replica may go to. */
  private groupOf(group: Replica[], hostsByAz: StorageHost[][]): PartitionGroup {
    const durable = this.parts.durable;
    // A global table keeps its whole logs: a value every replica of one region applied may still
    // be lost to another region's newer write, so nothing is reported durable or dropped.
    const trim = durable === null ? new LogTrim(() => {}, () => Infinity) : new LogTrim(durable);
    trim.of(group);
    const used = new Set<ReplicaHost>(group.map((r) => r.host));
    return {
      trim,
      membership: new GroupMembership(),
      // In the replaced replica's AZ only: the group keeps one member in each AZ.
      newLogReplica: (leader, replaced) => {
        const az = group.findIndex((r) => r === replaced);
        const host = az < 0 ? undefined : hostsByAz[az].find((h) => !used.has(h) && h.node.state === 'up');
        return host === undefined ? null : new LogReplica(`p${group[0].partition}-log-${host.node.name}`, host, this.parts.sim.network, this.parts.opts, leader);
      },
    };
  }

  /** The copy's first leaders: spread over the AZs, their leases granted with the table. */
  bootstrap(): void {
    this.partitions.forEach((group, p) => {
      const leader = group[this.firstLeaders[p]];
      for (const r of group) r.startWith(leader);
      leader.leadFromStart();
      for (const router of this.routers) router.learnInitial(leader.partition, leader.term, leader);
    });
  }

  /** A leader that started serving tells every router of its copy. */
  announce(r: Replica): void {
    for (const router of this.routers) this.parts.sim.network.send(r.node, router.node, ANNOUNCE_BYTES, router.onAnnounce, { partition: r.partition, term: r.term, leader: r });
  }

  /** The partition's authoritative replica: its serving leader, else the most up to date. */
  authoritative(partition: number): Replica {
    const group = this.partitions[partition];
    let best = group[0];
    const rank = (x: Replica) => (x.role === 'leader' && x.leaderState !== null ? 1 : 0);
    for (const r of group) {
      const better = rank(r) > rank(best) || (rank(r) === rank(best) && (r.term > best.term || (r.term === best.term && r.log.persisted > best.log.persisted)));
      if (better) best = r;
    }
    return best;
  }

  /** The durable values of each key in the partition's authoritative log, in log order. */
  durableValues(partition: number): Map<number, number[]> {
    const best = this.authoritative(partition);
    const byKey = new Map<number, number[]>();
    // Records below the log's base were reported durable as they were dropped (log-trim.ts).
    for (const rec of best.log.records.slice(0, best.log.persisted - best.log.base)) {
      if (rec.keyIndex < 0) continue;
      let list = byKey.get(rec.keyIndex);
      if (list === undefined) byKey.set(rec.keyIndex, (list = []));
      list.push(rec.value);
    }
    return byKey;
  }
}
