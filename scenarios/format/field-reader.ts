// Reading typed values out of the source tree, failing with the file, line and field path of the
// value at fault: maps with a closed set of keys (unknown keys are errors, with a "did you mean"),
// lists, text, integers and numbers with ranges, booleans, choices, and values with units.
// An explicit null (`key:` with nothing after it) counts as absent, so the default applies.
// Leaves out: anything section-specific (each section file knows its own keys and defaults).

import { MAX_PROBLEMS, ScenarioError, combineProblems, listOr, show } from './scenario-error.ts';
import { didYouMean, suggestion, unknownKeyMessage } from './did-you-mean.ts';
import { UnitError, formatDuration, formatSize, parseDuration, parseRate, parseSize } from './units.ts';
import { LIMITS } from './limits.ts';
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

/** Thrown to stop reading: MAX_PROBLEMS problems are recorded, or what is left depends on a part that failed. */
class StopReading extends Error {}

export class Reader {
  /** Problems recorded so far by `attempt`. */
  readonly problems: ScenarioError[] = [];

  constructor(readonly file: string) {}

  /**
   * Runs one independent check; a problem in it is recorded and `fallback` returned, so the
   * checks after it still run and the file's problems are reported together.
   */
  attempt<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      this.problems.push(...e.problems);
      if (this.problems.length >= MAX_PROBLEMS) throw new StopReading();
      return fallback;
    }
  }

  /** Fails the enclosing `attempt` without a problem of its own (one already reported explains it). */
  failQuietly(at: Located): never {
    const e = new ScenarioError(this.file, at.line, at.path, 'reported already');
    e.problems = [];
    throw e;
  }

  /** Stops reading (the problems recorded so far are the report). */
  stop(): never {
    throw new StopReading();
  }

  /** Runs the whole reading; throws one ScenarioError carrying every problem recorded. */
  collect<T>(fn: () => T): T {
    let out: T;
    try {
      out = fn();
    } catch (e) {
      if (e instanceof ScenarioError) this.problems.push(...e.problems);
      else if (!(e instanceof StopReading)) throw e;
    }
    if (this.problems.length > 0) throw combineProblems(this.problems.slice(0, MAX_PROBLEMS));
    return out!;
  }

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

  /** A duration; at most `max` (default: a week, LIMITS.anyDurationUs), and as far below 0 when signed. */
  duration(node: SourceNode, opts: { signed?: boolean; min?: number; max?: number; positive?: boolean } = {}): number {
    const v = this.units(node, (x) => parseDuration(x, { signed: opts.signed }), 'expected a duration like 250ms, 1s or 1m30s');
    const max = opts.max ?? LIMITS.anyDurationUs;
    if (opts.positive && v <= 0) this.fail(node, `must be more than 0, got ${formatDuration(v)}`);
    if (opts.min !== undefined && v < opts.min) this.fail(node, `must be at least ${formatDuration(opts.min)}, got ${formatDuration(v)}`);
    if (v > max) this.fail(node, `must be at most ${formatDuration(max)}, got ${formatDuration(v)}`);
    if (v < -max) this.fail(node, `must be at least -${formatDuration(max)}, got ${formatDuration(v)}`);
    return v;
  }

  /** A size; at most `max` (default 1 TB, LIMITS.anySizeBytes). */
  size(node: SourceNode, opts: { min?: number; max?: number } = {}): number {
    const v = this.units(node, parseSize, 'expected a size like 512B, 1KB or 1.5MB');
    const max = opts.max ?? LIMITS.anySizeBytes;
    if (opts.min !== undefined && v < opts.min) this.fail(node, `must be at least ${formatSize(opts.min)}, got ${formatSize(v)}`);
    if (v > max) this.fail(node, `must be at most ${formatSize(max)}, got ${formatSize(v)}`);
    return v;
  }

  rate(node: SourceNode, opts: { positive?: boolean; min?: number; max?: number } = {}): number {
    const v = this.units(node, parseRate, 'expected a rate like 2000/s');
    if (opts.positive && v <= 0) this.fail(node, `must be more than 0/s, got ${v}/s`);
    if (opts.min !== undefined && v < opts.min) this.fail(node, `must be at least ${opts.min}/s, got ${v}/s`);
    if (opts.max !== undefined && v > opts.max) this.fail(node, `must be at most ${opts.max}/s, got ${v}/s`);
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
  /** Keys an unknown key was reported as a misspelling of: their absence is not reported again. */
  private readonly misspelt = new Set<string>();

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

  /** Records every key not in `allowed`. */
  only(allowed: readonly string[], message: (key: string) => string = (k) => unknownKeyMessage(k, allowed)): void {
    for (const e of this.node.entries) {
      if (allowed.includes(e.key)) continue;
      const meant = didYouMean(e.key, allowed);
      if (meant !== undefined) this.misspelt.add(meant);
      this.r.attempt(() => this.r.fail(e.node, message(e.key)), undefined);
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
    if (v === undefined && this.misspelt.has(key)) this.r.failQuietly(this.at(key));
    if (v === undefined) this.r.fail(this.at(key), `required${hint === '' ? '' : `: ${hint}`}`);
    return v;
  }

  /** Where `key` is, or where it would go (this map's line) when it is absent. */
  at(key: string): Located {
    const e = this.node.entries.find((x) => x.key === key);
    return e !== undefined ? e.node : { path: childPath(this.node.path, key), line: this.node.line };
  }
}
