// The client of an application in a Global Datastore's secondary region: eventual reads go to its
// own region's secondary node of the key's shard (local latency, stale by the replication lag);
// writes and strong reads go to the primary cluster across regions, through the ordinary
// cluster-aware driver (driver.ts). After an attempt to the primary region times out, the next
// write first asks its region's secondary node of that shard for its ROLE: once it answers
// primary (the global datastore failed over to this region), every command goes to the local
// node. That stands for the application switching its write endpoint to the promoted cluster's
// (its own check of the endpoint's role, as a Redis client does after a failover).
// Leaves out: DNS for the endpoints (the ROLE check is the switch), and switching back.

import { call } from '../../sim/rpc.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Network } from '../../sim/network.ts';
import type { Attempt, Driver } from '../../sim/operation.ts';
import { COMMAND_OVERHEAD_BYTES, SMALL_BYTES, type Command, type CommandReply } from './messages.ts';
import type { GlobalRole, GlobalShard } from './global-datastore.ts';

export interface GlobalDriverParts {
  network: Network;
  /** The secondary cluster's nodes, by shard. */
  shards: readonly GlobalShard[];
  shardOfKey(keyIndex: number): number;
}

export class GlobalDriver implements Driver {
  /** The local cluster answered primary: it takes every command. */
  private promoted = false;
  /** An attempt to the primary region timed out: check the local role before the next write. */
  private doubt = false;

  constructor(
    private readonly parts: GlobalDriverParts,
    private readonly client: SimClient,
    /** The cluster-aware driver to the primary cluster. */
    private readonly primary: Driver,
  ) {}

  start(a: Attempt): void {
    const op = a.op;
    const local = this.parts.shards[this.parts.shardOfKey(op.keyIndex)];
    if (this.promoted || (op.kind === 'read' && op.consistency === 'eventual')) return this.send(a, local);
    if (!this.doubt) return this.toPrimary(a);
    call<null, GlobalRole>(this.parts.network, this.client, local.node, SMALL_BYTES, local.onRole, null, (role) => {
      this.doubt = false;
      if (role === 'primary') this.promoted = true;
      if (a.finished) return;
      if (this.promoted) this.send(a, local);
      else this.toPrimary(a);
    });
  }

  private toPrimary(a: Attempt): void {
    a.scratch = this.primary;
    this.primary.start(a);
  }

  abandon(a: Attempt): void {
    if (a.scratch !== this.primary) return;
    this.primary.abandon(a);
    this.doubt = true;
  }

  private send(a: Attempt, to: GlobalShard): void {
    const op = a.op;
    a.sent = true;
    a.scratch = to;
    const bytes = COMMAND_OVERHEAD_BYTES + (op.kind === 'write' && op.value !== null ? op.sizeBytes : 0);
    call<Command, CommandReply>(this.parts.network, this.client, to.node, bytes, to.onCommand, { op, readonly: true }, (reply) => {
      if (reply.ok) return a.finish(reply);
      a.finish({ ok: false, error: reply.error, maybeApplied: reply.maybeApplied });
    });
  }
}
