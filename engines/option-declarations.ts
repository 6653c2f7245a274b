// Options declared once: each option is one declaration (its snake_case key in scenario files, its
// kind, default, range and documentation) under the typed camelCase field, with its unit, that the
// engine reads (`dnsTtlUs: duration('dns_ttl', 5 * S, { doc })`). One `defineOptions` object
// yields the OptionSchema the scenario loader parses, checks and documents by, and the typed
// values of parsed options, so no engine casts or renames its options by hand.
// Leaves out: values derived from several options or from the region (an AZ defaulting to the
// first one, a timeout of 0 meaning "computed"): each engine resolves those after reading.

import type { Distribution } from '../sim/distribution.ts';
import type { EngineOptions, OptionSchema, OptionSpec, ServiceSpec } from './engine.ts';

/** One option: its key in scenario files, its spec, and (as a type only) the value it gives. */
export interface OptionDecl<T> {
  readonly key: string;
  readonly spec: OptionSpec;
  /** Never set: carries the value's type to OptionValues. */
  readonly valueType?: T;
}

interface Doc {
  doc: string;
}

interface Ranged extends Doc {
  min?: number;
  max?: number;
}

function decl<T>(key: string, spec: OptionSpec): OptionDecl<T> {
  return { key, spec };
}

/** The spec's range, without keys for bounds that are not given (the schema is plain data). */
function range(o: Ranged): { min?: number; max?: number } {
  return { ...(o.min === undefined ? {} : { min: o.min }), ...(o.max === undefined ? {} : { max: o.max }) };
}

/** A duration, in microseconds. */
export const duration = (key: string, dflt: number, o: Ranged): OptionDecl<number> => decl(key, { kind: 'duration', default: dflt, ...range(o), doc: o.doc });
/** A latency distribution, in microseconds. */
export const distribution = (key: string, dflt: Distribution, o: Doc): OptionDecl<Distribution> => decl(key, { kind: 'distribution', default: dflt, doc: o.doc });
/** Workers and a service-time distribution. */
export const service = (key: string, dflt: ServiceSpec, o: Doc): OptionDecl<ServiceSpec> => decl(key, { kind: 'service', default: dflt, doc: o.doc });
export const integer = (key: string, dflt: number, o: Ranged): OptionDecl<number> => decl(key, { kind: 'integer', default: dflt, ...range(o), doc: o.doc });
export const number = (key: string, dflt: number, o: Ranged): OptionDecl<number> => decl(key, { kind: 'number', default: dflt, ...range(o), doc: o.doc });
/** A size, in bytes. */
export const size = (key: string, dflt: number, o: Ranged): OptionDecl<number> => decl(key, { kind: 'size', default: dflt, ...range(o), doc: o.doc });
/** A rate, per second. */
export const rate = (key: string, dflt: number, o: Ranged): OptionDecl<number> => decl(key, { kind: 'rate', default: dflt, ...range(o), doc: o.doc });
export const boolean = (key: string, dflt: boolean, o: Doc): OptionDecl<boolean> => decl(key, { kind: 'boolean', default: dflt, doc: o.doc });
/** One of `values`; the typed value is their union. */
export const choice = <V extends string>(key: string, dflt: NoInfer<V>, values: readonly V[], o: Doc): OptionDecl<V> => decl(key, { kind: 'enum', default: dflt, values, doc: o.doc });
/** A list, each item one of `values` (possibly empty). */
export const choiceList = (key: string, dflt: string[], values: readonly string[], o: Doc): OptionDecl<string[]> => decl(key, { kind: 'enum-list', default: dflt, values, doc: o.doc });
/** One of the region's AZs; null when the engine picks. */
export const az = (key: string, dflt: string | null, o: Doc): OptionDecl<string | null> => decl(key, { kind: 'az', default: dflt, doc: o.doc });
/** A list of the region's AZs; null when the engine picks. */
export const azList = (key: string, dflt: string[] | null, o: Doc): OptionDecl<string[] | null> => decl(key, { kind: 'az-list', default: dflt, doc: o.doc });
/** A list of AZs of any region (the home region's or another's, for cross-region replicas); null when none. */
export const anyRegionAzList = (key: string, o: Doc): OptionDecl<string[] | null> => decl(key, { kind: 'az-list', default: null, doc: o.doc, anyRegion: true });

/** The same option under another key (a cache section's `bypass` is the engine's `dax_bypass`). */
export function rekeyed<T>(d: OptionDecl<T>, key: string): OptionDecl<T> {
  return { key, spec: { ...d.spec } };
}

export type OptionFields = Readonly<Record<string, OptionDecl<unknown>>>;

/** The typed values of a set of declarations: each field with its option's value. */
export type OptionValues<D extends OptionFields> = { [F in keyof D]: D[F] extends OptionDecl<infer T> ? T : never };

export interface DeclaredOptions<D extends OptionFields> {
  /** What the scenario loader parses and checks by, and `faultline list` documents: by key, in declaration order. */
  readonly schema: OptionSchema;
  readonly fields: D;
  /** Parsed options (by key) as typed values (by field); an option not given has its default. */
  values(options: EngineOptions): OptionValues<D>;
  /** Typed values (some fields) as options by key, for handing to the loader's side. */
  byKey(values: Partial<OptionValues<D>>): Record<string, unknown>;
}

export function defineOptions<D extends OptionFields>(fields: D): DeclaredOptions<D> {
  const entries = Object.entries(fields);
  const schema: Record<string, OptionSpec> = {};
  for (const [field, d] of entries) {
    if (d.key in schema) throw new Error(`option ${d.key} declared twice (field ${field})`);
    schema[d.key] = d.spec;
  }
  return {
    schema,
    fields,
    values(options) {
      const out: Record<string, unknown> = {};
      for (const [field, d] of entries) out[field] = d.key in options ? options[d.key] : structuredClone(d.spec.default);
      // Invariant: the loader read every key by its spec's kind, so each value has its field's type.
      return out as OptionValues<D>;
    },
    byKey(values) {
      const out: Record<string, unknown> = {};
      for (const [field, v] of Object.entries(values)) {
        const d = fields[field];
        if (d === undefined) throw new Error(`no option declared for field ${field}`);
        out[d.key] = v;
      }
      return out;
    },
  };
}
