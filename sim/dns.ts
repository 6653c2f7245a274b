// DNS as clients see it: a zone of records that a control plane changes, and a per-client cache
// that keeps an answer for the record's TTL. A record may list several targets (a reader endpoint);
// each resolution picks one at random, and the cache keeps that pick until it expires.
// Models: the stale-answer window after a record changes. Leaves out: resolver hierarchies and
// negative caching; propagation delay is the control plane's to schedule before calling set().

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
}

export class DnsCache {
  /** Resolutions that went to the zone (cache misses). */
  lookups = 0;
  private entries = new Map<string, CacheEntry>();

  constructor(
    private readonly zone: DnsZone,
    private readonly rng: Rng,
  ) {}

  /** The cached answer for `name`, or a fresh one when the cached one expired. */
  resolve(name: string, nowUs: number): Endpoint | null {
    const e = this.entries.get(name);
    if (e !== undefined && e.expiresUs > nowUs) return e.target;
    this.lookups++;
    const rec = this.zone.get(name);
    const target = rec === undefined || rec.targets.length === 0 ? null : rec.targets.length === 1 ? rec.targets[0] : this.rng.pick(rec.targets);
    this.entries.set(name, { target, expiresUs: nowUs + (rec?.ttlUs ?? 0) });
    return target;
  }
}
