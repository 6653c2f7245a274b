// Which partition a key lives in: the partition key is hashed into a 32-bit space that is cut into
// `partitions` equal, contiguous ranges (REFERENCE-FIGURES.md C #35: each partition owns a disjoint,
// contiguous range of the hash space). The hash is FNV-1a over the key's name (`k17`), finished
// with MurmurHash3's 32-bit mixer (FNV alone leaves the high bits of short, similar keys poorly
// mixed, and the ranges cut on the high bits), so the placement is stable across runs, seeds and
// machines and even across partitions.
// Leaves out: sort keys and range reads within a partition (the workload is single-item), and
// splits that change the ranges during a run (heat-split.ts cuts admission units within them).

import { keyName } from '../../sim/key-chooser.ts';

/** FNV-1a, 32 bits, over the UTF-16 code units of `s` (keys are ASCII). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's fmix32: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The hash of a key's name. */
export function keyHash(name: string): number {
  return fmix32(fnv1a(name));
}

/** The partition of a hash value among `partitions` equal ranges. */
export function partitionOfHash(hash: number, partitions: number): number {
  return Math.floor((hash / 0x1_0000_0000) * partitions);
}

/** Partition of every key index, computed once. */
export function partitionTable(keyCount: number, partitions: number): Int32Array {
  const out = new Int32Array(keyCount);
  for (let k = 0; k < keyCount; k++) out[k] = partitionOfHash(keyHash(keyName(k)), partitions);
  return out;
}

/** The hash of every key index, computed once (split for heat cuts ranges by it). */
export function hashTable(keyCount: number): Uint32Array {
  const out = new Uint32Array(keyCount);
  for (let k = 0; k < keyCount; k++) out[k] = keyHash(keyName(k));
  return out;
}
