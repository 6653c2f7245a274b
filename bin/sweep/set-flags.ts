// `faultline run --set <section>.<key>=<value>` (engine, workload, faults.<i>, cache, region):
// one value per flag, applied to the loaded scenario exactly as each run of a sweep applies its
// parameter combination
// (scenarios/sweep/set-values.ts), so the replay command a sweep prints runs the very scenario
// that run had.

import type { LoadedScenario } from '../../scenarios/format/load-scenario.ts';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { checkSetFlags, parseSetFlag, prepareCombination } from '../../scenarios/sweep/set-grid.ts';
import { SweepInputError } from '../../scenarios/sweep/input-error.ts';
import { findEngine } from '../../engines/registry.ts';
import { ExitCode, fail } from '../exit.ts';

/** Loads `text` with the `--set` flags applied; on bad input prints one line and returns exit code 2. */
export function prepareWithSetsOrExit(text: string, file: string, sets: string | string[] | undefined, seed?: number): LoadedScenario | number {
  const list = sets === undefined ? [] : Array.isArray(sets) ? sets.map(String) : [String(sets)];
  try {
    const base = prepareScenario(text, file, { seedOverride: seed });
    if (list.length === 0) return base;
    const flags = list.map(parseSetFlag);
    for (const f of flags) {
      if (f.values.length !== 1) throw new SweepInputError(`--set ${f.key}=${f.values.join(',')}: run takes one value per option (\`faultline sweep\` runs several)`);
    }
    const type = base.scenario.engine.type;
    checkSetFlags(flags, type, findEngine(type)?.options ?? {});
    return prepareCombination(text, file, flags.map((f) => ({ key: f.key, option: f.option, value: f.values[0] })), seed, base).loaded;
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'ScenarioError' || name === 'SweepInputError') return fail(ExitCode.BadInput, (e as Error).message);
    throw e;
  }
}
