// `--set <section>.<key>=v1,v2,...` grids: parsing the flags, checking each engine key names an
// option of the scenario's engine, the cartesian product of their values (the first flag varies slowest), and
// the scenario of each combination: the loaded scenario with the values set in its typed engine
// options (set-values.ts), each value read by its option's declaration with the scenario
// loader's own reader, so kinds, ranges, cross-field checks and wording are a file's.
// Values are split on commas outside brackets, braces and quotes: `--set
// engine.replica_azs=[az-b,az-c],[az-c]` is two values.
// Keys of the workload, faults (by index), cache and region sections are set in the file's
// source tree and read by the loader (section-values.ts).
// Leaves out: the engine type, and keys above the sections (duration, warmup).

import type { OptionSchema } from '../../engines/engine.ts';
import { findEngine } from '../../engines/registry.ts';
import { unknownNameMessage } from '../format/did-you-mean.ts';
import type { LoadedScenario } from '../format/load-scenario.ts';
import { type Assignment, type Combination } from './combination.ts';
import { SweepInputError } from './input-error.ts';
import { MAX_RUNS } from './seeds.ts';
import { prepareCombination } from './set-values.ts';
import { isSectionKey, SET_SECTIONS } from './section-values.ts';

export { assignmentText, describeCombination, type Assignment, type Combination } from './combination.ts';
export { applyCombination, prepareCombination } from './set-values.ts';

/** One `--set` flag: `engine.dns_ttl=5s,30s`. */
export interface SetFlag {
  /** `engine.dns_ttl` */
  key: string;
  /** `dns_ttl` */
  option: string;
  /** The values as written: `5s`, `30s`. */
  values: string[];
}

/** Splits a value list on commas that are not inside [], {}, () or quotes. */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{' || ch === '(') depth++;
    else if ((ch === ']' || ch === '}' || ch === ')') && depth > 0) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** Parses one `--set` flag's text (its syntax only; checkSetFlags checks it against the engine). */
export function parseSetFlag(text: string): SetFlag {
  const shown = JSON.stringify(text);
  if (/[\r\n]/.test(text)) throw new SweepInputError(`--set ${shown}: a value must fit on one line`);
  const eq = text.indexOf('=');
  if (eq < 0) throw new SweepInputError(`--set ${shown}: expected <section>.<key>=<value>[,<value>...], like engine.dns_ttl=5s,30s or faults.0.for=30s`);
  const key = text.slice(0, eq).trim();
  const rest = text.slice(eq + 1);
  const section = key.slice(0, Math.max(0, key.indexOf('.')));
  if (!(['engine', ...SET_SECTIONS] as string[]).includes(section) || key.length === section.length + 1) {
    throw new SweepInputError(`--set ${shown}: \`${key}\` names no value that can be set; a key starts with engine., workload., faults.<index>., cache. or region. (engine.dns_ttl, workload.rate, faults.0.for)`);
  }
  const option = section === 'engine' ? key.slice('engine.'.length) : key;
  if (option === 'type') throw new SweepInputError(`--set ${shown}: the engine type cannot be set (engines have different options); sweep each engine's scenario on its own`);
  const values = splitValues(rest);
  values.forEach((v, i) => {
    if (v === '') throw new SweepInputError(`--set ${shown}: value ${i + 1} is empty`);
  });
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new SweepInputError(`--set ${shown}: the value ${v} is listed twice`);
    seen.add(v);
  }
  return { key, option, values };
}

/** Checks the flags name distinct options of the engine's schema. */
export function checkSetFlags(flags: readonly SetFlag[], engineType: string, schema: OptionSchema): void {
  const known = Object.keys(schema);
  const seen = new Set<string>();
  for (const f of flags) {
    // A section's keys are checked by the scenario loader when the value is put in (section-values.ts).
    if (!isSectionKey(f.key) && !known.includes(f.option)) {
      throw new SweepInputError(`--set ${f.key}=...: ${unknownNameMessage(`${engineType} option`, f.option, known)}`);
    }
    if (seen.has(f.key)) throw new SweepInputError(`--set ${f.key}: set twice; give all its values in one flag (${f.key}=a,b,c)`);
    seen.add(f.key);
  }
}

/** Every combination of the flags' values: the first flag varies slowest. No flags: one empty combination. */
export function combinations(flags: readonly SetFlag[]): Combination[] {
  let out: Assignment[][] = [[]];
  for (const f of flags) {
    const next: Assignment[][] = [];
    for (const prefix of out) for (const value of f.values) next.push([...prefix, { key: f.key, option: f.option, value }]);
    out = next;
  }
  return out;
}

export interface Grid {
  /** The scenario as the file has it, and its text. */
  base: LoadedScenario;
  text: string;
  flags: SetFlag[];
  /** Every combination, in order, with its scenario. */
  combos: { combo: Combination; loaded: LoadedScenario }[];
}

/**
 * Parses and checks `--set` flags against an already valid base scenario and loads every
 * combination, so a bad value anywhere in the grid is found before anything runs.
 */
export function prepareGrid(baseText: string, base: LoadedScenario, setTexts: readonly string[]): Grid {
  const flags = setTexts.map(parseSetFlag);
  const type = base.scenario.engine.type;
  const factory = findEngine(type);
  if (factory === undefined) throw new SweepInputError(`engine type ${type} is not registered`);
  checkSetFlags(flags, type, factory.options);
  const count = flags.reduce((n, f) => n * f.values.length, 1);
  if (count > MAX_RUNS) throw new SweepInputError(`--set: ${count} parameter combinations, more than ${MAX_RUNS}`);
  const combos = combinations(flags).map((combo) => ({ combo, loaded: prepareCombination(baseText, base.scenario.file, combo, undefined, base).loaded }));
  return { base, text: baseText, flags, combos };
}
