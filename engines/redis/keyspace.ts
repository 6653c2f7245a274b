// One node's dataset: keys with values, TTLs and LRU access times, and the memory they take.
// Models: `maxmemory` with approximated LRU (REFERENCE-FIGURES.md D, DESIGN.md section 4): to
// free memory a primary samples `maxmemory_samples` keys at random (among keys with a TTL for
// volatile-lru, among all keys for allkeys-lru) and evicts the least recently used of them;
// TTLs on the node's local clock, expired lazily on access and by an active sampling cycle.
// Memory per key = its value's size + ITEM_OVERHEAD_BYTES (dict entry, object and key headers).
// Leaves out: Redis's eviction pool (16 best candidates kept across rounds), LFU policies, and
// memory that is not keys (client buffers, the replication backlog).

import type { Rng } from '../../sim/rng.ts';

/** Bytes a key costs besides its value: dict entry, robj, key sds, expires entry (approximate). */
export const ITEM_OVERHEAD_BYTES = 80;

export interface Item {
  readonly key: number;
  value: number;
  bytes: number;
  /** Local time the key expires at, or -1 for no TTL. */
  expireAtLocal: number;
  lastAccessLocal: number;
  /** Position in the all-keys array, and in the volatile-keys array (-1 when no TTL). */
  posAll: number;
  posVolatile: number;
}

// Invariant: usedBytes is the sum of the items' bytes; all[i].posAll === i, volatile[i].posVolatile === i.
export class Keyspace {
  private readonly items = new Map<number, Item>();
  private readonly all: Item[] = [];
  private readonly volatile: Item[] = [];
  usedBytes = 0;

  get size(): number {
    return this.items.size;
  }

  /** The item without any expiry check (callers decide what an expired key means). */
  peek(key: number): Item | undefined {
    return this.items.get(key);
  }

  set(key: number, value: number, sizeBytes: number, expireAtLocal: number, nowLocal: number): void {
    let item = this.items.get(key);
    const bytes = sizeBytes + ITEM_OVERHEAD_BYTES;
    if (item === undefined) {
      item = { key, value, bytes, expireAtLocal: -1, lastAccessLocal: nowLocal, posAll: this.all.length, posVolatile: -1 };
      this.items.set(key, item);
      this.all.push(item);
    } else {
      this.usedBytes -= item.bytes;
      item.value = value;
      item.bytes = bytes;
      item.lastAccessLocal = nowLocal;
    }
    this.usedBytes += bytes;
    this.setExpiry(item, expireAtLocal);
  }

  private setExpiry(item: Item, expireAtLocal: number): void {
    if (expireAtLocal >= 0 && item.posVolatile < 0) {
      item.posVolatile = this.volatile.length;
      this.volatile.push(item);
    } else if (expireAtLocal < 0 && item.posVolatile >= 0) {
      removeAt(this.volatile, item.posVolatile, 'posVolatile');
      item.posVolatile = -1;
    }
    item.expireAtLocal = expireAtLocal;
  }

  delete(key: number): boolean {
    const item = this.items.get(key);
    if (item === undefined) return false;
    this.items.delete(key);
    removeAt(this.all, item.posAll, 'posAll');
    if (item.posVolatile >= 0) removeAt(this.volatile, item.posVolatile, 'posVolatile');
    this.usedBytes -= item.bytes;
    return true;
  }

  /**
   * The eviction candidate: the least recently used of `samples` keys drawn at random from the
   * pool the policy evicts from, or null when that pool is empty.
   */
  lruCandidate(pool: 'all' | 'volatile', samples: number, rng: Rng): Item | null {
    const from = pool === 'all' ? this.all : this.volatile;
    if (from.length === 0) return null;
    let best: Item | null = null;
    for (let i = 0; i < samples; i++) {
      const item = from[rng.int(from.length)];
      if (best === null || item.lastAccessLocal < best.lastAccessLocal) best = item;
    }
    return best;
  }

  /** Up to `samples` random keys with a TTL that has passed (the active expiry cycle's draw). */
  expiredSample(samples: number, nowLocal: number, rng: Rng): { checked: number; expired: Item[] } {
    const n = Math.min(samples, this.volatile.length);
    const expired: Item[] = [];
    for (let i = 0; i < n; i++) {
      const item = this.volatile[rng.int(this.volatile.length)];
      if (item.expireAtLocal <= nowLocal && !expired.includes(item)) expired.push(item);
    }
    return { checked: n, expired };
  }

  /** A copy (what a full resynchronisation transfers). */
  clone(): Keyspace {
    const c = new Keyspace();
    for (const item of this.all) c.set(item.key, item.value, item.bytes - ITEM_OVERHEAD_BYTES, item.expireAtLocal, item.lastAccessLocal);
    return c;
  }

  /** Every item, in no particular order. */
  values(): IterableIterator<Item> {
    return this.items.values();
  }
}

/** Swap-remove `arr[pos]`, keeping the moved item's position field right. */
function removeAt(arr: Item[], pos: number, field: 'posAll' | 'posVolatile'): void {
  const last = arr.pop()!;
  if (pos < arr.length) {
    arr[pos] = last;
    last[field] = pos;
  }
}
