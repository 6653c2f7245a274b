// The sweep.csv column of each `--set` flag and the cell a run's value gives it: the column is
// named after the option and the unit its schema kind measures in, and holds the value as a
// number in that unit, the way summary.csv's columns do (`--set engine.dns_ttl=5s` is a column
// `dns_ttl_s` holding 5). The rule, by the option's kind:
//   duration             `<option>_s`, seconds (summary.csv gives recovery times in seconds:
//                        write_outage_s, detection_s, failover_s; the options set those)
//   size                 `<option>_bytes`, bytes; `<option>_bytes_per_s` for an option named
//                        `*_rate` (such size options are bytes per second)
//   rate                 `<option>_per_s`, per second
//   integer, number,     `<option>`, the value as the scenario loader read it (no unit)
//   boolean, enum
//   anything else        `<option>`, the flag's text as given: a distribution, a service, an AZ
//                        or a list of AZs has no single number
// A key of another section (workload, faults, cache, region) has no declaration: its kind is
// the one every value of its flag is written in (`30s`, `500/s`, `1KB`, a plain number), read
// by the scenario's own unit parsers, and its column is the key with `_` for `.`
// (`faults.0.for=30s` is `faults_0_for_s` holding 30, `workload.rate=500/s` is
// `workload_rate_per_s` holding 500); values in no one unit keep their text.
// Distinct flags keep distinct columns: a flag whose column would take the name of another column
// (a summary column, or another flag's) keeps its whole key (`engine.x_s`).
// The manifest keeps the flags as given, so replay commands show the user's text; only the
// columns change.

import type { OptionSpec } from '../../engines/engine.ts';
import { parseDuration, parseRate, parseSize } from '../../scenarios/format/units.ts';

/** The unit suffix of a kind's column, '' when it has none. */
function unitSuffix(option: string, spec: OptionSpec | undefined): string {
  switch (spec?.kind) {
    case 'duration':
      return '_s';
    case 'size':
      return option.endsWith('_rate') ? '_bytes_per_s' : '_bytes';
    case 'rate':
      return '_per_s';
    default:
      return '';
  }
}

/** A column's stem: `dns_ttl` of `engine.dns_ttl`, `faults_0_for` of `faults.0.for`. */
const shortName = (key: string) => (key.startsWith('engine.') ? key.slice('engine.'.length) : key.replaceAll('.', '_'));

type TextKind = 'duration' | 'rate' | 'size' | 'number';

/** The value of `text` in the unit of `kind` (seconds, per second, bytes, itself), or null when it is not one. */
function textValue(kind: TextKind, text: string): number | null {
  try {
    if (kind === 'number') return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : null;
    if (kind === 'duration') return parseDuration(text) / 1e6;
    return kind === 'rate' ? parseRate(text) : parseSize(text);
  } catch {
    return null;
  }
}

/** The one kind all of a section flag's values are written in, if any (a plain number first: `0` is also a duration). */
function kindOfTexts(values: readonly string[]): TextKind | undefined {
  return (['number', 'duration', 'rate', 'size'] as const).find((k) => values.every((v) => textValue(k, v) !== null));
}

/**
 * The column of each flag key (distinct keys, in order), given each key's option schema
 * (undefined: unknown, kept as text) and the other columns of the table.
 */
export function setColumnNames(keys: readonly string[], specOf: (key: string) => OptionSpec | undefined, otherColumns: readonly string[]): string[] {
  const wanted = keys.map((k) => shortName(k) + unitSuffix(k, specOf(k)));
  return keys.map((k, i) => {
    const clash = otherColumns.includes(wanted[i]) || wanted.some((w, j) => j !== i && w === wanted[i]);
    // Invariant: distinct keys give distinct whole-key names (the suffix depends on the key only).
    return clash ? k + unitSuffix(k, specOf(k)) : wanted[i];
  });
}

/** The cell of one run's value: `loaded` is the option's value as the scenario loader read it, `text` the flag's. */
export function setCell(spec: OptionSpec | undefined, loaded: unknown, text: string): string {
  switch (spec?.kind) {
    case 'duration':
      // Durations are whole microseconds: the division is exact to the 6 decimals it can have.
      return String((loaded as number) / 1e6);
    case 'size':
    case 'rate':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'enum':
      return String(loaded);
    default:
      return text;
  }
}

/** The schema of each flag key of a sweep: engine options by their declarations, other sections' keys by the kind their values are written in. */
export function setSpecOf(schema: Readonly<Record<string, OptionSpec>>, flags: readonly { key: string; values: readonly string[] }[] = []): (key: string) => OptionSpec | undefined {
  const sections = new Map<string, OptionSpec>();
  for (const f of flags) {
    if (f.key.startsWith('engine.')) continue;
    const kind = kindOfTexts(f.values);
    if (kind !== undefined) sections.set(f.key, { kind, default: 0, doc: 'a --set value of a scenario section' });
  }
  return (key) => (key.startsWith('engine.') ? schema[key.slice('engine.'.length)] : sections.get(key));
}

/** One run's parameter cells: each assignment's value as its column holds it (a section's read from its text). */
export function comboCells(combo: readonly { key: string; option: string; value: string }[], engineOptions: Readonly<Record<string, unknown>>, specOf: (key: string) => OptionSpec | undefined): string[] {
  return combo.map((a) => {
    const spec = specOf(a.key);
    if (a.key.startsWith('engine.') || spec === undefined) return setCell(spec, engineOptions[a.option], a.value);
    return String(textValue(spec.kind as TextKind, a.value));
  });
}
