// Loading a scenario file: text -> source tree with lines -> every section read and checked in
// turn -> a typed Scenario with units converted and defaults filled in. Problems throw one
// ScenarioError naming file, line and field of the first, carrying all (up to 20); nothing
// partial is ever returned.
// Sections are read in dependency order: top-level scalars, region and regions (AZs), engine (roles,
// labels), cache, workload, faults (need AZs, duration, roles), expect.
// Leaves out: reading files (the caller passes the text) and building anything that runs.

import type { EngineFactory } from '../../engines/engine.ts';
import { engineFactories } from '../../engines/registry.ts';
import type { Scenario } from './scenario.ts';
import { ScenarioError } from './scenario-error.ts';
import { Reader, type Fields } from './field-reader.ts';
import { parseSource, type SourceDocument, type SourceNode } from './yaml-source.ts';
import type { FaultSpec } from '../../sim/fault-spec.ts';
import { LIMITS } from './limits.ts';
import { readRegion } from './region-section.ts';
import { allAzs, otherRegionAzs } from '../../sim/regions.ts';
import { readName } from './names.ts';
import { readEngine } from './engine-section.ts';
import { readCache } from './cache-section.ts';
import { combinedWorkload, QUERY_REFUSAL, readWorkload, readWorkloads } from './workload-section.ts';
import type { NamedWorkload } from './scenario.ts';
import { readFaults } from './faults-section.ts';
import { readExpect } from './expect-section.ts';
import { readPolicy } from './policy-section.ts';
import type { DisruptionType, ResiliencyPolicy } from '../../reports/policy/resiliency-policy.ts';
import { formatDuration } from './units.ts';

export { ScenarioError };

export interface LoadedScenario {
  scenario: Scenario;
  /** 1-based line of the key at `path` (`faults[2].target`, `engine.replicas`), or of the nearest enclosing key. */
  lineOf(path: string): number;
}

export interface LoadOptions {
  /** Replaces the file's `seed` (from `--seed`). */
  seedOverride?: number;
  /** The engine factories to resolve `engine.type` and `cache.type` against (default: the registry). */
  engines?: readonly EngineFactory[];
}

export const TOP_LEVEL_KEYS = [
  'name',
  'description',
  'seed',
  'duration',
  'warmup',
  'settle',
  'region',
  'regions',
  'engine',
  'cache',
  'workload',
  'workloads',
  'faults',
  'expect',
  'policy',
] as const;

export const SCENARIO_DEFAULTS = Object.freeze({
  description: '',
  seed: 1,
  warmupUs: 0,
  settleUs: 30_000_000,
});

export function loadScenario(text: string, file: string, opts: LoadOptions = {}): LoadedScenario {
  return loadSource(parseSource(text, file), file, opts);
}

/** A scenario from its already parsed source tree (`--set` replaces nodes of a file's tree, then reads it as the file). */
export function loadSource(source: SourceDocument, file: string, opts: LoadOptions = {}): LoadedScenario {
  const engines = opts.engines ?? engineFactories;
  const { lineOf } = source;
  const r: Reader = new Reader(file);
  // Each independent part is read in `attempt`, so one problem does not hide the next; a part
  // that needs another (faults need the AZs, the engine's roles and the duration) is skipped
  // when that one failed, rather than reporting problems that are only echoes.
  const scenario = r.collect(() => readScenario(r, source.root, file, lineOf, engines, opts));
  return { scenario, lineOf };
}

function readScenario(
  r: Reader,
  root: SourceNode | null,
  file: string,
  lineOf: (path: string) => number,
  engines: readonly EngineFactory[],
  opts: LoadOptions,
): Scenario {
  if (root === null) {
    r.fail({ path: '', line: 1 }, 'the file is empty; a scenario needs at least name, duration, engine and workload');
  }
  const f = r.map(root, TOP_LEVEL_KEYS, 'a mapping of scenario keys (name, duration, engine, workload, ...)');

  const name = r.attempt(() => readName(r, f.require('name', 'a name like aurora-az-outage'), 'a name', 'aurora-az-outage'), '');
  const description = r.attempt(() => {
    const descNode = f.get('description');
    return descNode === undefined ? SCENARIO_DEFAULTS.description : r.string(descNode);
  }, '');

  const seed = r.attempt(() => {
    const seedNode = f.get('seed');
    let v = seedNode === undefined ? SCENARIO_DEFAULTS.seed : r.integer(seedNode, { min: 0 }, 'a seed (a whole number)');
    if (opts.seedOverride !== undefined) {
      if (!Number.isSafeInteger(opts.seedOverride) || opts.seedOverride < 0) {
        throw new ScenarioError(file, lineOf('seed'), 'seed', `the --seed override must be a non-negative whole number, got ${opts.seedOverride}`);
      }
      v = opts.seedOverride;
    }
    return v;
  }, 0);

  const durationUs = r.attempt(() => r.duration(f.require('duration', 'how long the workload runs, e.g. 5m'), { positive: true, max: LIMITS.durationUs }), NaN);
  const warmupUs = r.attempt(() => {
    const warmupNode = f.get('warmup');
    const v = warmupNode === undefined ? SCENARIO_DEFAULTS.warmupUs : r.duration(warmupNode, { max: LIMITS.durationUs });
    if (warmupNode !== undefined && v >= durationUs) {
      r.fail(warmupNode, `the warm-up (${formatDuration(v)}) must be shorter than the duration (${formatDuration(durationUs)})`);
    }
    return v;
  }, 0);
  const settleUs = r.attempt(() => {
    const settleNode = f.get('settle');
    return settleNode === undefined ? SCENARIO_DEFAULTS.settleUs : r.duration(settleNode, { max: LIMITS.settleUs });
  }, 0);

  const region = r.attempt(() => readRegion(r, f.get('region'), f.get('regions')), null);
  // The engines live in the home region (its AZs are `azs`); clients and faults may name any region's AZs.
  const azs = region?.azs ?? [];
  const everyAz = region === null ? [] : allAzs(region);
  const regions = region?.regions ?? [];
  // The other regions' AZs, so an engine option naming one is refused with the reason.
  const elsewhere = region === null ? undefined : otherRegionAzs(region);
  const engine = region === null ? null : r.attempt(() => readEngine(r, f.require('engine', 'e.g. engine: { type: aurora }'), engines, azs, lineOf, elsewhere), null);
  const cache = engine === null ? undefined : r.attempt(() => readCache(r, f.get('cache'), engines, engine, azs, lineOf, elsewhere), undefined);
  const workloadsNode = f.get('workloads');
  if (workloadsNode !== undefined && f.has('workload')) r.attempt(() => r.fail(f.at('workloads'), 'give either `workload` or `workloads` (a list of named workloads), not both'), null);
  // Queries by index key need an index: a DynamoDB table with a GSI.
  // (DAX's query cache is not modelled: with `dax: true` queries are refused.)
  const queryRefusal =
    engine !== null && engine.type === 'dynamodb' && (Number(engine.options.gsi_wcu ?? 0) > 0 || Number(engine.options.lsis ?? 0) > 0) ? null : QUERY_REFUSAL;
  const workloads = region === null || workloadsNode === undefined ? undefined : r.attempt<NamedWorkload[] | undefined>(() => readWorkloads(r, workloadsNode, azs, regions, queryRefusal), undefined);
  const workload =
    region === null ? null : workloadsNode !== undefined ? (workloads === undefined ? null : combinedWorkload(workloads)) : r.attempt(() => readWorkload(r, f.require('workload', 'at least `rate` or `concurrency`'), azs, [], regions, queryRefusal), null);

  let faults: FaultSpec[] = [];
  const disruptions: (DisruptionType | null)[] = [];
  if (engine !== null && cache !== undefined) {
    const roles = [...engine.factory.roles];
    const labels = [...engine.factory.labels];
    if (cache !== null) {
      for (const role of cache.roles) if (!roles.includes(role)) roles.push(role);
      for (const label of cache.labels) if (!labels.includes(label)) labels.push(label);
    }
    faults = r.attempt(
      () =>
        readFaults(r, f.get('faults'), {
          // An unreadable duration leaves the fault times unchecked against it.
          durationUs: Number.isNaN(durationUs) ? Infinity : durationUs,
          scope: {
            azs: everyAz,
            roles,
            labels,
            engines: cache === null ? engine.type : `${engine.type} with a ${cache.config.type} cache`,
            canSwitchover: engine.factory.canSwitchover?.(engine.options) === true,
            ...(region?.regions === undefined ? {} : { regions: region.regions }),
          },
        }, disruptions),
      [],
    );
  }
  const expect = r.attempt(() => readExpect(r, f.get('expect'), { hasCache: f.has('cache'), hasPartition: faults.some((x) => x.kind === 'partition') || partitionWritten(f), faultCount: faultCount(f), workloadNames: namesWritten(f, 'workloads'), regionNames: namesWritten(f, 'regions') }), []);
  const policyNode = f.get('policy');
  const policy = policyNode === undefined ? undefined : r.attempt<ResiliencyPolicy | undefined>(() => readPolicy(r, policyNode), undefined);

  if (r.problems.length > 0 || region === null || engine === null || cache === undefined || workload === null) {
    // Every problem was recorded; collect() throws them.
    return r.stop();
  }
  return {
    name,
    description,
    file,
    seed,
    durationUs,
    warmupUs,
    settleUs,
    region,
    engine: { type: engine.type, options: engine.options },
    cache: cache === null ? null : cache.config,
    workload,
    faults,
    expect,
    // Only present when used, so a scenario without them is the same data as before.
    ...(policy === undefined ? {} : { policy }),
    ...(workloads === undefined ? {} : { workloads }),
    ...(disruptions.some((d) => d !== null) ? { disruptions } : {}),
  };
}

/** How many faults the file lists (an expectation on fault i needs i < this). */
function faultCount(f: Fields): number {
  const node = f.get('faults');
  return node !== undefined && node.kind === 'seq' ? node.items.length : 0;
}

/** The `name`s a list section (`workloads:`, `regions:`) gives, read from the source (so a bound per workload or region is checked even when the section has an error). */
function namesWritten(f: Fields, section: string): string[] {
  const node = f.get(section);
  if (node === undefined || node.kind !== 'seq') return [];
  return node.items.flatMap((i) => (i.kind === 'map' ? i.entries.flatMap((e) => (e.key === 'name' && e.node.kind === 'scalar' && typeof e.node.value === 'string' ? [e.node.value] : [])) : []));
}

/** Whether the file lists a partition fault (when faults could not be read, so as not to add an echo). */
function partitionWritten(f: Fields): boolean {
  const node = f.get('faults');
  if (node === undefined || node.kind !== 'seq') return false;
  return node.items.some((i) => i.kind === 'map' && i.entries.some((e) => e.key === 'kind' && e.node.kind === 'scalar' && e.node.value === 'partition'));
}
