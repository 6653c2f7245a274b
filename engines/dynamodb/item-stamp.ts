// A global table's write stamp: the timestamp a write carries from its region (that region's
// leader's clock, so clock skew between regions decides conflicts) and the region's index as the
// tie-break. Last writer wins compares stamps (last-writer-wins.ts).
// Leaves out: AWS's own tie-break rule (unpublished): equal timestamps go to the higher region index.

export interface Stamp {
  /** The stamping clock's time, in us. */
  readonly tsUs: number;
  /** The index of the region that stamped it (0 = home). */
  readonly region: number;
}

/** Does `a` win over `b` (a later stamp)? */
export function newer(a: Stamp, b: Stamp): boolean {
  return a.tsUs > b.tsUs || (a.tsUs === b.tsUs && a.region > b.region);
}

/** A write arriving from another region: what its origin wrote, stamped, and when it committed there. */
export interface ReplicatedItem {
  readonly keyIndex: number;
  readonly value: number;
  readonly sizeBytes: number;
  readonly stamp: Stamp;
  readonly originRegion: number;
  readonly originCommitUs: number;
}
