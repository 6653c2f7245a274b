// One memcached node's memory: items in slab classes, each class with its own LRU.
// Models (memcached's slab allocator, simplified): chunk sizes start at the item header plus
// `chunk_min` bytes (memcached -n, 48) and grow by `growth_factor` (-f, 1.25), 8-byte aligned, up
// to half a page; the largest class is a whole page (-I, 1 MB). An item takes one chunk of the
// smallest class it fits. Memory (`memory`, -m, 64 MB) is handed to classes one page at a time as
// they fill, first come first served, and never taken back: once every page is handed out, a
// class that is full evicts from its own LRU, whatever the other classes hold (the "slab
// calcification" memcached's slab automover exists to undo). Each class's LRU is one list with a
// second chance, standing in for memcached's segmented (hot/warm/cold) LRU: a GET marks an item
// active, and an eviction that finds an active item at the tail moves it to the head, clears
// the mark and looks again, up to LRU_TAIL_SEARCH items (memcached's tail search), then evicts
// the tail. TTLs are on the node's local clock, expired lazily when a GET finds them.
// Leaves out: the slab automover and page reassignment, the LRU crawler that reclaims expired
// items in the background, extstore, and memory that is not items (connections, hash table).

/** Bytes of an item besides its key and value: the item struct (48) and its CAS (8). */
export const ITEM_HEADER_BYTES = 56;
/** Items looked at from an LRU's tail for one eviction. */
export const LRU_TAIL_SEARCH = 5;

export interface SlabConfig {
  memoryBytes: number;
  pageBytes: number;
  growthFactor: number;
  chunkMinBytes: number;
}

interface Item {
  value: number;
  cls: number;
  /** Local time the item expires at, or -1 for never. */
  expireAtLocal: number;
  /** Fetched since it last reached an LRU's head. */
  active: boolean;
}

interface SlabClass {
  readonly chunkBytes: number;
  readonly chunksPerPage: number;
  pages: number;
  /** Keys, least recently used first (a Map keeps insertion order). */
  readonly lru: Map<number, Item>;
}

/** What a SET did. */
export type StoreResult = { stored: true; evicted: number } | { stored: false; why: 'too-large' | 'out-of-memory' };

/** The chunk sizes of the slab classes, smallest first. */
export function chunkSizes(c: Pick<SlabConfig, 'pageBytes' | 'growthFactor' | 'chunkMinBytes'>): number[] {
  const sizes: number[] = [];
  let size = align8(ITEM_HEADER_BYTES + c.chunkMinBytes);
  while (size <= c.pageBytes / 2) {
    sizes.push(size);
    // Invariant: sizes strictly grow, even for a factor close to 1 (memcached's alignment does the same).
    size = Math.max(size + 8, align8(size * c.growthFactor));
  }
  sizes.push(c.pageBytes);
  return sizes;
}

/** Bytes an item takes before it is put in a chunk: header, key and its NUL, value and its CRLF. */
export function itemBytes(keyLength: number, valueBytes: number): number {
  return ITEM_HEADER_BYTES + keyLength + 1 + valueBytes + 2;
}

// Invariant: every item is in exactly one class's LRU, the class its size fits, and
// each class holds at most pages x chunksPerPage items; pagesUsed = sum of classes' pages.
export class SlabStore {
  private readonly classes: SlabClass[];
  private readonly items = new Map<number, Item>();
  private readonly totalPages: number;
  pagesUsed = 0;

  constructor(private readonly config: SlabConfig) {
    this.classes = chunkSizes(config).map((chunkBytes) => ({ chunkBytes, chunksPerPage: Math.floor(config.pageBytes / chunkBytes), pages: 0, lru: new Map() }));
    this.totalPages = Math.floor(config.memoryBytes / config.pageBytes);
  }

  get size(): number {
    return this.items.size;
  }

  /** The class an item of `bytes` goes in, or -1 when it is larger than a page. */
  classFor(bytes: number): number {
    for (let i = 0; i < this.classes.length; i++) if (this.classes[i].chunkBytes >= bytes) return i;
    return -1;
  }

  /** GET: the value, or null when absent or expired (an expired item is removed). */
  get(key: number, nowLocal: number): number | null | 'expired' {
    const item = this.items.get(key);
    if (item === undefined) return null;
    if (item.expireAtLocal >= 0 && item.expireAtLocal <= nowLocal) {
      this.delete(key);
      return 'expired';
    }
    item.active = true;
    return item.value;
  }

  /** SET: replaces any item of the key; evicts within the class when it has no free chunk. */
  set(key: number, value: number, bytes: number, expireAtLocal: number): StoreResult {
    this.delete(key);
    const ci = this.classFor(bytes);
    if (ci < 0) return { stored: false, why: 'too-large' };
    const cls = this.classes[ci];
    let evicted = 0;
    if (cls.lru.size >= cls.pages * cls.chunksPerPage) {
      if (this.pagesUsed < this.totalPages) {
        cls.pages++;
        this.pagesUsed++;
      } else if (cls.lru.size > 0) {
        this.evictFrom(cls);
        evicted = 1;
      } else return { stored: false, why: 'out-of-memory' };
    }
    const item: Item = { value, cls: ci, expireAtLocal, active: false };
    this.items.set(key, item);
    cls.lru.set(key, item);
    return { stored: true, evicted };
  }

  delete(key: number): boolean {
    const item = this.items.get(key);
    if (item === undefined) return false;
    this.items.delete(key);
    this.classes[item.cls].lru.delete(key);
    return true;
  }

  /** Pages each class holds (for tests and reports). */
  pagesByClass(): number[] {
    return this.classes.map((c) => c.pages);
  }

  /** Evicts one item: the tail, after giving up to LRU_TAIL_SEARCH active items a second chance. */
  private evictFrom(cls: SlabClass): void {
    for (let i = 0; i < LRU_TAIL_SEARCH; i++) {
      const [key, item] = cls.lru.entries().next().value as [number, Item];
      if (!item.active) break;
      item.active = false;
      cls.lru.delete(key);
      cls.lru.set(key, item);
    }
    const key = cls.lru.keys().next().value as number;
    this.delete(key);
  }
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
