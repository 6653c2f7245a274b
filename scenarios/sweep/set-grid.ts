// `--set engine.<option>=v1,v2,...` grids: parsing the flags, checking each names an option of the
// scenario's engine, the cartesian product of their values (the first flag varies slowest), and
// the scenario of one combination. A value is YAML text put into the scenario's YAML document at
// `engine.<option>` before the document is loaded, so every value is read, unit-converted and
// checked by the scenario loader itself (the same kinds, ranges, cross-field checks and wording
// as in a file); only the location in its messages is replaced by the flag it came from.
// Values are split on commas outside brackets, braces and quotes: `--set
// engine.replica_azs=[az-b,az-c],[az-c]` is two values.
// Leaves out: setting anything but engine options (workload, faults, the engine type).

import { parseDocument } from 'yaml';
import type { OptionSchema } from '../../engines/engine.ts';
import { findEngine } from '../../engines/registry.ts';
import { unknownNameMessage } from '../format/did-you-mean.ts';
import type { LoadedScenario } from '../format/load-scenario.ts';
import type { Scenario } from '../format/scenario.ts';
import { prepareScenario } from '../prepare.ts';
import { SweepInputError } from './input-error.ts';
import { MAX_RUNS } from './seeds.ts';

/** One `--set` flag: `engine.dns_ttl=5s,30s`. */
export interface SetFlag {
  /** `engine.dns_ttl` */
  key: string;
  /** `dns_ttl` */
  option: string;
  /** The values as written: `5s`, `30s`. */
  values: string[];
}

/** One value of one flag. */
export interface Assignment {
  key: string;
  option: string;
  value: string;
}

/** One parameter combination: one value of every flag, in flag order. */
export type Combination = readonly Assignment[];

/** `engine.dns_ttl=5s`: how a combination's parameter appears in replay commands. */
export function assignmentText(a: Assignment): string {
  return `${a.key}=${a.value}`;
}

/** `engine.replicas=2 engine.dns_ttl=5s`, or '' for the empty combination. */
export function describeCombination(c: Combination): string {
  return c.map(assignmentText).join(' ');
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
  if (eq < 0) throw new SweepInputError(`--set ${shown}: expected engine.<option>=<value>[,<value>...], like engine.dns_ttl=5s,30s`);
  const key = text.slice(0, eq).trim();
  const rest = text.slice(eq + 1);
  if (!key.startsWith('engine.') || key.length === 'engine.'.length) {
    throw new SweepInputError(`--set ${shown}: \`${key}\` is not an engine option; only engine.<option> can be set (options: \`faultline list\`)`);
  }
  const option = key.slice('engine.'.length);
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
    if (!known.includes(f.option)) {
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

/** The scenario text with the combination's values in its YAML document (unchanged when there are none). */
export function applyCombination(text: string, combo: Combination): string {
  if (combo.length === 0) return text;
  const doc = parseDocument(text);
  for (const a of combo) {
    const v = parseDocument(a.value);
    const problem = v.errors[0] ?? v.warnings[0];
    if (problem !== undefined) throw new SweepInputError(`--set ${assignmentText(a)}: the value could not be read as YAML: ${problem.message.split('\n')[0]}`);
    if (v.contents === null) throw new SweepInputError(`--set ${assignmentText(a)}: no value`);
    doc.setIn(['engine', a.option], v.contents);
  }
  return doc.toString();
}

/** A copy without the `line` fields (where things were in the file: rewriting moves them). */
function withoutLines(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutLines);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'line').map(([k, x]) => [k, withoutLines(x)]));
}

/** The scenario with the named engine options left out, the seed cleared and no line numbers, for comparisons. */
function withoutOptions(s: Scenario, options: readonly string[]): unknown {
  const kept = Object.fromEntries(Object.entries(s.engine.options).filter(([k]) => !options.includes(k)));
  return withoutLines({ ...s, seed: 0, engine: { ...s.engine, options: kept } });
}

/**
 * Loads one combination of a valid base scenario; a value the loader refuses names its flag.
 * Checks that the combination's scenario differs from the base only in the options it sets (the
 * YAML document is written back as text, and that must change nothing else).
 */
export function prepareCombination(baseText: string, file: string, combo: Combination, seedOverride?: number, base?: LoadedScenario): { text: string; loaded: LoadedScenario } {
  const text = applyCombination(baseText, combo);
  try {
    const loaded = prepareScenario(text, file, { seedOverride });
    const options = combo.map((a) => a.option);
    const original = base ?? prepareScenario(baseText, file);
    if (JSON.stringify(withoutOptions(loaded.scenario, options)) !== JSON.stringify(withoutOptions(original.scenario, options))) {
      throw new Error(`--set ${describeCombination(combo)}: rewriting the scenario changed more than those options (a bug)`);
    }
    return { text, loaded };
  } catch (e) {
    if ((e as Error).name !== 'ScenarioError') throw e;
    const err = e as Error & { field: string; problem: string };
    const own = combo.find((a) => err.field === a.key || err.field.startsWith(`${a.key}.`) || err.field.startsWith(`${a.key}[`));
    if (own !== undefined && combo.length === 1) throw new SweepInputError(`--set ${assignmentText(own)}: ${err.problem}`);
    if (own !== undefined) throw new SweepInputError(`--set ${assignmentText(own)} (with ${describeCombination(combo)}): ${err.problem}`);
    throw new SweepInputError(`--set ${describeCombination(combo)}: ${err.field}: ${err.problem}`);
  }
}

export interface Grid {
  /** The scenario as the file has it. */
  base: LoadedScenario;
  flags: SetFlag[];
  /** Every combination, in order, with its scenario text. */
  combos: { combo: Combination; text: string; loaded: LoadedScenario }[];
}

/**
 * Parses and checks `--set` flags against an already valid base scenario and loads every
 * combination, so a bad value anywhere in the grid is found before anything runs.
 */
export function prepareGrid(baseText: string, file: string, base: LoadedScenario, setTexts: readonly string[]): Grid {
  const flags = setTexts.map(parseSetFlag);
  const type = base.scenario.engine.type;
  const factory = findEngine(type);
  if (factory === undefined) throw new SweepInputError(`engine type ${type} is not registered`);
  checkSetFlags(flags, type, factory.options);
  const count = flags.reduce((n, f) => n * f.values.length, 1);
  if (count > MAX_RUNS) throw new SweepInputError(`--set: ${count} parameter combinations, more than ${MAX_RUNS}`);
  const combos = combinations(flags).map((combo) => ({ combo, ...prepareCombination(baseText, file, combo, undefined, base) }));
  return { base, flags, combos };
}
