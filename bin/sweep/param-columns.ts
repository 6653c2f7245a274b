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
// Distinct flags keep distinct columns: only the `engine.` prefix is dropped (a key of another
// section, `cache.x`, keeps its prefix and its dot, which no option name has), and a flag whose
// column would take the name of another column (a summary column, or another flag's) keeps its
// whole key (`engine.x_s`).
// The manifest keeps the flags as given, so replay commands show the user's text; only the
// columns change. Leaves out: options of other sections than the engine's (their text is kept).

import type { OptionSpec } from '../../engines/engine.ts';

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

/** The option a key names within its section: `dns_ttl` of `engine.dns_ttl`. */
const shortName = (key: string) => (key.startsWith('engine.') ? key.slice('engine.'.length) : key);

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

/** The schema of each flag key of a sweep of `engineType`: engine options only, others unknown. */
export function engineSpecOf(schema: Readonly<Record<string, OptionSpec>>): (key: string) => OptionSpec | undefined {
  return (key) => (key.startsWith('engine.') ? schema[key.slice('engine.'.length)] : undefined);
}

/** One run's parameter cells: each assignment's value as its column holds it. */
export function comboCells(combo: readonly { key: string; option: string; value: string }[], engineOptions: Readonly<Record<string, unknown>>, specOf: (key: string) => OptionSpec | undefined): string[] {
  return combo.map((a) => setCell(specOf(a.key), engineOptions[a.option], a.value));
}
