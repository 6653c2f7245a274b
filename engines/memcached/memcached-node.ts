// One memcached server: worker threads (`service`) running GET, SET and DELETE against its slab
// store (slab-store.ts). A write of a value is a SET with the TTL (`key_ttl`), a write of null a
// DELETE, a read a GET. A SET that finds no room answers SERVER_ERROR (out of memory, or an item
// larger than a page) and stores nothing.
// Crash: memcached keeps nothing on disk, so a restarted node (or ElastiCache's replacement of a
// failed one, which keeps its endpoint) comes back empty and fills again from the application's
// misses. Nodes do not talk to each other: there is no replication and no cluster membership.
// Leaves out: multi-get, CAS, incr/decr, append, and the connection handling of the threads.

import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Rng } from '../../sim/rng.ts';
import type { Operation } from '../../sim/operation.ts';
import { ServiceQueue } from '../../sim/service-queue.ts';
import { sampler } from '../../sim/distribution.ts';
import { itemBytes, SlabStore, type SlabConfig } from './slab-store.ts';
import type { MemcachedOptions } from './options.ts';

/** Protocol overhead of a command or a reply besides the value (text protocol line, CRLFs). */
export const COMMAND_OVERHEAD_BYTES = 40;
export const REPLY_OVERHEAD_BYTES = 16;

export type MemcachedCounter = 'evictions' | 'expired_keys' | 'node_marked_failed';

export type McReply = { ok: true; value: number | null } | { ok: false; error: string; maybeApplied: boolean };

export type McCall = Call<Operation, McReply>;

export interface MemcachedNodeParts {
  opts: Pick<MemcachedOptions, 'service' | 'keyTtlUs' | 'memoryBytes' | 'slabPageBytes' | 'growthFactor' | 'chunkMinBytes'>;
  rng: Rng;
  count(counter: MemcachedCounter, amount: number): void;
}

export class MemcachedNode {
  store: SlabStore;
  private readonly slabs: SlabConfig;
  private readonly service: ServiceQueue;

  constructor(
    private readonly parts: MemcachedNodeParts,
    readonly node: SimNode,
    readonly idx: number,
  ) {
    const o = parts.opts;
    this.slabs = { memoryBytes: o.memoryBytes, pageBytes: o.slabPageBytes, growthFactor: o.growthFactor, chunkMinBytes: o.chunkMinBytes };
    this.store = new SlabStore(this.slabs);
    this.service = new ServiceQueue(node, o.service.workers, sampler(o.service.time, parts.rng));
    node.hooks = { onCrash: () => (this.store = new SlabStore(this.slabs)) };
  }

  get name(): string {
    return this.node.name;
  }

  readonly onCommand = (c: McCall): void => {
    this.service.submit(this.serve, c);
  };

  private readonly serve = (c: McCall): void => {
    const op = c.req;
    const now = this.node.localNow();
    if (op.kind === 'read') {
      const v = this.store.get(op.keyIndex, now);
      if (v === 'expired') this.parts.count('expired_keys', 1);
      const value = v === 'expired' ? null : v;
      return c.respond(REPLY_OVERHEAD_BYTES + (value === null ? 0 : op.sizeBytes), { ok: true, value });
    }
    if (op.value === null) {
      this.store.delete(op.keyIndex);
      return c.respond(REPLY_OVERHEAD_BYTES, { ok: true, value: null });
    }
    const ttl = this.parts.opts.keyTtlUs;
    const r = this.store.set(op.keyIndex, op.value, itemBytes(op.key.length, op.sizeBytes), ttl > 0 ? now + ttl : -1);
    if (!r.stored) return c.respond(REPLY_OVERHEAD_BYTES, { ok: false, error: r.why === 'too-large' ? 'object-too-large' : 'out-of-memory', maybeApplied: false });
    if (r.evicted > 0) this.parts.count('evictions', r.evicted);
    c.respond(REPLY_OVERHEAD_BYTES, { ok: true, value: null });
  };
}
