// Item collections and their size limit, for a table with local secondary indexes. An item
// collection is every item under one partition key plus each item's entry in every LSI; AWS caps
// it at 10 GB for a table with LSIs and refuses a write that would pass the cap
// (ItemCollectionSizeLimitExceededException: a client error, not retried). A workload key is a
// partition key: with `item_writes: overwrite` it is one item (its collection never grows past
// the item and its LSI entries), with `append` each write adds an item under it (a new sort key),
// so its collection grows by the item and its LSI entries with every write.
// Models: the size each write adds, and the check a leader makes before it logs a write, over
// what its replica applied (the log's per-key growth, replica-log.ts) and what it has logged and
// not applied yet. Leaves out: deletes and item updates that shrink a collection, per-attribute
// projections (every LSI projects the whole item, as `lsis` does for capacity), and the limit's
// splitting of an LSI partition (the table's partitions hold their collections whole).

export interface ItemCollectionOptions {
  lsis: number;
  itemWrites: 'overwrite' | 'append';
  limitBytes: number;
  startBytes: number;
}

export class ItemCollections {
  constructor(private readonly o: ItemCollectionOptions) {}

  /** Whether each write adds an item to its key's collection (append), so collections grow. */
  get growing(): boolean {
    return this.o.itemWrites === 'append';
  }

  /** What a write of a `sizeBytes` item adds to its key's collection: the item and its entry in each LSI. */
  growthOf(sizeBytes: number): number {
    return sizeBytes * (1 + this.o.lsis);
  }

  /**
   * Whether a write of a `sizeBytes` item fits in its key's collection, which has grown by
   * `grownBytes` since the run started. Without an LSI there is no limit.
   */
  fits(grownBytes: number, sizeBytes: number): boolean {
    return this.o.lsis === 0 || this.o.startBytes + grownBytes + this.growthOf(sizeBytes) <= this.o.limitBytes;
  }
}

/** The table's item collections, or null when they never grow (overwrites: nothing to check). */
export function itemCollectionsOf(o: ItemCollectionOptions): ItemCollections | null {
  return o.itemWrites === 'append' ? new ItemCollections(o) : null;
}
