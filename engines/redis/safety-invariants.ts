// The Redis Cluster engine's safety properties, checked while the simulation runs (a broken one
// throws SimInvariantError: exit 3 with the seed). The record here is the simulator's, outside
// every node: what each primary voted and which replica each election made primary, however
// the nodes' own state was lost or corrupted. Each check is O(1).
//   one vote per epoch        a primary grants at most one FAILOVER_AUTH_ACK per epoch
//   one winner per slot epoch an election wins a shard's slots under a config epoch no other
//                             node of the cluster won that shard with
//   chain                     a replica's head moves only along its primary's chain (an entry
//                             applied extends the head it had); a full resync replaces it whole
// Leaves out: CLUSTER FAILOVER TAKEOVER (ElastiCache's control plane): it bumps the epoch with no
// votes, so two takeovers can pick the same epoch, which real Redis resolves by config epoch
// collision handling (not modelled): the one-winner check covers elections only.

import { invariant } from '../../sim/invariant.ts';
import { offsetOf, type ReplEntry } from './repl-log.ts';

/** A node as the ledger names it. */
export interface LedgerNode {
  readonly idx: number;
  readonly name: string;
  readonly shard: number;
}

export class SafetyLedger {
  /** Per node: the last epoch it voted in (0: never). */
  private readonly votedEpoch: number[];
  /** Per shard: config epoch -> the node that won the shard's slots with it. */
  private readonly winners: Map<number, number>[];

  /** `names`: every node's name, by index. */
  constructor(
    private readonly names: readonly string[],
    initialOwners: readonly number[],
    initialEpochs: readonly number[],
  ) {
    this.votedEpoch = new Array<number>(names.length).fill(0);
    this.winners = initialOwners.map((owner, s) => new Map([[initialEpochs[s], owner]]));
  }

  /** Primary `n` grants its vote in `epoch`. */
  vote(n: LedgerNode, epoch: number): void {
    const last = this.votedEpoch[n.idx];
    if (!(epoch > last)) invariant(false, `redis: ${n.name} votes in epoch ${epoch} after voting in epoch ${last}`);
    this.votedEpoch[n.idx] = epoch;
  }

  /** Replica `n` won an election for its shard's slots under `epoch`. */
  elected(n: LedgerNode, epoch: number): void {
    const won = this.winners[n.shard];
    const earlier = won.get(epoch);
    if (earlier !== undefined && earlier !== n.idx) invariant(false, `redis: shard ${n.shard} won twice under config epoch ${epoch}: by ${this.names[earlier]} and ${n.name}`);
    won.set(epoch, n.idx);
  }
}

/** Replica `name`, whose head is `head`, applies `e` from its primary's stream. */
export function checkChainStep(name: string, head: ReplEntry | null, e: ReplEntry): void {
  if (e.prev !== head) invariant(false, `redis: ${name} applies the entry at offset ${e.offset}, which does not extend its head at offset ${offsetOf(head)}`);
}
