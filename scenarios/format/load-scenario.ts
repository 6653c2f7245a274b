// Loading a scenario file: text -> source tree with lines -> every section read and checked in
// turn -> a typed Scenario with units converted and defaults filled in. The first problem found
// throws a ScenarioError naming file, line and field; nothing partial is ever returned.
// Sections are read in dependency order: top-level scalars, region (AZs), engine (roles,
// labels), cache, workload, faults (need AZs, duration, roles), expect.
// Leaves out: reading files (the caller passes the text) and building anything that runs.

import type { EngineFactory } from '../../engines/engine.ts';
import { engineFactories } from '../../engines/registry.ts';
import type { Scenario } from './scenario.ts';
import { ScenarioError } from './scenario-error.ts';
import { Reader } from './field-reader.ts';
import { parseSource } from './yaml-source.ts';
import { NAME_PATTERN, readRegion } from './region-section.ts';
import { readEngine } from './engine-section.ts';
import { readCache } from './cache-section.ts';
import { readWorkload } from './workload-section.ts';
import { readFaults } from './faults-section.ts';
import { readExpect } from './expect-section.ts';
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
  'engine',
  'cache',
  'workload',
  'faults',
  'expect',
] as const;

export const SCENARIO_DEFAULTS = Object.freeze({
  description: '',
  seed: 1,
  warmupUs: 0,
  settleUs: 30_000_000,
});

export function loadScenario(text: string, file: string, opts: LoadOptions = {}): LoadedScenario {
  const engines = opts.engines ?? engineFactories;
  const source = parseSource(text, file);
  const { lineOf } = source;
  const r: Reader = new Reader(file);
  if (source.root === null) {
    r.fail({ path: '', line: 1 }, 'the file is empty; a scenario needs at least name, duration, engine and workload');
  }
  const f = r.map(source.root, TOP_LEVEL_KEYS, 'a mapping of scenario keys (name, duration, engine, workload, ...)');

  const nameNode = f.require('name', 'a name like aurora-az-outage');
  const name = r.string(nameNode, 'a name like aurora-az-outage');
  if (!NAME_PATTERN.test(name)) {
    r.fail(nameNode, `a name is lower-case letters, digits and dashes (like aurora-az-outage), got ${JSON.stringify(name)}`);
  }
  const descNode = f.get('description');
  const description = descNode === undefined ? SCENARIO_DEFAULTS.description : r.string(descNode);

  const seedNode = f.get('seed');
  let seed = seedNode === undefined ? SCENARIO_DEFAULTS.seed : r.integer(seedNode, { min: 0 }, 'a seed (a whole number)');
  if (opts.seedOverride !== undefined) {
    if (!Number.isSafeInteger(opts.seedOverride) || opts.seedOverride < 0) {
      throw new ScenarioError(file, lineOf('seed'), 'seed', `the --seed override must be a non-negative whole number, got ${opts.seedOverride}`);
    }
    seed = opts.seedOverride;
  }

  const durationNode = f.require('duration', 'how long the workload runs, e.g. 5m');
  const durationUs = r.duration(durationNode, { positive: true });
  const warmupNode = f.get('warmup');
  const warmupUs = warmupNode === undefined ? SCENARIO_DEFAULTS.warmupUs : r.duration(warmupNode);
  if (warmupNode !== undefined && warmupUs >= durationUs) {
    r.fail(warmupNode, `the warm-up (${formatDuration(warmupUs)}) must be shorter than the duration (${formatDuration(durationUs)})`);
  }
  const settleNode = f.get('settle');
  const settleUs = settleNode === undefined ? SCENARIO_DEFAULTS.settleUs : r.duration(settleNode);

  const region = readRegion(r, f.get('region'));
  const engine = readEngine(r, f.require('engine', 'e.g. engine: { type: aurora }'), engines, region.azs, lineOf);
  const cache = readCache(r, f.get('cache'), engines, engine, region.azs, lineOf);
  const workload = readWorkload(r, f.require('workload', 'at least `rate` or `concurrency`'), region.azs);

  const roles = [...engine.factory.roles];
  const labels = [...engine.factory.labels];
  if (cache !== null) {
    for (const role of cache.roles) if (!roles.includes(role)) roles.push(role);
    for (const label of cache.labels) if (!labels.includes(label)) labels.push(label);
  }
  const faults = readFaults(r, f.get('faults'), {
    durationUs,
    scope: {
      azs: region.azs,
      roles,
      labels,
      engines: cache === null ? engine.type : `${engine.type} with a ${cache.config.type} cache`,
    },
  });
  const expect = readExpect(r, f.get('expect'), { hasCache: cache !== null, hasPartition: faults.some((x) => x.kind === 'partition') });

  const scenario: Scenario = {
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
  };
  return { scenario, lineOf };
}
