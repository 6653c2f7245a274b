// The `workload:` section: where the clients are, the load (open loop at a rate, or closed loop
// at a concurrency: exactly one of them), the read/write mix, read consistency, key choice,
// value size, per-attempt timeout and retries. Everything but the load has a default
// (WORKLOAD_DEFAULTS, documented in the README). Instead of a load, `phases:` gives load that
// changes over time (each phase a rate, a ramp to a rate, or a concurrency, with its own mix and
// key distribution if it says so; the last phase holds to the end). `workloads:` (a list of these
// sections, each with a `name`) runs several at once, each with its own clients and keys.
// Leaves out: per-client rates, think time.

import type { RegionPlace } from '../../sim/regions.ts';
import type { KeyDistribution } from '../../sim/key-chooser.ts';
import type { Load } from '../../sim/workload.ts';
import type { LoadPhase } from '../../sim/load-phases.ts';
import type { ClientPlacement, NamedWorkload, WorkloadConfig } from './scenario.ts';
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

const KEYS = ['clients', 'rate', 'concurrency', 'phases', 'mix', 'read_consistency', 'keys', 'value_size', 'timeout', 'retry'];
/** What a mix with `query` is told when the engine has no index to query. */
export const QUERY_REFUSAL = 'a query by index key reads a DynamoDB secondary index: needs engine type dynamodb with gsi_wcu > 0 (a GSI) or lsis > 0 (an LSI)';
const PHASE_KEYS = ['for', 'ramp', 'to', 'rate', 'concurrency', 'mix', 'keys'];

/** `total` clients over the AZs in order, as evenly as possible, the remainder to the first AZs. */
export function spreadClients(total: number, azs: readonly string[]): ClientPlacement[] {
  const base = Math.floor(total / azs.length);
  const extra = total % azs.length;
  return azs.map((az, i) => ({ az, count: base + (i < extra ? 1 : 0) })).filter((p) => p.count > 0);
}

/**
 * `clients:` a number (spread over `azs`, the home region's AZs), or a map of clients per AZ; with
 * `regions`, a key may also be a region, its clients spread over that region's AZs as a number
 * is over the home region's.
 */
function readClients(r: Reader, node: SourceNode | undefined, azs: readonly string[], regions: readonly RegionPlace[]): ClientPlacement[] {
  if (node === undefined) return azs.map((az) => ({ az, count: WORKLOAD_DEFAULTS.clientsPerAz }));
  if (node.kind === 'map') {
    const f = r.map(node);
    const every = regions.length === 0 ? azs : regions.flatMap((p) => p.azs);
    const names = [...every, ...regions.map((p) => p.name)];
    const counts = new Map<string, number>();
    for (const e of node.entries) {
      if (!names.includes(e.key)) r.fail(e.node, unknownNameMessage(regions.length === 0 ? 'AZ' : 'AZ or region', e.key, names));
      const n = r.integer(e.node, { min: 0, max: LIMITS.clients }, 'a number of clients');
      const place = regions.find((p) => p.name === e.key);
      // A region's clients spread over its AZs, added to any the map gives those AZs by name.
      const spread = place === undefined ? [{ az: e.key, count: n }] : spreadClients(n, place.azs);
      for (const p of spread) counts.set(p.az, (counts.get(p.az) ?? 0) + p.count);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total > LIMITS.clients) r.fail(node, `at most ${LIMITS.clients} clients in all (docs/limits.md), got ${total}`);
    const placements = every.filter((az) => (counts.get(az) ?? 0) > 0).map((az) => ({ az, count: counts.get(az)! }));
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
  const phases = f.get('phases');
  if (phases !== undefined && (rate !== undefined || concurrency !== undefined)) {
    r.fail(rate ?? concurrency!, 'give either `phases` or a single `rate`/`concurrency`, not both (each phase has its own)');
  }
  if (phases !== undefined) return { kind: 'open', ratePerS: 0 }; // replaced by the busiest phase's
  if (rate !== undefined) return { kind: 'open', ratePerS: r.rate(rate, { positive: true, max: LIMITS.ratePerS }) };
  if (concurrency !== undefined) return { kind: 'closed', concurrency: r.integer(concurrency, { min: 1, max: LIMITS.concurrency }) };
  return r.fail(f.at('rate'), 'required: give `rate` (open loop, e.g. 2000/s), `concurrency` (closed loop, e.g. 64) or `phases`');
}

/**
 * A mix, with `query` (queries by index key) when `queries` allows it: read + write + query = 1,
 * a missing entry taking what is left when the others are given.
 */
function readMixWithQueries(r: Reader, node: SourceNode | undefined, queries: boolean): { read: number; query: number } {
  if (node === undefined) return { read: WORKLOAD_DEFAULTS.readFraction, query: 0 };
  const f = r.map(node, queries ? ['read', 'write', 'query'] : ['read', 'write'], 'a mix like { read: 0.8, write: 0.2 }');
  const readNode = f.get('read');
  const writeNode = f.get('write');
  const queryNode = f.get('query');
  const read = readNode === undefined ? undefined : r.number(readNode, { min: 0, max: 1 });
  const write = writeNode === undefined ? undefined : r.number(writeNode, { min: 0, max: 1 });
  const query = queryNode === undefined ? 0 : r.number(queryNode, { min: 0, max: 1 });
  const q = queryNode === undefined ? '' : ' + query';
  if (read !== undefined && write !== undefined) {
    if (Math.abs(read + write + query - 1) > 1e-9) r.fail(node, `read + write${q} must be 1, got ${read} + ${write}${queryNode === undefined ? '' : ` + ${query}`} = ${read + write + query}`);
    return { read, query };
  }
  if (read !== undefined) {
    checkedRest(r, node, 1 - read - query, q); // the rest is writes
    return { read, query };
  }
  if (write !== undefined) return { read: checkedRest(r, node, 1 - write - query, q), query };
  if (queryNode !== undefined) return r.fail(node, 'a mix with `query` also needs `read` or `write`, e.g. { read: 0.7, write: 0.2, query: 0.1 }');
  return r.fail(node, 'expected a mix like { read: 0.8, write: 0.2 }, got an empty mapping');
}

function checkedRest(r: Reader, node: SourceNode, rest: number, q: string): number {
  if (rest < -1e-9) r.fail(node, `read + write${q} must be 1: the entries given already add up to more`);
  return Math.max(0, rest);
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

/** The `phases:` list: each phase `{ for: D, rate: R }`, `{ for: D, concurrency: N }` or `{ ramp: D, to: R }`. */
function readPhases(r: Reader, node: SourceNode, queryRefusal: string | null): LoadPhase[] {
  const seq = r.list(node, 'a list of phases like [ { for: 5m, rate: 100/s }, { ramp: 2m, to: 500/s } ]');
  if (seq.items.length === 0) r.fail(node, 'give at least one phase, like { for: 5m, rate: 100/s }');
  let previousRate: number | null = null;
  return seq.items.map((item) => {
    const p = r.map(item, PHASE_KEYS, 'a phase like { for: 5m, rate: 100/s } or { ramp: 2m, to: 500/s }');
    const forNode = p.get('for');
    const rampNode = p.get('ramp');
    if (forNode !== undefined && rampNode !== undefined) r.fail(rampNode, 'a phase has either `for` (a held load) or `ramp` (a change to `to`), not both');
    if (forNode === undefined && rampNode === undefined) r.fail(p.at('for'), 'required: `for: <duration>` with a rate or concurrency, or `ramp: <duration>` with `to: <rate>`');
    const durationUs = r.duration((forNode ?? rampNode)!, { positive: true, max: LIMITS.durationUs });
    let load: LoadPhase['load'];
    if (rampNode !== undefined) {
      for (const k of ['rate', 'concurrency'] as const) if (p.has(k)) r.fail(p.at(k), `a ramp goes \`to\` a rate; \`${k}\` belongs to a \`for\` phase`);
      const toPerS = r.rate(p.require('to', 'the rate the ramp ends at, e.g. to: 500/s'), { min: 0, max: LIMITS.ratePerS });
      if (previousRate === null) r.fail(rampNode, 'a ramp starts from the rate of the phase before it, and there is none (give a `for` phase with a `rate` first)');
      load = { kind: 'ramp', toPerS };
      previousRate = toPerS;
    } else {
      if (p.has('to')) r.fail(p.at('to'), '`to` belongs to a `ramp` phase; a `for` phase holds a `rate` or `concurrency`');
      const rate = p.get('rate');
      const conc = p.get('concurrency');
      if (rate !== undefined && conc !== undefined) r.fail(conc, 'give either `rate` or `concurrency` in a phase, not both');
      if (rate === undefined && conc === undefined) r.fail(p.at('rate'), 'required: the phase\'s `rate` (e.g. 100/s, 0/s for idle) or `concurrency`');
      if (rate !== undefined) {
        load = { kind: 'open', ratePerS: r.rate(rate, { min: 0, max: LIMITS.ratePerS }) };
        previousRate = load.ratePerS;
      } else {
        load = { kind: 'closed', concurrency: r.integer(conc!, { min: 0, max: LIMITS.concurrency }) };
        previousRate = null;
      }
    }
    const phase: LoadPhase = { durationUs, load };
    const mix = p.get('mix');
    if (mix !== undefined) {
      // A phase's mix replaces the workload's, queries included (none unless it gives `query`).
      const m = readMixWithQueries(r, mix, true);
      if (m.query > 0 && queryRefusal !== null) r.fail(r.map(mix, ['read', 'write', 'query']).at('query'), queryRefusal);
      phase.readFraction = m.read;
      if (m.query > 0) phase.queryFraction = m.query;
    }
    const keys = p.get('keys');
    if (keys !== undefined) {
      if (keys.kind === 'map' && keys.entries.some((e) => e.key === 'count')) r.fail(r.map(keys).at('count'), 'the key count is the workload\'s; a phase changes only the distribution');
      phase.keyDistribution = readKeys(r, keys).dist;
    }
    return phase;
  });
}

/** The load the rate bounds see for phases: the busiest phase's rate (or concurrency); the estimate walks the phases themselves. */
function busiest(phases: readonly LoadPhase[]): Load {
  let rate = -1;
  let conc = 0;
  for (const p of phases) {
    if (p.load.kind === 'open') rate = Math.max(rate, p.load.ratePerS);
    else if (p.load.kind === 'ramp') rate = Math.max(rate, p.load.toPerS);
    else conc = Math.max(conc, p.load.concurrency);
  }
  return rate >= 0 ? { kind: 'open', ratePerS: rate } : { kind: 'closed', concurrency: conc };
}

/** `queryRefusal`: why the engine serves no queries by index key (a mix with `query` is then refused); null when it does. */
export function readWorkload(
  r: Reader,
  node: SourceNode,
  azs: readonly string[],
  extraKeys: readonly string[] = [],
  regions: readonly RegionPlace[] = [],
  queryRefusal: string | null = QUERY_REFUSAL,
): WorkloadConfig {
  const f = r.map(node, [...KEYS, ...extraKeys]);
  const d = WORKLOAD_DEFAULTS;
  // Each key is checked on its own, so every problem in the section is reported.
  const clients = r.attempt(() => readClients(r, f.get('clients'), azs, regions), []);
  const load = r.attempt<Load>(() => readLoad(r, f), { kind: 'open', ratePerS: 0 });
  const mix = r.attempt(() => readMixWithQueries(r, f.get('mix'), true), { read: d.readFraction, query: 0 });
  const readFraction = mix.read;
  // Queries read a DynamoDB global secondary index: refused, naming the `query` entry, elsewhere.
  if (mix.query > 0) {
    r.attempt(() => {
      const at = r.map(f.get('mix')!, ['read', 'write', 'query']).at('query');
      if (queryRefusal !== null) r.fail(at, queryRefusal);
    }, null);
  }
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
  const phasesNode = f.get('phases');
  const phases = phasesNode === undefined ? undefined : r.attempt<LoadPhase[] | undefined>(() => readPhases(r, phasesNode, queryRefusal), undefined);

  return {
    clients,
    load: phases === undefined ? load : busiest(phases),
    readFraction,
    // Only present when used, so a workload without queries is the same data as before.
    ...(mix.query > 0 ? { queryFraction: mix.query } : {}),
    consistency,
    keyCount: keys.count,
    keyDistribution: keys.dist,
    valueSizeBytes,
    retry: { timeoutUs, ...retry },
    // Only present when used, so a workload without phases is the same data as before.
    ...(phases === undefined ? {} : { phases }),
  };
}

/**
 * The `workloads:` list: named workload sections run at once. Each keeps its own clients, load,
 * mix, consistency, keys (laid after the previous workload's in the key space) and retries.
 */
export function readWorkloads(r: Reader, node: SourceNode, azs: readonly string[], regions: readonly RegionPlace[] = [], queryRefusal: string | null = QUERY_REFUSAL): NamedWorkload[] {
  const seq = r.list(node, 'a list of workloads, each a workload section with a `name`');
  if (seq.items.length === 0) r.fail(node, 'give at least one workload');
  const names = new Set<string>();
  let keyOffset = 0;
  return seq.items.map((item) => {
    const w = readWorkload(r, item, azs, ['name'], regions, queryRefusal);
    const f = r.map(item);
    const nameNode = f.require('name', 'each workload has a name, e.g. name: web');
    const name = r.string(nameNode, 'a workload name');
    if (!/^[a-z][a-z0-9-]*$/.test(name)) r.fail(nameNode, `a workload name is lower-case letters, digits and dashes (it names columns), got "${name}"`);
    if (names.has(name)) r.fail(nameNode, `two workloads are named "${name}"`);
    names.add(name);
    const named: NamedWorkload = { name, keyOffset, ...w };
    keyOffset += w.keyCount;
    return named;
  });
}

/** Every named workload together, as the run's single `workload` (clients in order, the whole key space, the longest retry). */
export function combinedWorkload(ws: readonly NamedWorkload[]): WorkloadConfig {
  const longest = (w: WorkloadConfig) => w.retry.attempts * w.retry.timeoutUs + (w.retry.attempts - 1) * w.retry.maxBackoffUs;
  const retry = ws.reduce((a, b) => (longest(b) > longest(a) ? b : a)).retry;
  const rates = ws.map((w) => w.load);
  const load: Load = rates.every((l) => l.kind === 'open') ? { kind: 'open', ratePerS: rates.reduce((s, l) => s + (l as { ratePerS: number }).ratePerS, 0) } : ws[0].load;
  return { ...ws[0], clients: ws.flatMap((w) => w.clients), load, keyCount: ws.reduce((s, w) => s + w.keyCount, 0), retry, phases: undefined };
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
