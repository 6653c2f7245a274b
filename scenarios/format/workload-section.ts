// The `workload:` section: where the clients are, the load (open loop at a rate, or closed loop
// at a concurrency: exactly one of them), the read/write mix, read consistency, key choice,
// value size, per-attempt timeout and retries. Everything but the load has a default
// (WORKLOAD_DEFAULTS, documented in the README).
// Leaves out: per-client rates, think time, load that changes over time.

import type { KeyDistribution } from '../../sim/key-chooser.ts';
import type { Load } from '../../sim/workload.ts';
import type { ClientPlacement, WorkloadConfig } from './scenario.ts';
import { unknownNameMessage } from './did-you-mean.ts';
import type { Fields, Reader } from './field-reader.ts';
import type { SourceNode } from './yaml-source.ts';
import { LIMITS } from './limits.ts';

export const WORKLOAD_DEFAULTS = Object.freeze({
  /** Clients per AZ when `clients` is left out. */
  clientsPerAz: 1,
  readFraction: 0.5,
  consistency: 'strong' as const,
  keyCount: 1000,
  zipfS: 0.99,
  hotKeys: 0.01,
  hotShare: 0.9,
  valueSizeBytes: 1024,
  timeoutUs: 1_000_000,
  attempts: 3,
  backoffUs: 50_000,
  maxBackoffUs: 2_000_000,
});

const KEYS = ['clients', 'rate', 'concurrency', 'mix', 'read_consistency', 'keys', 'value_size', 'timeout', 'retry'];

/** `total` clients over the AZs in order, as evenly as possible, the remainder to the first AZs. */
export function spreadClients(total: number, azs: readonly string[]): ClientPlacement[] {
  const base = Math.floor(total / azs.length);
  const extra = total % azs.length;
  return azs.map((az, i) => ({ az, count: base + (i < extra ? 1 : 0) })).filter((p) => p.count > 0);
}

function readClients(r: Reader, node: SourceNode | undefined, azs: readonly string[]): ClientPlacement[] {
  if (node === undefined) return azs.map((az) => ({ az, count: WORKLOAD_DEFAULTS.clientsPerAz }));
  if (node.kind === 'map') {
    const f = r.map(node);
    const counts = new Map<string, number>();
    for (const e of node.entries) {
      if (!azs.includes(e.key)) r.fail(e.node, unknownNameMessage('AZ', e.key, azs));
      counts.set(e.key, r.integer(e.node, { min: 0, max: LIMITS.clients }, 'a number of clients'));
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total > LIMITS.clients) r.fail(node, `at most ${LIMITS.clients} clients in all (docs/limits.md), got ${total}`);
    const placements = azs.filter((az) => (counts.get(az) ?? 0) > 0).map((az) => ({ az, count: counts.get(az)! }));
    if (placements.length === 0) r.fail({ path: f.path, line: f.node.line }, 'at least one client is needed');
    return placements;
  }
  const total = r.integer(node, { min: 1, max: LIMITS.clients }, 'a number of clients, or a map of clients per AZ like { az-a: 6, az-b: 6 }');
  return spreadClients(total, azs);
}

function readLoad(r: Reader, f: Fields): Load {
  const rate = f.get('rate');
  const concurrency = f.get('concurrency');
  if (rate !== undefined && concurrency !== undefined) {
    r.fail(concurrency, 'give either `rate` (open loop) or `concurrency` (closed loop), not both');
  }
  if (rate !== undefined) return { kind: 'open', ratePerS: r.rate(rate, { positive: true, max: LIMITS.ratePerS }) };
  if (concurrency !== undefined) return { kind: 'closed', concurrency: r.integer(concurrency, { min: 1, max: LIMITS.concurrency }) };
  return r.fail(f.at('rate'), 'required: give `rate` (open loop, e.g. 2000/s) or `concurrency` (closed loop, e.g. 64)');
}

function readMix(r: Reader, node: SourceNode | undefined): number {
  if (node === undefined) return WORKLOAD_DEFAULTS.readFraction;
  const f = r.map(node, ['read', 'write'], 'a mix like { read: 0.8, write: 0.2 }');
  const readNode = f.get('read');
  const writeNode = f.get('write');
  const read = readNode === undefined ? undefined : r.number(readNode, { min: 0, max: 1 });
  const write = writeNode === undefined ? undefined : r.number(writeNode, { min: 0, max: 1 });
  if (read !== undefined && write !== undefined) {
    if (Math.abs(read + write - 1) > 1e-9) r.fail(node, `read + write must be 1, got ${read} + ${write} = ${read + write}`);
    return read;
  }
  if (read !== undefined) return read;
  if (write !== undefined) return 1 - write;
  return r.fail(node, 'expected a mix like { read: 0.8, write: 0.2 }, got an empty mapping');
}

function readKeys(r: Reader, node: SourceNode | undefined): { count: number; dist: KeyDistribution } {
  const d = WORKLOAD_DEFAULTS;
  if (node === undefined) return { count: d.keyCount, dist: { kind: 'uniform' } };
  const f = r.map(node, ['count', 'distribution', 'zipf_s', 'hot_keys', 'hot_share'], 'a mapping like { count: 10000, distribution: zipf }');
  const countNode = f.get('count');
  const count = countNode === undefined ? d.keyCount : r.integer(countNode, { min: 1, max: LIMITS.keys });
  const distNode = f.get('distribution');
  const kind = distNode === undefined ? 'uniform' : r.choice(distNode, ['uniform', 'zipf', 'hotspot'] as const);
  for (const [key, owner] of [['zipf_s', 'zipf'], ['hot_keys', 'hotspot'], ['hot_share', 'hotspot']] as const) {
    if (f.has(key) && kind !== owner) r.fail(f.at(key), `\`${key}\` applies only to distribution: ${owner}`);
  }
  if (kind === 'uniform') return { count, dist: { kind } };
  if (kind === 'zipf') {
    const s = f.get('zipf_s');
    return { count, dist: { kind, s: s === undefined ? d.zipfS : r.number(s, { min: 0, max: 10 }) } };
  }
  const hk = f.get('hot_keys');
  const hs = f.get('hot_share');
  const hotKeys = hk === undefined ? d.hotKeys : r.number(hk, { min: 0, max: 1 });
  if (hk !== undefined && hotKeys === 0) r.fail(hk, 'the fraction of hot keys must be more than 0');
  const hotShare = hs === undefined ? d.hotShare : r.number(hs, { min: 0, max: 1 });
  return { count, dist: { kind, hotKeys, hotShare } };
}

export function readWorkload(r: Reader, node: SourceNode, azs: readonly string[]): WorkloadConfig {
  const f = r.map(node, KEYS);
  const d = WORKLOAD_DEFAULTS;
  // Each key is checked on its own, so every problem in the section is reported.
  const clients = r.attempt(() => readClients(r, f.get('clients'), azs), []);
  const load = r.attempt<Load>(() => readLoad(r, f), { kind: 'open', ratePerS: 0 });
  const readFraction = r.attempt(() => readMix(r, f.get('mix')), d.readFraction);
  const consistency = r.attempt(() => {
    const rc = f.get('read_consistency');
    return rc === undefined ? d.consistency : r.choice(rc, ['strong', 'eventual'] as const);
  }, d.consistency);
  const keys = r.attempt(() => readKeys(r, f.get('keys')), { count: d.keyCount, dist: { kind: 'uniform' } as KeyDistribution });
  const valueSizeBytes = r.attempt(() => {
    const vs = f.get('value_size');
    return vs === undefined ? d.valueSizeBytes : r.size(vs, { min: 1, max: LIMITS.valueSizeBytes });
  }, d.valueSizeBytes);
  const timeoutUs = r.attempt(() => {
    const t = f.get('timeout');
    return t === undefined ? d.timeoutUs : r.duration(t, { positive: true, min: LIMITS.timeoutMinUs, max: LIMITS.timeoutMaxUs });
  }, d.timeoutUs);
  const retry = r.attempt(() => readRetry(r, f.get('retry')), { attempts: d.attempts, backoffUs: d.backoffUs, maxBackoffUs: d.maxBackoffUs });

  return {
    clients,
    load,
    readFraction,
    consistency,
    keyCount: keys.count,
    keyDistribution: keys.dist,
    valueSizeBytes,
    retry: { timeoutUs, ...retry },
  };
}

function readRetry(r: Reader, node: SourceNode | undefined): { attempts: number; backoffUs: number; maxBackoffUs: number } {
  let attempts: number = WORKLOAD_DEFAULTS.attempts;
  let backoffUs: number = WORKLOAD_DEFAULTS.backoffUs;
  let maxBackoffUs: number = WORKLOAD_DEFAULTS.maxBackoffUs;
  if (node === undefined) return { attempts, backoffUs, maxBackoffUs };
  const rf = r.map(node, ['attempts', 'backoff', 'max_backoff'], 'a mapping like { attempts: 3, backoff: 50ms, max_backoff: 2s }');
  const a = rf.get('attempts');
  const b = rf.get('backoff');
  const m = rf.get('max_backoff');
  if (a !== undefined) attempts = r.integer(a, { min: 1, max: LIMITS.retryAttempts });
  if (b !== undefined) backoffUs = r.duration(b, { max: LIMITS.backoffMaxUs });
  if (m !== undefined) maxBackoffUs = r.duration(m, { max: LIMITS.backoffMaxUs });
  if (maxBackoffUs < backoffUs) {
    r.fail(rf.at(m !== undefined ? 'max_backoff' : 'backoff'), 'max_backoff cannot be below backoff');
  }
  return { attempts, backoffUs, maxBackoffUs };
}
