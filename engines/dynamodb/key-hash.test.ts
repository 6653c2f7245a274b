import { describe, expect, it } from 'vitest';
import { fmix32, fnv1a, partitionOfHash, partitionTable } from './key-hash.ts';

describe('dynamodb > key hashing', () => {
  it('hashes with 32-bit FNV-1a (published test vectors)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('finishes with MurmurHash3\'s fmix32 (0 stays 0; one flipped bit changes about half the output)', () => {
    expect(fmix32(0)).toBe(0);
    const a = fmix32(fnv1a('k1'));
    const b = fmix32(fnv1a('k2'));
    const flipped = (a ^ b).toString(2).replace(/0/g, '').length;
    expect(flipped).toBeGreaterThan(8);
    expect(flipped).toBeLessThan(24);
  });

  it('cuts the hash space into equal contiguous ranges, one per partition', () => {
    expect(partitionOfHash(0, 4)).toBe(0);
    expect(partitionOfHash(0x3fffffff, 4)).toBe(0);
    expect(partitionOfHash(0x40000000, 4)).toBe(1);
    expect(partitionOfHash(0xffffffff, 4)).toBe(3);
  });

  it('spreads 10,000 keys over 8 partitions within 4 standard deviations (132) of an even share', () => {
    const table = partitionTable(10_000, 8);
    const counts = new Array(8).fill(0);
    for (const p of table) counts[p]++;
    for (const c of counts) expect(Math.abs(c - 1250)).toBeLessThan(132);
  });
});
