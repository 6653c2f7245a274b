// The replication stream as a chain of entries: each write (or deletion, eviction, expiry) a
// primary applies becomes an entry that points to the one before it, and its replication
// offset counts the stream's bytes up to it, as Redis's master_repl_offset does. A node's
// history is its head entry: a replica holds a prefix of its primary's chain, and two nodes
// that diverged (an old primary that kept writing in a minority) hold different branches.
// Partial resynchronisation needs the replica's head on the primary's chain within the
// replication backlog; anything else needs a full one. The surviving history of a key is the
// values it took along the authoritative node's chain.
// Leaves out: replication IDs (branch identity stands in for them) and MULTI/EXEC framing.

/** Bytes a command adds to the stream besides its value (RESP framing, key, command name). */
export const ENTRY_OVERHEAD_BYTES = 40;

export type EntryReason = 'write' | 'evict' | 'expire';

export interface ReplEntry {
  readonly prev: ReplEntry | null;
  /** Stream bytes up to and including this entry. */
  readonly offset: number;
  readonly keyIndex: number;
  /** The value set, or null for a deletion. */
  readonly value: number | null;
  readonly sizeBytes: number;
  /** TTL as a local time on the primary's clock, or -1. */
  readonly expireAtLocal: number;
  /** True time the primary applied it (replication lag is measured from it). */
  readonly commitUs: number;
  readonly reason: EntryReason;
}

export function offsetOf(head: ReplEntry | null): number {
  return head === null ? 0 : head.offset;
}

export function nextEntry(prev: ReplEntry | null, keyIndex: number, value: number | null, sizeBytes: number, expireAtLocal: number, commitUs: number, reason: EntryReason): ReplEntry {
  const bytes = ENTRY_OVERHEAD_BYTES + (value === null ? 0 : sizeBytes);
  return { prev, offset: offsetOf(prev) + bytes, keyIndex, value, sizeBytes, expireAtLocal, commitUs, reason };
}

/**
 * The entries after `from` up to `head`, oldest first, when `from` is on `head`'s chain no more
 * than `backlogBytes` behind it; null when it is not (diverged, or too far behind): a full
 * resynchronisation is then needed.
 */
export function entriesSince(head: ReplEntry | null, from: ReplEntry | null, backlogBytes: number): ReplEntry[] | null {
  const fromOffset = offsetOf(from);
  const headOffset = offsetOf(head);
  if (fromOffset > headOffset || headOffset - fromOffset > backlogBytes) return null;
  const out: ReplEntry[] = [];
  let e = head;
  while (e !== null && e.offset > fromOffset) {
    out.push(e);
    e = e.prev;
  }
  // Invariant: offsets strictly grow along a chain, so `from` is on it iff the walk lands on it.
  if (e !== from) return null;
  return out.reverse();
}

/** The values each key took along a chain, oldest first (deletions leave no value). */
export function valuesByKey(head: ReplEntry | null): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let e = head; e !== null; e = e.prev) {
    if (e.value === null) continue;
    let list = out.get(e.keyIndex);
    if (list === undefined) out.set(e.keyIndex, (list = []));
    list.push(e.value);
  }
  for (const list of out.values()) list.reverse();
  return out;
}
