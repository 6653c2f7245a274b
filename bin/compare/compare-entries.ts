// The topologies of one `faultline compare`: each scenario file as written, or, with --variant,
// the first file once per variant followed by the other files as written. Each entry carries
// what its sweep needs (the scenario argument and its --set pairs), how the comparison names it
// and the folder its sweep is written to. Every variant is checked before anything runs.

import type { LoadedScenario } from '../../scenarios/format/load-scenario.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { prepareCombination } from '../../scenarios/sweep/set-grid.ts';
import { parseVariant, variantFolder, type Variant } from './variants.ts';

export interface ScenarioFile {
  /** The argument as given (a path or a bundled name). */
  arg: string;
  /** The file as messages show it. */
  shown: string;
  text: string;
  loaded: LoadedScenario;
}

export interface CompareEntry extends ScenarioFile {
  /** `engine.<option>=<value>` pairs the sweep applies (none for a file as written). */
  sets: string[];
  variant: Variant | null;
  /** In compare.csv's scenario column and on compare.html. */
  label: string;
  /** The sweep's folder under --out. */
  folder: string;
}

export function compareEntries(files: readonly ScenarioFile[], variantTexts: readonly string[]): CompareEntry[] {
  const asWritten = (f: ScenarioFile): CompareEntry => ({ ...f, sets: [], variant: null, label: f.loaded.scenario.name, folder: f.loaded.scenario.name });
  if (variantTexts.length === 0) return files.map(asWritten);
  const [first, ...rest] = files;
  const name = first.loaded.scenario.name;
  const variants = variantTexts.map((t) => parseVariant(t, first.text, first.shown, first.loaded));
  return [...variants.map((v) => ({ ...first, sets: v.sets, variant: v, label: `${name} [${v.label}]`, folder: variantFolder(name, v) })), ...rest.map(asWritten)];
}

/** The entry's scenario at `seed`, with its variant's settings: the very run its sweep made at that seed. */
export function entryAtSeed(e: CompareEntry, seed: number): Scenario {
  if (e.variant === null) return prepareScenario(e.text, e.shown, { seedOverride: seed }).scenario;
  return prepareCombination(e.text, e.shown, e.variant.combo, seed).loaded.scenario;
}
