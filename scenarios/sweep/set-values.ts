// A parameter combination applied to a loaded scenario: each `--set` value is read by its
// option's declaration (kind, unit, range: the scenario loader's own reader, so the wording is a
// file's) and replaces that option's typed value; then what the loader checks across fields runs
// again on the changed options (the engine's cross-field check, a built-in cache's options, the
// fault targets against the topology). A problem names the flag it came from, not a file line.
// `faultline run --set` and every run of a sweep go through here, so a sweep's replay command
// runs the very scenario its run had.
// Workload, faults, cache and region values go through the file's source tree instead
// (section-values.ts), before the engine options are set.
// Leaves out: parsing the flags and the grid of combinations (set-grid.ts).

import { parseDocument } from 'yaml';
import type { OptionSpec } from '../../engines/engine.ts';
import { findEngine } from '../../engines/registry.ts';
import { otherRegionAzs } from '../../sim/regions.ts';
import { checkTargets } from '../check-targets.ts';
import { setTwiceProblem } from '../format/cache-section.ts';
import { Reader } from '../format/field-reader.ts';
import type { LoadedScenario } from '../format/load-scenario.ts';
import { readOptionOrDefault } from '../format/option-fields.ts';
import { ScenarioError } from '../format/scenario-error.ts';
import { parseSource, type SourceNode } from '../format/yaml-source.ts';
import { prepareScenario } from '../prepare.ts';
import { assignmentText, describeCombination, type Assignment, type Combination } from './combination.ts';
import { SweepInputError } from './input-error.ts';
import { fieldPath, isSectionKey, loadWithSectionValues } from './section-values.ts';

/** The value's source tree, its paths under the option's key (`engine.service.workers`). */
function valueNode(a: Assignment, file: string): SourceNode | undefined {
  const v = parseDocument(a.value);
  const problem = v.errors[0] ?? v.warnings[0];
  if (problem !== undefined) throw new SweepInputError(`--set ${assignmentText(a)}: the value could not be read as YAML: ${problem.message.split('\n')[0]}`);
  if (v.contents === null) throw new SweepInputError(`--set ${assignmentText(a)}: no value`);
  const root = parseSource(a.value, file).root;
  return root === null ? undefined : rooted(root, a.key);
}

/** The node with every path moved under `key`. */
function rooted(node: SourceNode, key: string): SourceNode {
  const path = node.path === '' ? key : node.path.startsWith('[') ? `${key}${node.path}` : `${key}.${node.path}`;
  if (node.kind === 'map') return { ...node, path, entries: node.entries.map((e) => ({ ...e, node: rooted(e.node, key) })) };
  if (node.kind === 'seq') return { ...node, path, items: node.items.map((i) => rooted(i, key)) };
  return { ...node, path };
}

/** A problem at `field` as the flags' one line: the flag it belongs to, else the whole combination. */
function flagProblem(combo: Combination, field: string, problem: string): SweepInputError {
  const key = (a: Assignment) => fieldPath(a.key);
  const own = combo.find((a) => field === key(a) || field.startsWith(`${key(a)}.`) || field.startsWith(`${key(a)}[`));
  if (own !== undefined && combo.length === 1) return new SweepInputError(`--set ${assignmentText(own)}: ${problem}`);
  if (own !== undefined) return new SweepInputError(`--set ${assignmentText(own)} (with ${describeCombination(combo)}): ${problem}`);
  return new SweepInputError(`--set ${describeCombination(combo)}: ${field}: ${problem}`);
}

/**
 * The base scenario (valid, as loaded) with the combination's values in its engine options,
 * checked as the loader would check a file that had them. The empty combination is the base.
 */
export function applyCombination(base: LoadedScenario, combo: Combination): LoadedScenario {
  if (combo.length === 0) return base;
  // Invariant: section values were applied to the source before (prepareCombination).
  if (combo.some((a) => isSectionKey(a.key))) throw new Error(`applyCombination: ${describeCombination(combo)} sets a section, not only engine options (a bug)`);
  const s = base.scenario;
  const factory = findEngine(s.engine.type);
  if (factory === undefined) throw new SweepInputError(`engine type ${s.engine.type} is not registered`);
  const names = Object.keys(factory.options);
  const options: Record<string, unknown> = { ...s.engine.options };
  const r = new Reader(s.file);
  const section = { path: 'engine', line: base.lineOf('engine') };
  try {
    // In the engine's option order, as the loader reads a file's (the first bad one is reported).
    for (const a of [...combo].sort((x, y) => names.indexOf(x.option) - names.indexOf(y.option))) {
      const spec: OptionSpec | undefined = factory.options[a.option];
      // Invariant: checkSetFlags has refused flags that name no option of the engine.
      if (spec === undefined) throw new Error(`--set ${a.key}: not an option of ${s.engine.type}, and not refused before (a bug)`);
      options[a.option] = readOptionOrDefault(r, valueNode(a, s.file), spec, a.option, { azs: s.region.azs, section });
      // Some problems (an unknown key in a mapping) are recorded rather than thrown.
      if (r.problems.length > 0) throw r.problems[0];
    }
    const problem = factory.check?.(options, s.region.azs, otherRegionAzs(s.region))[0];
    if (problem !== undefined) throw new ScenarioError(s.file, 1, `engine.${problem.option}`, problem.message);
    const builtIn = s.cache === null ? undefined : factory.caches?.find((c) => c.type === s.cache!.type);
    const twice = builtIn === undefined ? null : setTwiceProblem(builtIn, factory, options, s.cache!.ttlUs, s.cache!.options);
    if (twice !== null) throw new ScenarioError(s.file, 1, 'cache.type', twice);
    const loaded = { scenario: { ...s, engine: { type: s.engine.type, options } }, lineOf: base.lineOf };
    checkTargets(loaded);
    return loaded;
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw flagProblem(combo, e.field, e.problem);
  }
}

/**
 * The scenario file's text loaded (with `--seed`, if given) and the combination applied: what
 * `faultline run --set` and each sweep run do. `base`, when given, is that text already loaded
 * (with the same seed override: the seed is not applied again).
 */
export function prepareCombination(text: string, file: string, combo: Combination, seedOverride?: number, base?: LoadedScenario): { loaded: LoadedScenario } {
  const sections = combo.filter((a) => isSectionKey(a.key));
  const engine = combo.filter((a) => !isSectionKey(a.key));
  if (sections.length === 0) return { loaded: applyCombination(base ?? prepareScenario(text, file, { seedOverride }), engine) };
  let loaded: LoadedScenario;
  try {
    loaded = loadWithSectionValues(text, file, sections, seedOverride);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw flagProblem(combo, e.field, e.problem);
  }
  return { loaded: applyCombination(loaded, engine) };
}
