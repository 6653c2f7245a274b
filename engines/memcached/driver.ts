// A memcached client (libmemcached with ketama, as php-memcached and pylibmc use it): each key
// goes to the node the ketama ring gives (ketama-ring.ts); one command, one node, no retry on
// another. Failure handling is libmemcached's: a command the application gave up on (the cache
// timeout) counts a failure of its node; `failure_limit` failures in a row mark the node failed,
// and for `retry_timeout` after that this client sends it nothing: a command for one of its keys
// fails at once (SERVER HAS FAILED AND IS DISABLED UNTIL TIMED RETRY), which cache-aside reads as
// a miss. Then commands go to it again; a success clears its failures, another failure (the
// count is still at the limit) marks it failed again. With `remove_failed` a failed node also
// leaves this client's ring while it is marked, so its keys move to the other nodes (cold there:
// misses until filled) and come back when it is tried again. Each client keeps its own counts
// and marks: clients notice a failure separately, each after its own `failure_limit` timeouts.
// Leaves out: connect timeouts distinct from command timeouts, and replicas (libmemcached's
// number_of_replicas).

import { call } from '../../sim/rpc.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Network } from '../../sim/network.ts';
import type { Attempt, Driver, Operation } from '../../sim/operation.ts';
import type { KetamaRing } from './ketama-ring.ts';
import { COMMAND_OVERHEAD_BYTES, type MemcachedCounter, type MemcachedNode, type McReply } from './memcached-node.ts';
import type { MemcachedOptions } from './options.ts';

export interface DriverParts {
  opts: Pick<MemcachedOptions, 'failureLimit' | 'retryTimeoutUs' | 'removeFailed'>;
  network: Network;
  now(): number;
  nodes: readonly MemcachedNode[];
  /** The ring of the nodes whose flag is true (shared by every client with the same view). */
  ringOf(live: readonly boolean[]): KetamaRing;
  /** The key's point on the ring. */
  keyPoint(keyIndex: number): number;
  count(counter: MemcachedCounter, amount: number): void;
}

/** What an attempt sent: the node, while its reply is awaited. */
interface Sent {
  node: number;
  answered: boolean;
}

export class MemcachedDriver implements Driver {
  private readonly failures: number[];
  /** True time until which the node is marked failed (0: never marked). */
  private readonly failedUntilUs: number[];
  private ring: KetamaRing;
  /** With remove_failed: when a marked node is due back in the ring (Infinity: none marked). */
  private ringValidUntilUs = Infinity;

  constructor(
    private readonly parts: DriverParts,
    private readonly client: SimClient,
  ) {
    const n = parts.nodes.length;
    this.failures = new Array<number>(n).fill(0);
    this.failedUntilUs = new Array<number>(n).fill(0);
    this.ring = parts.ringOf(new Array<boolean>(n).fill(true));
  }

  start(a: Attempt): void {
    const now = this.parts.now();
    const node = this.currentRing(now).serverFor(this.parts.keyPoint(a.op.keyIndex));
    if (node < 0) return a.finish({ ok: false, error: 'no-servers', maybeApplied: false });
    if (now < this.failedUntilUs[node]) return a.finish({ ok: false, error: 'server-marked-failed', maybeApplied: false });
    const target = this.parts.nodes[node];
    const sent: Sent = { node, answered: false };
    a.scratch = sent;
    a.sent = true;
    const op: Operation = a.op;
    const bytes = COMMAND_OVERHEAD_BYTES + op.key.length + (op.kind === 'write' && op.value !== null ? op.sizeBytes : 0);
    call<Operation, McReply>(this.parts.network, this.client, target.node, bytes, target.onCommand, op, (reply) => {
      sent.answered = true;
      this.failures[node] = 0;
      this.failedUntilUs[node] = 0;
      if (!a.finished) a.finish(reply);
    });
  }

  /** The application stopped waiting: a failure of the node the command went to. */
  abandon(a: Attempt): void {
    const sent = a.scratch as Sent | undefined;
    if (sent === undefined || sent.answered) return;
    sent.answered = true;
    const node = sent.node;
    this.failures[node]++;
    if (this.failures[node] < this.parts.opts.failureLimit) return;
    const now = this.parts.now();
    if (now < this.failedUntilUs[node]) return; // already marked by an earlier command's timeout
    this.failedUntilUs[node] = now + this.parts.opts.retryTimeoutUs;
    this.parts.count('node_marked_failed', 1);
    if (this.parts.opts.removeFailed) this.ringValidUntilUs = 0;
  }

  /** The ring this client hashes with now: every node, or (remove_failed) those not marked failed. */
  private currentRing(now: number): KetamaRing {
    if (!this.parts.opts.removeFailed || now < this.ringValidUntilUs) return this.ring;
    const live = this.failedUntilUs.map((until) => now >= until);
    this.ring = this.parts.ringOf(live);
    this.ringValidUntilUs = Math.min(Infinity, ...this.failedUntilUs.filter((until) => until > now));
    return this.ring;
  }
}
