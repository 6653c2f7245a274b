import { describe, expect, it } from 'vitest';
import { crc16, crc16Bytes } from './crc16.ts';
import { keyShardTable, keySlot, shardOfSlot, shardStarts, SLOTS } from './slots.ts';

describe('redis', () => {
  describe('slots', () => {
    it('computes the CRC16-XMODEM check value 0x31C3 for 123456789', () => {
      expect(crc16('123456789')).toBe(0x31c3);
      expect(keySlot('123456789')).toBe(12739);
    });

    it('puts somekey in slot 11058 (the CLUSTER KEYSLOT example)', () => {
      expect(crc16('somekey')).toBe(0x6b32);
      expect(keySlot('somekey')).toBe(11058);
    });

    it('hashes only the tag of foo{hash_tag} and bar{hash_tag}: slot 2515', () => {
      expect(keySlot('foo{hash_tag}')).toBe(2515);
      expect(keySlot('bar{hash_tag}')).toBe(2515);
      expect(keySlot('hash_tag')).toBe(2515);
      expect(crc16('hash_tag')).toBe(0x89d3);
    });

    it('hashes {user1000}.following and {user1000}.followers to one slot', () => {
      expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
      expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
      expect(keySlot('user1000')).toBe(3443);
    });

    it('hashes the whole of foo{}{bar}, since its first tag is empty', () => {
      expect(crc16('foo{}{bar}')).toBe(0xe0ab);
      expect(keySlot('foo{}{bar}')).toBe(8363);
      expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
    });

    it('hashes {bar of foo{{bar}}zap and bar of foo{bar}{zap}', () => {
      expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
      expect(keySlot('foo{{bar}}zap')).toBe(4015);
      expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
      expect(keySlot('foo{bar}{zap}')).toBe(5061);
    });

    it('reproduces the other vectors of note N2', () => {
      const vectors: [string, number, number][] = [
        ['foo', 0xaf96, 12182],
        ['bar', 0x93c5, 5061],
        ['hello', 0xc362, 866],
        ['key', 0x70fb, 12539],
        ['a', 0x7c87, 15495],
        ['mykey', 0xf95f, 14687],
        ['', 0x0000, 0],
        ['{}', 0x7b99, 15257],
      ];
      for (const [key, crc, slot] of vectors) {
        expect(crc16(key), key).toBe(crc);
        expect(keySlot(key), key).toBe(slot);
      }
    });

    it('hashes a key with { but no } after it whole', () => {
      expect(keySlot('foo{bar')).toBe(crc16('foo{bar') & (SLOTS - 1));
      expect(keySlot('}foo{')).toBe(crc16('}foo{') & (SLOTS - 1));
    });

    it('hashes the UTF-8 bytes of non-ASCII keys', () => {
      // "é" is 0xC3 0xA9 in UTF-8: the same CRC as those two bytes.
      expect(crc16('é')).toBe(crc16Bytes([0xc3, 0xa9]));
      expect(crc16('é')).not.toBe(crc16Bytes([0xe9]));
      expect(keySlot('{é}x')).toBe(keySlot('é'));
    });

    it('splits the 16384 slots into contiguous ranges, one per shard, as redis-cli does for 3 masters', () => {
      expect(shardStarts(3)).toEqual([0, 5461, 10922, 16384]);
      expect(shardOfSlot(0, 3)).toBe(0);
      expect(shardOfSlot(5460, 3)).toBe(0);
      expect(shardOfSlot(5461, 3)).toBe(1);
      expect(shardOfSlot(10921, 3)).toBe(1);
      expect(shardOfSlot(10922, 3)).toBe(2);
      expect(shardOfSlot(16383, 3)).toBe(2);
      for (const n of [1, 2, 5, 7, 100]) {
        const starts = shardStarts(n);
        for (let slot = 0; slot < SLOTS; slot += 97) expect(slot >= starts[shardOfSlot(slot, n)] && slot < starts[shardOfSlot(slot, n) + 1]).toBe(true);
      }
    });

    it('spreads the workload keys k0..k9999 over the shards', () => {
      const table = keyShardTable(10_000, 3);
      const counts = [0, 0, 0];
      for (const s of table) counts[s]++;
      for (const c of counts) expect(c).toBeGreaterThan(3000);
      expect(table[0]).toBe(shardOfSlot(keySlot('k0'), 3));
    });
  });
});
