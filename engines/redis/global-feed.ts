// The primary cluster's side of a Global Datastore's replication: every entry a shard primary
// appends goes to its shard's secondary node over the inter-region link (no acknowledgement is
// waited for), and a secondary node that found a gap (an entry lost to a partition, its own
// restart, a new primary's branch after a failover in the primary region) asks the primary that
// sent the entry for a full resynchronisation: a snapshot of its dataset, sent after
// `full_sync` + size / `full_sync_rate` (as a replica's full resync), with the entries the
// primary appended meanwhile.
// Leaves out: partial resynchronisation from a backlog (every resync of a secondary is full), and
// cross-region transfer limits.

import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { sampler, type Sampler } from '../../sim/distribution.ts';
import { ITEM_OVERHEAD_BYTES, type Keyspace } from './keyspace.ts';
import { entriesSince, offsetOf, type ReplEntry } from './repl-log.ts';
import { SMALL_BYTES } from './messages.ts';
import type { RedisOptions } from './options.ts';

/** A node of the primary cluster, as the feed reads it. */
export interface FeedSource {
  readonly idx: number;
  readonly name: string;
  readonly node: SimNode;
  readonly role: 'primary' | 'replica';
  readonly head: ReplEntry | null;
  readonly data: Keyspace;
}

/** An entry of a shard primary's stream, as it crosses to the secondary. */
export interface FeedMessage {
  from: number;
  entry: ReplEntry;
}

/** A full resynchronisation: the primary's dataset at `head`, then what it appended since. */
export interface GlobalSnapshot {
  head: ReplEntry | null;
  items: { key: number; value: number; sizeBytes: number }[];
  since: ReplEntry[];
}

/** A secondary node, as the feed reaches it. */
export interface FeedTarget {
  readonly name: string;
  readonly node: SimNode;
  readonly onFeed: (m: FeedMessage) => void;
  readonly onSnapshot: (s: GlobalSnapshot) => void;
}

export interface GlobalFeedParts {
  network: Network;
  rng: Rng;
  opts: Pick<RedisOptions, 'fullSync' | 'fullSyncBytesPerS'>;
  /** The primary cluster's nodes, by index. */
  sources: readonly FeedSource[];
  /** Bound to the secondary node's shard. */
  events(shard: number): DomainEvents;
}

export class GlobalFeed {
  private readonly fullSyncBase: Sampler;

  constructor(private readonly parts: GlobalFeedParts) {
    this.fullSyncBase = sampler(parts.opts.fullSync, parts.rng);
  }

  /** A shard primary appended `e`: it crosses to `to` (bytes: the entry's share of the stream). */
  appended(from: FeedSource, e: ReplEntry, to: FeedTarget): void {
    this.parts.network.send(from.node, to.node, e.offset - offsetOf(e.prev), to.onFeed, { from: from.idx, entry: e } satisfies FeedMessage);
  }

  /** `to` (of `shard`) asks node `from` for a full resynchronisation; the request crosses the link too. */
  resync(from: number, to: FeedTarget, shard: number): void {
    const { network, sources, opts } = this.parts;
    const src = sources[from];
    network.send(to.node, src.node, SMALL_BYTES, () => {
      // No longer a primary: nothing is sent, and the secondary asks again with a later entry.
      if (src.role !== 'primary') return;
      const head = src.head;
      const items = [...src.data.values()].map((i) => ({ key: i.key, value: i.value, sizeBytes: i.bytes - ITEM_OVERHEAD_BYTES })).sort((a, b) => a.key - b.key);
      const bytes = src.data.usedBytes;
      this.parts.events(shard)('full-sync', to.name, `global datastore: from ${src.name}, ${items.length} keys, ${bytes} bytes`);
      src.node.defer(Math.round(this.fullSyncBase() + (bytes / opts.fullSyncBytesPerS) * 1e6), () => {
        const since = src.role === 'primary' ? entriesSince(src.head, head, Infinity) : null;
        if (since === null) return;
        network.send(src.node, to.node, SMALL_BYTES + bytes + offsetOf(src.head) - offsetOf(head), to.onSnapshot, { head, items, since } satisfies GlobalSnapshot);
      });
    });
  }
}
