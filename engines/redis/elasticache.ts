// ElastiCache Multi-AZ automatic failover (REFERENCE-FIGURES.md D #79-#80), the documented
// equivalent of `engine.type: redis-cluster` with `elasticache: true`: the replicas do not elect
// themselves; a managed control plane outside the AZs polls every node each `ec_poll_interval`
// for its FAIL flags and replication offset. When a node reports a slot-serving primary FAIL
// (the cluster's own detection: node_timeout and a majority of primaries), the control plane
// picks that primary's replica with the highest offset among those that answered its last polls
// (the least-lagged one), and after `ec_promotion` tells it to take over (CLUSTER FAILOVER
// TAKEOVER: a new config epoch without votes). AWS publishes no detection time and no numeric
// bound for the promotion ("typically just a few seconds", N5.6): both defaults are modelling
// choices.
// Leaves out: launching a replacement replica (the failed node rejoins as a replica when it comes
// back), DNS endpoints of cluster-mode-disabled groups, and the TestFailover API quota.

import { call, type Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import { SMALL_BYTES } from './messages.ts';
import type { RedisCluster } from './cluster.ts';

/** What a node tells the control plane about itself and its view. */
export interface NodeStatus {
  role: 'primary' | 'replica';
  primaryOf: number;
  offset: number;
  /** Each shard's primary in its view, and those of them it flags FAIL. */
  owners: number[];
  failed: number[];
}

export class ElastiCacheControlPlane {
  readonly node: SimNode;
  private readonly latest: ({ at: number } & NodeStatus)[] = [];
  /** Shards with a failover under way, until when (true time). */
  private readonly inProgress = new Map<number, number>();
  private readonly promotion: Sampler;

  constructor(private readonly cluster: RedisCluster) {
    const sim = cluster.sim;
    this.node = sim.createNode('elasticache-control-plane', 'control-plane', ['control-plane']);
    this.promotion = sampler(cluster.opts.ecPromotion, sim.rng('engine/redis/elasticache-control-plane'));
  }

  start(): void {
    this.node.setTimer(this.cluster.opts.ecPollIntervalUs, this.poll);
  }

  private readonly poll = (): void => {
    const c = this.cluster;
    c.members.forEach((rn, idx) => {
      call<null, NodeStatus>(c.sim.network, this.node, rn.node, SMALL_BYTES, rn.onStatus, null, (s) => this.onStatus(idx, s));
    });
    this.node.setTimer(c.opts.ecPollIntervalUs, this.poll);
  };

  private onStatus(idx: number, s: NodeStatus): void {
    const c = this.cluster;
    const now = c.sim.scheduler.now;
    this.latest[idx] = { at: now, ...s };
    for (const failed of s.failed) {
      const shard = s.owners.indexOf(failed);
      if (shard < 0 || (this.inProgress.get(shard) ?? -Infinity) > now) continue;
      const fresh = now - 2 * c.opts.ecPollIntervalUs;
      let best = -1;
      for (let j = 0; j < this.latest.length; j++) {
        const st = this.latest[j];
        if (st === undefined || st.at < fresh || st.role !== 'replica' || st.primaryOf !== failed) continue;
        if (best < 0 || st.offset > this.latest[best].offset) best = j;
      }
      if (best < 0) continue;
      this.inProgress.set(shard, now + 2 * c.opts.nodeTimeoutUs);
      const target = c.members[best];
      const lag = this.latest.filter((x, j) => x !== undefined && j !== best && x.role === 'replica' && x.primaryOf === failed).map((x) => target.offset - x.offset);
      c.sim.events.emit('failover-started', {
        node: target.name,
        domain: `shard-${shard}`,
        detail: `${c.members[failed].name} is FAIL; promoting its least-lagged replica ${target.name} (offset ${this.latest[best].offset}${lag.length > 0 ? `, ahead of the others by ${lag.join(', ')} bytes` : ''})`,
      });
      this.node.defer(Math.round(this.promotion()), () => {
        const why = `ElastiCache control plane: takeover of shard ${shard} from ${c.members[failed].name}`;
        c.sim.network.send(this.node, target.node, SMALL_BYTES, target.onTakeover, why);
      });
    }
  }
}

/** The node side of a status poll. */
export function statusOf(rn: { role: 'primary' | 'replica'; primaryOf: number; offset: number; view: { owner: Int32Array; peers: readonly { fail: boolean }[] } }): NodeStatus {
  const owners = Array.from(rn.view.owner);
  return { role: rn.role, primaryOf: rn.primaryOf, offset: rn.offset, owners, failed: owners.filter((o) => rn.view.peers[o].fail) };
}

export type StatusCall = Call<null, NodeStatus>;
