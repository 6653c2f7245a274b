// The ketama ring: MD5 as RFC 1321 gives it, keys spread over the nodes by their points, and a
// removed node's keys (only those) moving to the others.
import { describe, expect, it } from 'vitest';
import { md5Hex } from './md5.ts';
import { KetamaRing, keyPoint, serverPoints, type RingServer } from './ketama-ring.ts';

const servers: RingServer[] = [0, 1, 2].map((index) => ({ index, name: `memcached-${index + 1}` }));
const ring = (of: readonly RingServer[], points = 160) => new KetamaRing(of, (s) => serverPoints(s.name, points));
const KEYS = 10_000;

function owners(r: KetamaRing): number[] {
  return Array.from({ length: KEYS }, (_, k) => r.serverFor(keyPoint(`k${k}`)));
}

describe('memcached', () => {
  describe('ketama ring', () => {
    it('hashes with MD5 as RFC 1321 gives it (its test suite)', () => {
      expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
      expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
      expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
      expect(md5Hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe('57edf4a22be3c955ac49da2e2107b67a');
    });

    it('gives each of 3 nodes about a third of the keys with 160 points each', () => {
      const r = ring(servers);
      expect(r.size).toBe(480);
      const o = owners(r);
      for (const s of servers) {
        const share = o.filter((x) => x === s.index).length / KEYS;
        expect(share).toBeGreaterThan(0.28);
        expect(share).toBeLessThan(0.39);
      }
    });

    it('spreads keys more evenly with more points per node', () => {
      const spread = (points: number) => {
        const o = owners(ring(servers, points));
        const shares = servers.map((s) => o.filter((x) => x === s.index).length / KEYS);
        return Math.max(...shares) - Math.min(...shares);
      };
      expect(spread(4)).toBeGreaterThan(spread(160));
    });

    it('moves only the removed node\'s keys, spreading them over the other nodes', () => {
      const full = owners(ring(servers));
      const without = owners(ring([servers[0], servers[2]]));
      let moved = 0;
      const to = [0, 0, 0];
      for (let k = 0; k < KEYS; k++) {
        if (full[k] !== 1) expect(without[k]).toBe(full[k]);
        else {
          moved++;
          to[without[k]]++;
        }
      }
      expect(moved).toBe(full.filter((x) => x === 1).length);
      expect(to[0]).toBeGreaterThan(0.25 * moved);
      expect(to[2]).toBeGreaterThan(0.25 * moved);
    });

    it('answers -1 on an empty ring, and wraps past the highest point', () => {
      expect(ring([]).serverFor(5)).toBe(-1);
      const r = ring(servers);
      expect(r.serverFor(0xffffffff)).toBe(r.serverFor(0));
    });
  });
});
