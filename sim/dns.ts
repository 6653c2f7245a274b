// DNS as clients see it: a zone of records that a control plane changes, and a per-client cache
// that keeps an answer for at most the record's TTL. A record may list several targets (a reader
// endpoint); each resolution picks one at random, and the cache keeps that pick until it expires.
// A cache given a refresh stream expires on its own schedule, as one process of a fleet does: per
// name it draws a phase once (uniform within one TTL), and an answer fetched at any moment is kept
// until the next phase + k * TTL. That is what a client sees behind a caching resolver, which
// answers with the time left on its own copy; and it is what makes a fleet's caches expire at
// independent moments instead of all together. Without one, an answer lasts a full TTL from its
// fetch (a single process that resolved on its own).
// Models: the stale-answer window after a record changes. Leaves out: resolver hierarchies (the
// answer is the zone's at the fetch, not the resolver's copy) and negative caching; propagation
// delay is the control plane's to schedule before calling set().

import type { Endpoint } from './endpoint.ts';
import type { Rng } from './rng.ts';

interface DnsRecord {
  targets: Endpoint[];
  ttlUs: number;
}

export class DnsZone {
  private records = new Map<string, DnsRecord>();

  set(name: string, targets: Endpoint[], ttlUs: number): void {
    this.records.set(name, { targets: [...targets], ttlUs });
  }

  get(name: string): Readonly<DnsRecord> | undefined {
    return this.records.get(name);
  }
}

interface CacheEntry {
  target: Endpoint | null;
  expiresUs: number;
  /** This client's phase for the name, as a fraction of the TTL in [0, 1); 0 with no schedule. */
  phase: number;
}

export class DnsCache {
  /** Resolutions that went to the zone (cache misses). */
  lookups = 0;
  private entries = new Map<string, CacheEntry>();

  constructor(
    private readonly zone: DnsZone,
    private readonly rng: Rng,
    /** Draws each name's refresh phase; null: answers last a full TTL from their fetch. */
    private readonly refresh: Rng | null = null,
  ) {}

  /** The cached answer for `name`, or a fresh one when the cached one expired. */
  resolve(name: string, nowUs: number): Endpoint | null {
    const e = this.entries.get(name);
    if (e !== undefined && e.expiresUs > nowUs) return e.target;
    this.lookups++;
    const rec = this.zone.get(name);
    const target = rec === undefined || rec.targets.length === 0 ? null : rec.targets.length === 1 ? rec.targets[0] : this.rng.pick(rec.targets);
    const phase = e !== undefined ? e.phase : this.refresh !== null ? this.refresh.uniform() : 0;
    this.entries.set(name, { target, expiresUs: expiry(nowUs, rec?.ttlUs ?? 0, phase, this.refresh !== null), phase });
    return target;
  }
}

/**
 * When an answer fetched at `nowUs` expires: a full TTL later, or with a schedule at the next
 * phase * ttl + k * ttl after `nowUs`.
 * Invariant: nowUs < result <= nowUs + ttlUs whenever ttlUs > 0 (a TTL of 0 is never cached).
 */
export function expiry(nowUs: number, ttlUs: number, phase: number, scheduled: boolean): number {
  if (!scheduled || ttlUs <= 0) return nowUs + ttlUs;
  const offsetUs = Math.floor(phase * ttlUs);
  return offsetUs + (Math.floor((nowUs - offsetUs) / ttlUs) + 1) * ttlUs;
}
