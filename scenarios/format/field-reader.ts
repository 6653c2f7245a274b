// Reading typed values out of the source tree, failing with the file, line and field path of the
// value at fault: maps with a closed set of keys (unknown keys are errors, with a "did you mean"),
// lists, text, integers and numbers with ranges, booleans, choices, and values with units.
// An explicit null (`key:` with nothing after it) counts as absent, so the default applies.
// Leaves out: anything section-specific (each section file knows its own keys and defaults).

import { ScenarioError, listOr, show } from './scenario-error.ts';
import { suggestion, unknownKeyMessage } from './did-you-mean.ts';
import { UnitError, formatDuration, formatSize, parseDuration, parseRate, parseSize } from './units.ts';
import { childPath, type Located, type SourceMap, type SourceNode, type SourceSeq } from './yaml-source.ts';

export interface Range {
  min?: number;
  max?: number;
}

/** How a value is described in "got ..." (a mapping, a list, "text", 12). */
export function describe(node: SourceNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return show(node.value);
}

export class Reader {
  constructor(readonly file: string) {}

  fail(at: Located, message: string): never {
    throw new ScenarioError(this.file, at.line, at.path === '' ? '(top level)' : at.path, message);
  }

  /** A map, with every key checked against `allowed` (unless omitted). */
  map(node: SourceNode, allowed?: readonly string[], like = 'a mapping'): Fields {
    if (node.kind !== 'map') this.fail(node, `expected ${like}, got ${describe(node)}`);
    const fields = new Fields(this, node);
    if (allowed !== undefined) fields.only(allowed);
    return fields;
  }

  list(node: SourceNode, like = 'a list'): SourceSeq {
    if (node.kind !== 'seq') this.fail(node, `expected ${like}, got ${describe(node)}`);
    return node;
  }

  /** Text; a plain scalar YAML read as a number (`2024`) counts as the text it was written as. */
  string(node: SourceNode, like = 'text'): string {
    if (node.kind === 'scalar') {
      if (typeof node.value === 'string') return node.value;
      if (typeof node.value === 'number' && node.raw !== undefined) return node.raw;
    }
    return this.fail(node, `expected ${like}, got ${describe(node)}`);
  }

  number(node: SourceNode, range: Range = {}, like = 'a number'): number {
    if (node.kind !== 'scalar' || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
      return this.fail(node, `expected ${like}, got ${describe(node)}`);
    }
    this.inRange(node, node.value, range, String);
    return node.value;
  }

  integer(node: SourceNode, range: Range = {}, like = 'a whole number'): number {
    const v = this.number(node, {}, like);
    if (!Number.isSafeInteger(v)) this.fail(node, `expected ${like}, got ${v}`);
    this.inRange(node, v, range, String);
    return v;
  }

  boolean(node: SourceNode): boolean {
    if (node.kind !== 'scalar' || typeof node.value !== 'boolean') {
      return this.fail(node, `expected true or false, got ${describe(node)}`);
    }
    return node.value;
  }

  /** One of a closed set of words, with a "did you mean" when close to one. */
  choice<T extends string>(node: SourceNode, values: readonly T[]): T {
    const v = node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
    if (v !== undefined && (values as readonly string[]).includes(v)) return v as T;
    const hint = v === undefined ? '' : suggestion(v, values);
    return this.fail(node, `expected ${listOr(values.map((x) => `\`${x}\``))}, got ${describe(node)}${hint}`);
  }

  duration(node: SourceNode, opts: { signed?: boolean; min?: number; positive?: boolean } = {}): number {
    const v = this.units(node, (x) => parseDuration(x, { signed: opts.signed }), 'expected a duration like 250ms, 1s or 1m30s');
    if (opts.positive && v <= 0) this.fail(node, `must be more than 0, got ${formatDuration(v)}`);
    if (opts.min !== undefined && v < opts.min) this.fail(node, `must be at least ${formatDuration(opts.min)}, got ${formatDuration(v)}`);
    return v;
  }

  size(node: SourceNode, opts: { min?: number } = {}): number {
    const v = this.units(node, parseSize, 'expected a size like 512B, 1KB or 1.5MB');
    if (opts.min !== undefined && v < opts.min) this.fail(node, `must be at least ${formatSize(opts.min)}, got ${formatSize(v)}`);
    return v;
  }

  rate(node: SourceNode, opts: { positive?: boolean } = {}): number {
    const v = this.units(node, parseRate, 'expected a rate like 2000/s');
    if (opts.positive && v <= 0) this.fail(node, `must be more than 0/s, got ${v}/s`);
    return v;
  }

  private units(node: SourceNode, parse: (x: string | number) => number, like: string): number {
    if (node.kind !== 'scalar' || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      return this.fail(node, `${like}, got ${describe(node)}`);
    }
    try {
      return parse(node.value);
    } catch (e) {
      if (e instanceof UnitError) return this.fail(node, e.message);
      throw e;
    }
  }

  private inRange(at: Located, v: number, range: Range, fmt: (n: number) => string): void {
    const { min, max } = range;
    if (min !== undefined && max !== undefined && (v < min || v > max)) {
      this.fail(at, `must be between ${fmt(min)} and ${fmt(max)}, got ${fmt(v)}`);
    }
    if (min !== undefined && v < min) this.fail(at, `must be at least ${fmt(min)}, got ${fmt(v)}`);
    if (max !== undefined && v > max) this.fail(at, `must be at most ${fmt(max)}, got ${fmt(v)}`);
  }
}

/** The keys of one map, read one at a time. */
export class Fields {
  constructor(
    readonly r: Reader,
    readonly node: SourceMap,
  ) {}

  get path(): string {
    return this.node.path;
  }

  /** Every key present, in file order (null-valued ones included). */
  keys(): string[] {
    return this.node.entries.map((e) => e.key);
  }

  /** Fails on the first key not in `allowed`. */
  only(allowed: readonly string[], message: (key: string) => string = (k) => unknownKeyMessage(k, allowed)): void {
    for (const e of this.node.entries) {
      if (!allowed.includes(e.key)) this.r.fail(e.node, message(e.key));
    }
  }

  /** The value at `key`, or undefined when absent or null. */
  get(key: string): SourceNode | undefined {
    const e = this.node.entries.find((x) => x.key === key);
    if (e === undefined || (e.node.kind === 'scalar' && e.node.value === null)) return undefined;
    return e.node;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  require(key: string, hint = ''): SourceNode {
    const v = this.get(key);
    if (v === undefined) this.r.fail(this.at(key), `required${hint === '' ? '' : `: ${hint}`}`);
    return v;
  }

  /** Where `key` is, or where it would go (this map's line) when it is absent. */
  at(key: string): Located {
    const e = this.node.entries.find((x) => x.key === key);
    return e !== undefined ? e.node : { path: childPath(this.node.path, key), line: this.node.line };
  }
}
