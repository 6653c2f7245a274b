// Engine (and cache) options: each key the user wrote is read by the kind its factory declares
// (engines/engine.ts OptionSpec), every option left out takes the declared default, and then the
// factory's own cross-field check runs, its problems reported at the option's line. Shared by
// the `engine:` and `cache:` sections so both report bad options the same way.
// Leaves out: options whose shape is not one of the declared kinds.

import type { EngineFactory, EngineOptions, OptionSchema, OptionSpec } from '../../engines/engine.ts';
import { unknownKeyMessage, unknownNameMessage } from './did-you-mean.ts';
import { readDistribution } from './distribution-field.ts';
import type { Fields, Reader } from './field-reader.ts';
import { LIMITS } from './limits.ts';
import { childPath, type Located, type SourceNode } from './yaml-source.ts';

export interface OptionsContext {
  /** The region's AZs (for `az` and `az-list` options). */
  azs: readonly string[];
  /** Keys of the section that are not options (`type`, or the cache's `strategy` and `ttl`). */
  reserved: readonly string[];
  /** Where a problem with a default goes: `engine` or `cache`. */
  section: Located;
  /** With `regions:`, the AZs of the other regions, each with its region (to say why one is refused). */
  elsewhere?: ReadonlyMap<string, string>;
}

/** Reads every option of `schema` from `f`, defaults filled in; unknown keys are errors. */
export function readOptions(r: Reader, f: Fields, schema: OptionSchema, ctx: OptionsContext): Record<string, unknown> {
  const names = Object.keys(schema);
  f.only([...ctx.reserved, ...names], (k) => unknownKeyMessage(k, [...ctx.reserved, ...names]));
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const spec = schema[name];
    const node = f.get(name);
    // Each option on its own, so every bad option is reported (a bad one keeps its default).
    out[name] = r.attempt(() => readOptionOrDefault(r, node, spec, name, ctx), structuredClone(spec.default));
  }
  return out;
}

/**
 * Runs the factory's cross-field check and fails on its first problem, at that option's line;
 * skipped when problems were recorded since `before` (checks on half-read options only echo them).
 */
export function checkOptions(
  r: Reader,
  before: number,
  factory: EngineFactory,
  options: EngineOptions,
  azs: readonly string[],
  lineOf: (path: string) => number,
  sectionPath: string,
  elsewhere?: ReadonlyMap<string, string>,
): void {
  if (r.problems.length > before) return;
  const problems = factory.check?.(options, azs, elsewhere) ?? [];
  const first = problems[0];
  if (first === undefined) return;
  const path = childPath(sectionPath, first.option);
  r.fail({ path, line: lineOf(path) }, first.message);
}

/** One option's value: read by its kind, or its default when absent (an explicit null is absent). */
export function readOptionOrDefault(r: Reader, node: SourceNode | undefined, spec: OptionSpec, name: string, ctx: Pick<OptionsContext, 'azs' | 'section' | 'elsewhere'>): unknown {
  return node === undefined || (node.kind === 'scalar' && node.value === null) ? defaultOf(r, spec, name, ctx) : readOption(r, node, spec, ctx.azs, ctx.elsewhere);
}

function defaultOf(r: Reader, spec: OptionSpec, name: string, ctx: Pick<OptionsContext, 'azs' | 'section'>): unknown {
  const at = { path: childPath(ctx.section.path, name), line: ctx.section.line };
  if (spec.kind === 'az' && spec.default !== null && !ctx.azs.includes(spec.default)) {
    r.fail(at, `the default AZ \`${spec.default}\` is not in region.azs (${ctx.azs.join(', ')}); set ${name}`);
  }
  if (spec.kind === 'az-list' && spec.default !== null) {
    const missing = spec.default.find((az) => !ctx.azs.includes(az));
    if (missing !== undefined) r.fail(at, `the default names the AZ \`${missing}\`, which is not in region.azs (${ctx.azs.join(', ')}); set ${name}`);
  }
  return structuredClone(spec.default);
}

function readAz(r: Reader, node: SourceNode, azs: readonly string[], elsewhere?: ReadonlyMap<string, string>, anyRegion = false): string {
  const az = r.string(node, 'an AZ name');
  const region = elsewhere?.get(az);
  // An engine lives in the first region, except what an option declared anyRegion places (a
  // cross-region read replica).
  if (region !== undefined && anyRegion) return az;
  if (region !== undefined) r.fail(node, `\`${az}\` is in region ${region}: the engines live in the first region of \`regions:\` (${azs.join(', ')}) until their global features land`);
  if (!azs.includes(az)) r.fail(node, unknownNameMessage('AZ', az, azs));
  return az;
}

export function readOption(r: Reader, node: SourceNode, spec: OptionSpec, azs: readonly string[], elsewhere?: ReadonlyMap<string, string>): unknown {
  switch (spec.kind) {
    case 'duration':
      return r.duration(node, { min: spec.min, max: spec.max });
    case 'distribution':
      return readDistribution(r, node);
    case 'service': {
      const s = r.map(node, ['workers', 'time'], 'a service like { workers: 8, time: { exponential: 200us } }');
      const workers = s.get('workers');
      const time = s.get('time');
      return {
        workers: workers === undefined ? spec.default.workers : r.integer(workers, { min: 1, max: 1024 }),
        time: time === undefined ? structuredClone(spec.default.time) : readDistribution(r, time),
      };
    }
    case 'integer':
      return r.integer(node, { min: spec.min, max: spec.max });
    case 'number':
      return r.number(node, { min: spec.min, max: spec.max ?? LIMITS.anyNumber });
    case 'size':
      return r.size(node, { min: spec.min, max: spec.max });
    case 'rate':
      return r.rate(node, { min: spec.min, max: spec.max ?? LIMITS.anyRatePerS });
    case 'boolean':
      return r.boolean(node);
    case 'enum':
      return r.choice(node, spec.values);
    case 'az':
      return readAz(r, node, azs, elsewhere);
    case 'enum-list': {
      const list = r.list(node, `a list like [${spec.values.slice(0, 2).join(', ')}]`);
      return list.items.map((item) => r.choice(item, spec.values));
    }
    case 'az-list': {
      const list = r.list(node, 'a list of AZ names like [az-a, az-b]');
      if (list.items.length === 0) r.fail(node, 'expected at least one AZ');
      const out: string[] = [];
      for (const item of list.items) {
        const az = readAz(r, item, azs, elsewhere, spec.anyRegion === true);
        if (out.includes(az)) r.fail(item, `the AZ \`${az}\` is listed twice`);
        out.push(az);
      }
      return out;
    }
  }
}
