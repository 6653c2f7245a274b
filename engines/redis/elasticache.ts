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
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import { SMALL_BYTES } from './messages.ts';
import type { RedisOptions } from './options.ts';

/** What a node tells the control plane about itself and its view. */
export interface NodeStatus {
  role: 'primary' | 'replica';
  primaryOf: number;
  offset: number;
  /** Each shard's primary in its view, and those of them it flags FAIL. */
  owners: number[];
  failed: number[];
}


/** A node, as the control plane polls it and orders it to take over. */
export interface ManagedNode {
  readonly name: string;
  readonly node: SimNode;
  readonly onStatus: (c: StatusCall) => void;
  readonly onTakeover: (why: string) => void;
}

export interface ControlPlaneParts {
  opts: Pick<RedisOptions, 'ecPollIntervalUs' | 'ecPromotion' | 'nodeTimeoutUs'>;
  /** The control plane's host, outside the AZs. */
  node: SimNode;
  network: Network;
  rng: Rng;
  /** True time. */
  now: () => number;
  /** One emitter per shard, by shard index. */
  shardEvents: readonly DomainEvents[];
  /** Every node of the cluster, by index. */
  nodes: readonly ManagedNode[];
}

export class ElastiCacheControlPlane {
  private readonly latest: ({ at: number } & NodeStatus)[] = [];
  /** Shards with a failover under way, until when (true time). */
  private readonly inProgress = new Map<number, number>();
  private readonly promotion: Sampler;
  private readonly opts: ControlPlaneParts['opts'];

  constructor(private readonly parts: ControlPlaneParts) {
    this.opts = parts.opts;
    this.promotion = sampler(parts.opts.ecPromotion, parts.rng);
  }

  start(): void {
    this.parts.node.setTimer(this.opts.ecPollIntervalUs, this.poll);
  }

  private readonly poll = (): void => {
    const { network, node } = this.parts;
    this.parts.nodes.forEach((rn, idx) => {
      call<null, NodeStatus>(network, node, rn.node, SMALL_BYTES, rn.onStatus, null, (s) => this.onStatus(idx, s));
    });
    node.setTimer(this.opts.ecPollIntervalUs, this.poll);
  };

  private onStatus(idx: number, s: NodeStatus): void {
    const { nodes, network, node } = this.parts;
    const now = this.parts.now();
    this.latest[idx] = { at: now, ...s };
    for (const failed of s.failed) {
      const shard = s.owners.indexOf(failed);
      if (shard < 0 || (this.inProgress.get(shard) ?? -Infinity) > now) continue;
      const fresh = now - 2 * this.opts.ecPollIntervalUs;
      let best = -1;
      for (let j = 0; j < this.latest.length; j++) {
        const st = this.latest[j];
        if (st === undefined || st.at < fresh || st.role !== 'replica' || st.primaryOf !== failed) continue;
        if (best < 0 || st.offset > this.latest[best].offset) best = j;
      }
      if (best < 0) continue;
      this.inProgress.set(shard, now + 2 * this.opts.nodeTimeoutUs);
      const target = nodes[best];
      // How far ahead it is, by the offsets the replicas last reported (the control plane knows no other).
      const ahead = this.latest[best].offset;
      const lag = this.latest.filter((x, j) => x !== undefined && j !== best && x.role === 'replica' && x.primaryOf === failed).map((x) => ahead - x.offset);
      this.parts.shardEvents[shard](
        'failover-started',
        target.name,
        `${nodes[failed].name} is FAIL; promoting its least-lagged replica ${target.name} (offset ${this.latest[best].offset}${lag.length > 0 ? `, ahead of the others by ${lag.join(', ')} bytes` : ''})`,
      );
      node.defer(Math.round(this.promotion()), () => {
        const why = `ElastiCache control plane: takeover of shard ${shard} from ${nodes[failed].name}`;
        network.send(node, target.node, SMALL_BYTES, target.onTakeover, why);
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
