// Reading a scenario file's text (YAML, or JSON, which YAML reads too) into a small tree of
// maps, lists and scalars where every node knows its field path (`faults[2].target`) and its
// 1-based line: for a map's value, the line of its key; for a list item, the line it starts on.
// Malformed text, duplicate keys, unresolved tags and self-referencing aliases are errors with
// the line they occur on. Aliases are followed (with a cap on the expanded size, so an alias
// bomb fails instead of hanging). Leaves out: multi-document streams, YAML 1.1 merge keys (`<<`),
// and strict JSON syntax (a .json file is read as YAML, so a trailing comma is tolerated; JSON's
// own message is used for a .json file YAML cannot read, when JSON.parse says where).

import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { ScenarioError, show } from './scenario-error.ts';
import { LIMITS } from './limits.ts';
import { formatSize } from './units.ts';

export interface Located {
  /** Field path: `workload.rate`, `faults[2].target`; '' for the document itself. */
  path: string;
  line: number;
}

export interface SourceMap extends Located {
  kind: 'map';
  entries: SourceEntry[];
}

export interface SourceEntry {
  key: string;
  node: SourceNode;
}

export interface SourceSeq extends Located {
  kind: 'seq';
  items: SourceNode[];
}

export interface SourceScalar extends Located {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The text as written, for plain scalars YAML typed as numbers (a name like `2024`). */
  raw: string | undefined;
}

export type SourceNode = SourceMap | SourceSeq | SourceScalar;

export interface SourceDocument {
  /** The top node; null for an empty file. */
  root: SourceNode | null;
  /** Line of the key (or list item) at `path`, or of the nearest enclosing one; 1 for the top. */
  lineOf(path: string): number;
}

/** Most values aliases may add: an honest file's own values are bounded by its size (LIMITS.fileBytes). */
const MAX_ALIASED = 50_000;
const MAX_DEPTH = 64;

export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** The path one level up: `faults[2].target` -> `faults[2]` -> `faults` -> ''. */
export function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut < 0 ? '' : path.slice(0, cut);
}

/** JSON.parse's complaint about `text` and the offset it points at, when it gives one. */
function jsonProblem(text: string): { offset: number; message: string } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const m = /^(.*?) in JSON at position (\d+)/.exec((e as Error).message);
    return m === null ? undefined : { offset: Number(m[2]), message: m[1] };
  }
}

/** The offset a YAML node starts at, when it has a range. */
function startOf(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range ? range[0] : undefined;
}

export function parseSource(text: string, file: string): SourceDocument {
  if (text.length > LIMITS.fileBytes) {
    throw new ScenarioError(file, 1, '(top level)', `the file is ${formatSize(text.length)}; a scenario file is at most ${formatSize(LIMITS.fileBytes)} (docs/limits.md)`);
  }
  const counter = new LineCounter();
  const lineAt = (offset: number): number => counter.linePos(offset).line;
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    throw new ScenarioError(file, 1, 'syntax', `the file could not be read as YAML: ${(e as Error).message}`);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    // YAML's wording suits YAML; a .json file gets JSON's own wording when it can place it.
    const json = file.endsWith('.json') ? jsonProblem(text) : undefined;
    if (json !== undefined) throw new ScenarioError(file, lineAt(json.offset), 'syntax', json.message);
    const line = problem.pos ? lineAt(problem.pos[0]) : 1;
    throw new ScenarioError(file, line, 'syntax', problem.message);
  }

  const lines = new Map<string, number>();
  // Values reached through an alias: an alias bomb multiplies these, an honest file has few.
  let aliased = 0;
  const open = new Set<unknown>();
  const resolved = new Map<unknown, unknown>();

  const fail = (line: number, path: string, message: string): never => {
    throw new ScenarioError(file, line, path === '' ? '(top level)' : path, message);
  };

  const convert = (node: unknown, path: string, line: number, depth: number, viaAlias = false): SourceNode => {
    if (viaAlias && ++aliased > MAX_ALIASED) fail(line, path, `aliases expand to more than ${MAX_ALIASED} values (an alias repeated too often?)`);
    if (depth > MAX_DEPTH) fail(line, path, `values are nested more than ${MAX_DEPTH} levels deep`);
    if (node === null || node === undefined) return { kind: 'scalar', path, line, value: null, raw: undefined };
    if (isAlias(node)) {
      // Alias.resolve searches the whole document, so each alias is resolved once.
      if (!resolved.has(node)) resolved.set(node, node.resolve(doc));
      const target = resolved.get(node);
      if (target === undefined) return fail(line, path, `the alias *${node.source} refers to no anchor`);
      if (open.has(target)) return fail(line, path, `the alias *${node.source} refers to a value that contains it`);
      return convert(target, path, line, depth + 1, true);
    }
    if (isScalar(node)) {
      const v = node.value;
      if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        return fail(line, path, 'unsupported value (expected text, a number, true or false)');
      }
      const raw = node.type === 'PLAIN' ? node.source : undefined;
      return { kind: 'scalar', path, line, value: v as SourceScalar['value'], raw };
    }
    if (isMap(node)) {
      open.add(node);
      const entries: SourceEntry[] = [];
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const k = pair.key;
        const kStart = startOf(k);
        const keyLine = kStart === undefined ? line : lineAt(kStart);
        if (!isScalar(k) || k.value === null || k.value === undefined || typeof k.value === 'object') {
          return fail(keyLine, path, 'every key must be a plain name');
        }
        const key = typeof k.value === 'string' ? k.value : (k.source ?? String(k.value));
        const at = childPath(path, key);
        const first = seen.get(key);
        if (first !== undefined) return fail(keyLine, at, `the key ${show(key)} appears twice (first on line ${first})`);
        seen.set(key, keyLine);
        lines.set(at, keyLine);
        entries.push({ key, node: convert(pair.value, at, keyLine, depth + 1, viaAlias) });
      }
      open.delete(node);
      return { kind: 'map', path, line, entries };
    }
    if (isSeq(node)) {
      open.add(node);
      const items: SourceNode[] = [];
      node.items.forEach((item, i) => {
        const at = itemPath(path, i);
        const start = startOf(item);
        const itemLine = start === undefined ? line : lineAt(start);
        lines.set(at, itemLine);
        items.push(convert(item, at, itemLine, depth + 1, viaAlias));
      });
      open.delete(node);
      return { kind: 'seq', path, line, items };
    }
    return fail(line, path, 'unsupported value');
  };

  const contents = doc.contents;
  // The document itself sits at line 1, the nearest "enclosing key" of a missing top-level key.
  const root = contents === null ? null : convert(contents, '', 1, 0);
  const isEmpty = root === null || (root.kind === 'scalar' && root.value === null);

  return {
    root: isEmpty ? null : root,
    lineOf(path: string): number {
      for (let p = path; p !== ''; p = parentPath(p)) {
        const l = lines.get(p);
        if (l !== undefined) return l;
      }
      return 1;
    },
  };
}
