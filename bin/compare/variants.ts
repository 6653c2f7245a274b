// `faultline compare x.yaml --variant engine.dns_ttl=5s --variant engine.dns_ttl=60s`: one
// scenario under several settings of its engine options, each variant a topology of the
// comparison. A variant is one or more `engine.<option>=<value>` pairs separated by commas (the
// `engine.` may be left out); each pair is --set's syntax with exactly one value, and is checked
// and applied by the very code a sweep's `--set` goes through, so a variant's runs are the runs
// `faultline run x.yaml --set ...` makes. Every variant is loaded before anything runs.
// Any key --set takes can vary (workload, faults.<i>, cache, region: scenarios/sweep/section-values.ts).
// Leaves out: adding or removing a fault (as --set does).

import { checkSetFlags, parseSetFlag, prepareCombination, splitValues, type Combination } from '../../scenarios/sweep/set-grid.ts';
import { SweepInputError } from '../../scenarios/sweep/input-error.ts';
import { findEngine } from '../../engines/registry.ts';
import type { LoadedScenario } from '../../scenarios/format/load-scenario.ts';

export interface Variant {
  /** The flag's text as given. */
  text: string;
  /** The pairs in --set's syntax, one value each: `engine.dns_ttl=5s`. */
  sets: string[];
  combo: Combination;
  /** `dns_ttl=5s health_check_interval=2s`: how the variant is named in compare.csv and compare.html. */
  label: string;
}

/** The message of a --set error, re-addressed to the --variant flag it came from. */
function asVariantError(text: string, e: unknown): never {
  if ((e as Error).name !== 'SweepInputError' && (e as Error).name !== 'ScenarioError') throw e;
  throw new SweepInputError(`--variant '${text}': ${(e as Error).message.replace(/^--set /, '').replace(/\s*\n\s*/g, ' ')}`);
}

/** Parses one --variant against a valid base scenario; throws a one-line SweepInputError when it does not apply. */
export function parseVariant(text: string, baseText: string, file: string, base: LoadedScenario): Variant {
  const pieces = splitValues(text);
  if (text.trim() === '') throw new SweepInputError(`--variant '${text}': empty; expected engine.<option>=<value>[,engine.<option>=<value>...]`);
  const sets = pieces.map((p) => {
    if (!p.includes('=')) {
      throw new SweepInputError(`--variant '${text}': \`${p}\` is not <option>=<value>; a variant sets one value per option (give each value its own --variant)`);
    }
    return p.startsWith('engine.') || p.slice(0, p.indexOf('=')).includes('.') ? p : `engine.${p}`;
  });
  try {
    const flags = sets.map(parseSetFlag);
    for (const f of flags) {
      if (f.values.length !== 1) throw new SweepInputError(`--set ${f.key}: one value per option in a variant (give each value its own --variant)`);
    }
    const type = base.scenario.engine.type;
    checkSetFlags(flags, type, findEngine(type)?.options ?? {});
    const combo = flags.map((f) => ({ key: f.key, option: f.option, value: f.values[0] }));
    prepareCombination(baseText, file, combo, undefined, base);
    return { text, sets: combo.map((a) => `${a.key}=${a.value}`), combo, label: combo.map((a) => `${a.option}=${a.value}`).join(' ') };
  } catch (e) {
    return asVariantError(text, e);
  }
}

/** A folder name for a variant's sweep: the scenario's name and its settings, in characters safe on every file system. */
export function variantFolder(scenarioName: string, v: Variant): string {
  return `${scenarioName}~${v.combo.map((a) => `${a.option}=${a.value}`).join('~')}`.replace(/[^A-Za-z0-9._=~+-]/g, '_');
}
