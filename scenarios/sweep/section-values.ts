// `--set` for the sections that have no typed option declarations: workload, faults (by index:
// `faults.0.for`), cache and region. Their values are put into the file's parsed source tree at
// the key's path (a key the file leaves out is added; a list index must exist), and the tree is
// read again by the scenario loader itself, so a value is parsed, checked across fields and
// worded exactly as in a file (`--set faults.0.for=30s` is `for: 30s` under the first fault).
// Engine options keep their typed path (set-values.ts), applied on top of the result.
// Leaves out: adding or removing list items (a fault), and keys above the sections (`duration`).

import type { LoadedScenario } from '../format/load-scenario.ts';
import { loadSource } from '../format/load-scenario.ts';
import { parseSource, type SourceMap, type SourceNode } from '../format/yaml-source.ts';
import { checkTargets } from '../check-targets.ts';
import type { Assignment } from './combination.ts';
import { SweepInputError } from './input-error.ts';

/** The sections a `--set` key may start with besides `engine`. */
export const SET_SECTIONS = ['workload', 'faults', 'cache', 'region'] as const;

/** Whether `key` sets a value of a section read from the source tree (not a typed engine option). */
export function isSectionKey(key: string): boolean {
  return SET_SECTIONS.some((s) => key.startsWith(`${s}.`));
}

/** The loader's field path of a key: `faults.0.for` -> `faults[0].for`. */
export function fieldPath(key: string): string {
  return key.split('.').reduce((p, seg, i) => (i === 0 ? seg : /^\d+$/.test(seg) ? `${p}[${seg}]` : `${p}.${seg}`), '');
}

/** The value's own tree with every path under `path` (as the loader names a file's fields). */
export function rootedValue(a: Assignment, file: string, path: string, line: number): SourceNode {
  const root = parseSource(a.value, file).root;
  if (root === null) throw new SweepInputError(`--set ${a.key}=${a.value}: no value`);
  const move = (n: SourceNode): SourceNode => {
    const p = n.path === '' ? path : n.path.startsWith('[') ? `${path}${n.path}` : `${path}.${n.path}`;
    if (n.kind === 'map') return { ...n, path: p, line, entries: n.entries.map((e) => ({ ...e, node: move(e.node) })) };
    if (n.kind === 'seq') return { ...n, path: p, line, items: n.items.map(move) };
    return { ...n, path: p, line };
  };
  return move(root);
}

/** `node` with `value` at `segs` below it (copied along the way, the file's tree is left as it was). */
function setAt(a: Assignment, node: SourceNode | undefined, segs: readonly string[], depth: number, path: string, file: string): SourceNode {
  const line = node?.line ?? 1;
  if (depth === segs.length) return rootedValue(a, file, path, line);
  const seg = segs[depth];
  const where = segs.slice(0, depth).join('.');
  if (/^\d+$/.test(seg)) {
    const i = Number(seg);
    if (node === undefined || node.kind !== 'seq') throw new SweepInputError(`--set ${a.key}=${a.value}: ${where} is not a list in the scenario`);
    if (i >= node.items.length) {
      throw new SweepInputError(`--set ${a.key}=${a.value}: ${where} has ${node.items.length} item${node.items.length === 1 ? '' : 's'} (indexes from 0), no ${seg}`);
    }
    const items = node.items.slice();
    items[i] = setAt(a, items[i], segs, depth + 1, `${path}[${i}]`, file);
    return { ...node, items };
  }
  const childPath = path === '' ? seg : `${path}.${seg}`;
  if (node !== undefined && node.kind !== 'map') throw new SweepInputError(`--set ${a.key}=${a.value}: ${where} is not a mapping in the scenario`);
  // A cache the file leaves out cannot be set key by key: it needs its type and more.
  if (depth === 1 && node === undefined && segs[0] === 'cache') throw new SweepInputError(`--set ${a.key}=${a.value}: the scenario has no ${where} section`);
  const map: SourceMap = node ?? { kind: 'map', path, line, entries: [] };
  const at = map.entries.findIndex((e) => e.key === seg);
  const entries = map.entries.slice();
  const child = setAt(a, at < 0 ? undefined : entries[at].node, segs, depth + 1, childPath, file);
  if (at < 0) entries.push({ key: seg, node: child });
  else entries[at] = { key: seg, node: child };
  return { ...map, entries };
}

/**
 * The file's text loaded with the section values of `combo` in its tree (the engine options
 * are left to set-values.ts). Throws ScenarioError (a field of the file's) or SweepInputError.
 */
export function loadWithSectionValues(text: string, file: string, combo: readonly Assignment[], seedOverride?: number): LoadedScenario {
  const source = parseSource(text, file);
  let root = source.root;
  for (const a of combo) {
    const segs = a.key.split('.');
    if (segs.some((s) => s === '')) throw new SweepInputError(`--set ${a.key}=${a.value}: a key has no empty parts (faults.0.for)`);
    root = setAt(a, root ?? undefined, segs, 0, '', file);
  }
  const loaded = loadSource({ root, lineOf: source.lineOf }, file, { seedOverride });
  checkTargets(loaded);
  return loaded;
}
