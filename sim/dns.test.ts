import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { SimNode } from './node.ts';
import { DnsCache, DnsZone, expiry } from './dns.ts';
import { RngFactory } from './rng.ts';

function servers(n: number) {
  const s = new Scheduler();
  return Array.from({ length: n }, (_, i) => new SimNode(s, `db-${i}`, 'az-a', []));
}

describe('sim', () => {
  describe('dns', () => {
    it('keeps a cached answer for the record\'s TTL and fetches a fresh one after', () => {
      const [a, b] = servers(2);
      const zone = new DnsZone();
      zone.set('writer', [a], 5_000);
      const cache = new DnsCache(zone, new RngFactory(1).stream('dns/c0'));
      expect(cache.resolve('writer', 0)?.name).toBe('db-0');
      zone.set('writer', [b], 5_000); // the control plane flips the record
      expect(cache.resolve('writer', 4_999)?.name).toBe('db-0'); // still the stale answer
      expect(cache.resolve('writer', 5_000)?.name).toBe('db-1');
      expect(cache.lookups).toBe(2);
    });

    it('gives a client that never resolved before the current answer at once', () => {
      const [a, b] = servers(2);
      const zone = new DnsZone();
      zone.set('writer', [a], 5_000);
      const early = new DnsCache(zone, new RngFactory(1).stream('dns/c0'));
      early.resolve('writer', 0);
      zone.set('writer', [b], 5_000);
      const late = new DnsCache(zone, new RngFactory(1).stream('dns/c1'));
      expect(late.resolve('writer', 100)?.name).toBe('db-1');
      expect(early.resolve('writer', 100)?.name).toBe('db-0');
    });

    it('answers null for a name with no record or no targets', () => {
      const zone = new DnsZone();
      zone.set('empty', [], 1_000);
      const cache = new DnsCache(zone, new RngFactory(1).stream('dns'));
      expect(cache.resolve('missing', 0)).toBeNull();
      expect(cache.resolve('empty', 0)).toBeNull();
    });

    it('copies the target list, so changing the caller\'s array later changes nothing', () => {
      const [a, b] = servers(2);
      const zone = new DnsZone();
      const targets = [a];
      zone.set('writer', targets, 1_000);
      targets.push(b);
      expect(zone.get('writer')?.targets.map((t) => t.name)).toEqual(['db-0']);
    });

    describe('a record with several targets (a reader endpoint)', () => {
      const picks = (runSeed: number, clients: number) => {
        const targets = servers(3);
        const zone = new DnsZone();
        zone.set('reader', targets, 5_000);
        const f = new RngFactory(runSeed);
        return Array.from({ length: clients }, (_, i) => new DnsCache(zone, f.stream(`dns/client-${i}`)).resolve('reader', 0)!.name);
      };

      it('gives each client a seeded pick, spread over the targets', () => {
        const p = picks(7, 60);
        expect(new Set(p)).toEqual(new Set(['db-0', 'db-1', 'db-2']));
        for (const name of ['db-0', 'db-1', 'db-2']) expect(p.filter((x) => x === name).length).toBeGreaterThan(5);
        expect(picks(7, 60)).toEqual(p); // same seed, same picks
        expect(picks(8, 60)).not.toEqual(p);
      });

      it('keeps one client\'s pick until the TTL expires', () => {
        const targets = servers(3);
        const zone = new DnsZone();
        zone.set('reader', targets, 5_000);
        const cache = new DnsCache(zone, new RngFactory(3).stream('dns/c'));
        const first = cache.resolve('reader', 0);
        for (let t = 0; t < 5_000; t += 250) expect(cache.resolve('reader', t)).toBe(first);
        // After expiry it picks again; over many expiries it reaches every target.
        const seen = new Set<string>();
        for (let k = 1; k <= 60; k++) seen.add(cache.resolve('reader', k * 5_000)!.name);
        expect(seen.size).toBe(3);
      });
    });
    describe('a fleet of clients, each cache on its own refresh schedule', () => {
      it('sees a changed record at a different moment in each client, all within one TTL', () => {
        const [a, b] = servers(2);
        const zone = new DnsZone();
        zone.set('writer', [a], 10_000);
        const f = new RngFactory(1);
        const caches = Array.from({ length: 20 }, (_, i) => new DnsCache(zone, f.stream(`dns/c${i}`), f.stream(`dns-refresh/c${i}`)));
        caches.forEach((c) => c.resolve('writer', 0));
        zone.set('writer', [b], 10_000); // the record flips at t = 3 ms
        const seenAt = caches.map((c) => {
          for (let t = 3_000; t <= 13_000; t += 100) if (c.resolve('writer', t) === b) return t;
          return Infinity;
        });
        for (const t of seenAt) expect(t).toBeLessThanOrEqual(13_000);
        expect(new Set(seenAt).size).toBeGreaterThan(10);
        expect(Math.max(...seenAt) - Math.min(...seenAt)).toBeGreaterThan(5_000);
      });

      it('keeps an answer until the client\'s next refresh point, never longer than the TTL', () => {
        for (const phase of [0, 0.25, 0.999]) {
          for (const now of [0, 1, 2_499, 2_500, 9_999, 10_000, 123_456]) {
            const e = expiry(now, 10_000, phase, true);
            expect(e).toBeGreaterThan(now);
            expect(e).toBeLessThanOrEqual(now + 10_000);
            expect((e - Math.floor(phase * 10_000)) % 10_000).toBe(0);
          }
        }
        expect(expiry(7, 0, 0.5, true)).toBe(7); // a TTL of 0 is not cached
        expect(expiry(7, 10_000, 0.5, false)).toBe(10_007); // without a schedule, a full TTL from the fetch
      });
    });
  });
});
