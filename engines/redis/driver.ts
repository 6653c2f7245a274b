// A cluster-aware client (as Lettuce or redis-py-cluster): it keeps a slot map (each shard's
// primary and replicas), sends each command to the node serving the key's slot (`strong` reads
// and writes to the primary, `eventual` reads to a replica over READONLY, its own AZ's first),
// follows MOVED redirections (up to 5) and updates the map with them. After a timeout or a
// CLUSTERDOWN it marks the map stale, and the next attempt first asks a node for CLUSTER SLOTS
// (nodes in turn, starting from one per client), which is how it learns of a failover.
// Leaves out: connection pools and handshakes, ASK redirections (no resharding), periodic
// topology refresh, and pipelining.

import { call, type Call } from '../../sim/rpc.ts';
import type { SimClient } from '../../sim/client.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { Attempt, Driver } from '../../sim/operation.ts';
import { COMMAND_OVERHEAD_BYTES, SMALL_BYTES, type Command, type CommandReply, type SlotsReply } from './messages.ts';

/** Redirections followed within one attempt (redis-cli and most clients stop at 5). */
export const MAX_REDIRECTS = 5;

/** A node, as a client reaches it. */
export interface CommandTarget {
  readonly node: SimNode;
  readonly onCommand: (c: Call<Command, CommandReply>) => void;
  readonly onSlots: (c: Call<null, SlotsReply>) => void;
}

export interface DriverParts {
  network: Network;
  /** Every node of the cluster, by index. */
  nodes: readonly CommandTarget[];
  /** The shard whose slots hold the key. */
  shardOfKey(keyIndex: number): number;
  /** The slot map a client learns when it starts (CLUSTER SLOTS at connect time). */
  initialTopology(): SlotsReply;
}

export class RedisDriver implements Driver {
  private primaries: number[];
  private replicas: number[][];
  private stale = false;
  private seed: number;

  constructor(
    private readonly parts: DriverParts,
    private readonly client: SimClient,
  ) {
    const t = parts.initialTopology();
    this.primaries = t.primaries;
    this.replicas = t.replicas;
    this.seed = client.index % parts.nodes.length;
  }

  start(a: Attempt): void {
    if (this.stale) this.refresh(a);
    else this.send(a, -1, 0);
  }

  abandon(): void {
    this.stale = true;
    this.seed = (this.seed + 1) % this.parts.nodes.length;
  }

  /** CLUSTER SLOTS from the next node, then the command. */
  private refresh(a: Attempt): void {
    const target = this.parts.nodes[this.seed];
    call<null, SlotsReply>(this.parts.network, this.client, target.node, SMALL_BYTES, target.onSlots, null, (r) => {
      this.primaries = r.primaries;
      this.replicas = r.replicas;
      this.stale = false;
      if (!a.finished) this.send(a, -1, 0);
    });
  }

  /** A replica of the shard in the client's AZ, else any replica, else the primary. */
  private replicaFor(shard: number): number {
    const reps = this.replicas[shard];
    for (const r of reps) if (this.parts.nodes[r].node.az === this.client.az) return r;
    return reps.length > 0 ? reps[0] : this.primaries[shard];
  }

  private send(a: Attempt, to: number, redirects: number): void {
    const op = a.op;
    const shard = this.parts.shardOfKey(op.keyIndex);
    const readonly = op.kind === 'read' && op.consistency === 'eventual';
    const target = this.parts.nodes[to >= 0 ? to : readonly ? this.replicaFor(shard) : this.primaries[shard]];
    a.sent = true;
    const bytes = COMMAND_OVERHEAD_BYTES + (op.kind === 'write' && op.value !== null ? op.sizeBytes : 0);
    call<Command, CommandReply>(this.parts.network, this.client, target.node, bytes, target.onCommand, { op, readonly }, (reply) => {
      if (a.finished) return;
      if (reply.ok) return a.finish(reply);
      if (reply.movedTo !== undefined) {
        this.primaries[shard] = reply.movedTo;
        if (redirects >= MAX_REDIRECTS) return a.finish({ ok: false, error: 'too-many-redirects', maybeApplied: false });
        return this.send(a, reply.movedTo, redirects + 1);
      }
      if (reply.error === 'clusterdown') this.stale = true;
      a.finish({ ok: false, error: reply.error, maybeApplied: reply.maybeApplied });
    });
  }
}
