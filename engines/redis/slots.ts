// Hash slots (REFERENCE-FIGURES.md D #61-#63, note N2): 16,384 slots, slot = CRC16(key) & 16383,
// where only the hash tag is hashed when the key has one: the bytes between the first `{` and
// the first `}` after it, if there is at least one byte between them. Slots are split into equal
// contiguous ranges, one per shard, as `redis-cli --cluster create` does.
// Leaves out: resharding (slot migration, ASK redirections): a slot stays with its shard.

import { keyName } from '../../sim/key-chooser.ts';
import { crc16Bytes, keyBytes } from './crc16.ts';

export const SLOTS = 16384;

/** The bytes [from, to) of a key that are hashed: its hash tag, or the whole key. */
export function hashedRange(bytes: Uint8Array): [number, number] {
  const open = bytes.indexOf(0x7b); // {
  if (open < 0) return [0, bytes.length];
  const close = bytes.indexOf(0x7d, open + 1); // }
  // No `}` after the `{`, or nothing between them: the whole key is hashed.
  if (close < 0 || close === open + 1) return [0, bytes.length];
  return [open + 1, close];
}

/** The hash slot of a key (CLUSTER KEYSLOT). */
export function keySlot(key: string): number {
  const bytes = keyBytes(key);
  const [from, to] = hashedRange(bytes);
  return crc16Bytes(bytes, from, to) & (SLOTS - 1);
}

/** First slot of each shard's range, with a sentinel SLOTS at the end. */
export function shardStarts(shards: number): number[] {
  return Array.from({ length: shards + 1 }, (_, i) => Math.floor((i * SLOTS) / shards));
}

/** The shard that serves a slot, when slots are split evenly over `shards`. */
export function shardOfSlot(slot: number, shards: number): number {
  // Invariant: shard i serves [floor(i * SLOTS / n), floor((i + 1) * SLOTS / n)).
  let s = Math.floor((slot * shards) / SLOTS);
  const starts = shardStarts(shards);
  while (slot < starts[s]) s--;
  while (slot >= starts[s + 1]) s++;
  return s;
}

/** The shard of every workload key k0 .. k{count-1}, computed once per run. */
export function keyShardTable(count: number, shards: number): Int32Array {
  const starts = shardStarts(shards);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const slot = keySlot(keyName(i));
    let s = Math.floor((slot * shards) / SLOTS);
    while (slot < starts[s]) s--;
    while (slot >= starts[s + 1]) s++;
    out[i] = s;
  }
  return out;
}
